import type { AssetKind } from '../../../core/vocabulary.js';

/** How a canonical resource type becomes an asset: its kind and the attribute that names it. */
export interface CatalogEntry {
  kind: AssetKind;
  /** Attribute holding the resource's own name; the address is used when absent or unknown. */
  nameAttr?: string;
}

/**
 * The canonical resource types aispm understands. Types missing here are counted as unknown
 * (stats), not fatal; companion types (policies, attachments, access blocks) are folded into the
 * resource they configure by `link.ts` and are listed in {@link COMPANION_TYPES}.
 */
export const CATALOG: Record<string, CatalogEntry> = {
  // AWS SageMaker
  aws_sagemaker_notebook_instance: { kind: 'notebook', nameAttr: 'name' },
  aws_sagemaker_domain: { kind: 'ai-service', nameAttr: 'domain_name' },
  aws_sagemaker_user_profile: { kind: 'identity', nameAttr: 'user_profile_name' },
  aws_sagemaker_model: { kind: 'ai-model', nameAttr: 'name' },
  aws_sagemaker_endpoint_configuration: { kind: 'inference-endpoint', nameAttr: 'name' },
  aws_sagemaker_endpoint: { kind: 'inference-endpoint', nameAttr: 'name' },
  aws_sagemaker_training_job: { kind: 'training-job', nameAttr: 'training_job_name' },
  aws_sagemaker_processing_job: { kind: 'training-job', nameAttr: 'processing_job_name' },
  aws_sagemaker_pipeline: { kind: 'training-job', nameAttr: 'pipeline_name' },
  aws_sagemaker_feature_group: { kind: 'dataset', nameAttr: 'feature_group_name' },
  aws_sagemaker_model_package_group: { kind: 'ai-model', nameAttr: 'model_package_group_name' },
  aws_sagemaker_data_quality_job_definition: { kind: 'training-job', nameAttr: 'name' },
  aws_sagemaker_flow_definition: { kind: 'workload', nameAttr: 'flow_definition_name' },
  aws_sagemaker_space: { kind: 'notebook', nameAttr: 'space_name' },
  // AWS Bedrock
  aws_bedrock_platform: { kind: 'ai-service', nameAttr: 'name' },
  aws_bedrockagent_agent: { kind: 'agent', nameAttr: 'agent_name' },
  aws_bedrockagent_knowledge_base: { kind: 'vector-store', nameAttr: 'name' },
  aws_bedrockagent_data_source: { kind: 'dataset', nameAttr: 'name' },
  aws_bedrock_guardrail: { kind: 'guardrail', nameAttr: 'name' },
  aws_bedrock_custom_model: { kind: 'ai-model', nameAttr: 'custom_model_name' },
  aws_bedrock_provisioned_model_throughput: { kind: 'inference-endpoint', nameAttr: 'provisioned_model_name' },
  aws_bedrockagentcore_agent_runtime: { kind: 'agent', nameAttr: 'agent_runtime_name' },
  // A flow chains prompts, agents and knowledge bases: agentic, and it holds what passes through it.
  aws_bedrockagent_flow: { kind: 'agent', nameAttr: 'name' },
  aws_opensearchserverless_collection: { kind: 'vector-store', nameAttr: 'name' },
  // AWS Comprehend custom models (trained on the customer's documents)
  aws_comprehend_entity_recognizer: { kind: 'ai-model', nameAttr: 'name' },
  aws_comprehend_document_classifier: { kind: 'ai-model', nameAttr: 'name' },
  // AWS storage and identity
  aws_s3_bucket: { kind: 'storage', nameAttr: 'bucket' },
  aws_iam_role: { kind: 'identity', nameAttr: 'name' },
  aws_iam_user: { kind: 'identity', nameAttr: 'name' },
  // Azure
  azurerm_cognitive_account: { kind: 'ai-service', nameAttr: 'name' },
  azurerm_ai_services: { kind: 'ai-service', nameAttr: 'name' },
  azurerm_cognitive_deployment: { kind: 'ai-model', nameAttr: 'name' },
  azurerm_cognitive_account_rai_policy: { kind: 'guardrail', nameAttr: 'name' },
  azurerm_machine_learning_workspace: { kind: 'ai-service', nameAttr: 'name' },
  azurerm_ai_foundry: { kind: 'ai-service', nameAttr: 'name' },
  azurerm_machine_learning_compute_instance: { kind: 'notebook', nameAttr: 'name' },
  azurerm_machine_learning_compute_cluster: { kind: 'workload', nameAttr: 'name' },
  azurerm_search_service: { kind: 'vector-store', nameAttr: 'name' },
  azurerm_storage_account: { kind: 'storage', nameAttr: 'name' },
  azurerm_storage_container: { kind: 'storage', nameAttr: 'name' },
  azurerm_key_vault: { kind: 'storage', nameAttr: 'name' },
  azurerm_user_assigned_identity: { kind: 'identity', nameAttr: 'name' },
  // GCP
  google_vertex_ai_endpoint: { kind: 'inference-endpoint', nameAttr: 'display_name' },
  google_vertex_ai_index_endpoint: { kind: 'vector-store', nameAttr: 'display_name' },
  google_vertex_ai_index: { kind: 'vector-store', nameAttr: 'display_name' },
  google_vertex_ai_dataset: { kind: 'dataset', nameAttr: 'display_name' },
  google_vertex_ai_featurestore: { kind: 'dataset', nameAttr: 'name' },
  google_vertex_ai_metadata_store: { kind: 'ai-service', nameAttr: 'name' },
  google_vertex_ai_tensorboard: { kind: 'workload', nameAttr: 'display_name' },
  google_workbench_instance: { kind: 'notebook', nameAttr: 'name' },
  google_notebooks_instance: { kind: 'notebook', nameAttr: 'name' },
  google_colab_runtime_template: { kind: 'notebook', nameAttr: 'display_name' },
  google_colab_runtime: { kind: 'notebook', nameAttr: 'display_name' },
  google_storage_bucket: { kind: 'storage', nameAttr: 'name' },
  google_service_account: { kind: 'identity', nameAttr: 'account_id' },
  google_apikeys_key: { kind: 'identity', nameAttr: 'name' },
};

/** Types folded into another resource (they configure it) rather than becoming assets. */
export const COMPANION_TYPES = new Set([
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_logging',
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy',
  'aws_iam_user_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_policy_document',
  'aws_kms_key',
  'aws_vpc_endpoint',
  'aws_cloudtrail',
  'aws_bedrock_model_invocation_logging_configuration',
  'aws_bedrockagent_agent_knowledge_base_association',
  'aws_opensearchserverless_security_policy',
  'aws_opensearchserverless_access_policy',
  'aws_sagemaker_model_package_group_policy',
  'azurerm_private_endpoint',
  'azurerm_role_assignment',
  'azurerm_cognitive_account_customer_managed_key',
  'google_project_iam_member',
  'google_project_iam_binding',
  'google_storage_bucket_iam_member',
  'google_storage_bucket_iam_binding',
  'google_service_account_key',
  'aws_iam_service_specific_credential',
]);

/** True for types that mean "this code uses SageMaker or Bedrock", which creates the account-level platform asset. */
export function isAwsAiType(type: string): boolean {
  return /^aws_(sagemaker|bedrock)/.test(type);
}
