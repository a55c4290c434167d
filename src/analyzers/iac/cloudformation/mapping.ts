import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';
import { attr, list, parseJsonText } from '../shared/attrs.js';

type O = { [k: string]: JsonValue };

/**
 * CloudFormation types → canonical (Terraform) types, with the attribute renames that differ
 * after PascalCase → snake_case. Keys left out keep their snake_case name, which for most
 * properties already is the Terraform attribute (`DirectInternetAccess` → `direct_internet_access`).
 */
export const CFN_TYPES: Record<string, { type: string; rename?: Record<string, string>; fix?: (a: O) => void }> = {
  'AWS::SageMaker::NotebookInstance': { type: 'aws_sagemaker_notebook_instance', rename: { notebook_instance_name: 'name', security_group_ids: 'security_groups' } },
  'AWS::SageMaker::Domain': { type: 'aws_sagemaker_domain' },
  'AWS::SageMaker::UserProfile': { type: 'aws_sagemaker_user_profile' },
  'AWS::SageMaker::Model': { type: 'aws_sagemaker_model', rename: { model_name: 'name', containers: 'container' } },
  'AWS::SageMaker::EndpointConfig': { type: 'aws_sagemaker_endpoint_configuration', rename: { endpoint_config_name: 'name', kms_key_id: 'kms_key_arn' } },
  'AWS::SageMaker::Endpoint': { type: 'aws_sagemaker_endpoint', rename: { endpoint_name: 'name' } },
  'AWS::SageMaker::Pipeline': {
    type: 'aws_sagemaker_pipeline',
    fix: (a) => {
      const body = attr(a, 'pipeline_definition.pipeline_definition_body');
      if (body !== undefined) a.pipeline_definition = parseJsonText(body) ?? null;
    },
  },
  'AWS::SageMaker::FeatureGroup': { type: 'aws_sagemaker_feature_group' },
  'AWS::SageMaker::ModelPackageGroup': { type: 'aws_sagemaker_model_package_group', rename: { model_package_group_policy: 'resource_policy' } },
  'AWS::SageMaker::DataQualityJobDefinition': { type: 'aws_sagemaker_data_quality_job_definition', rename: { job_definition_name: 'name' } },
  'AWS::SageMaker::Space': { type: 'aws_sagemaker_space' },
  'AWS::Bedrock::Agent': { type: 'aws_bedrockagent_agent', rename: { idle_session_ttlin_seconds: 'idle_session_ttl_in_seconds', idle_session_ttl_in_seconds: 'idle_session_ttl_in_seconds' } },
  'AWS::Bedrock::KnowledgeBase': { type: 'aws_bedrockagent_knowledge_base' },
  'AWS::Bedrock::DataSource': { type: 'aws_bedrockagent_data_source' },
  'AWS::Bedrock::Guardrail': { type: 'aws_bedrock_guardrail' },
  'AWS::Bedrock::Flow': { type: 'aws_bedrockagent_flow' },
  'AWS::Comprehend::DocumentClassifier': { type: 'aws_comprehend_document_classifier', rename: { document_classifier_name: 'name' } },
  'AWS::S3::Bucket': {
    type: 'aws_s3_bucket',
    rename: { bucket_name: 'bucket', public_access_block_configuration: 'public_access_block', logging_configuration: 'logging' },
    fix: (a) => {
      const enc = attr(a, 'bucket_encryption.server_side_encryption_configuration');
      if (enc !== undefined) a.server_side_encryption_configuration = { rule: list(enc).map((r) => ({ apply_server_side_encryption_by_default: attr(r, 'server_side_encryption_by_default') ?? null, bucket_key_enabled: attr(r, 'bucket_key_enabled') ?? null })) };
      delete a.bucket_encryption;
      const vs = attr(a, 'versioning_configuration.status');
      if (vs !== undefined) a.versioning = { enabled: vs === 'Enabled' };
      const acl = a.access_control;
      if (typeof acl === 'string') a.acl = acl.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      const pab = a.public_access_block;
      if (pab && typeof pab === 'object' && !Array.isArray(pab) && !isUnknown(pab)) {
        const p = pab as O;
        a.public_access_block = { block_public_acls: p.block_public_acls ?? false, block_public_policy: p.block_public_policy ?? false, ignore_public_acls: p.ignore_public_acls ?? false, restrict_public_buckets: p.restrict_public_buckets ?? false };
      }
    },
  },
  'AWS::S3::BucketPolicy': { type: 'aws_s3_bucket_policy', rename: { policy_document: 'policy' } },
  'AWS::IAM::Role': {
    type: 'aws_iam_role',
    rename: { role_name: 'name', assume_role_policy_document: 'assume_role_policy' },
    fix: (a) => {
      if (a.policies !== undefined) a.inline_policy = list(a.policies).map((p) => ({ name: attr(p, 'policy_name') ?? null, policy: attr(p, 'policy_document') ?? null }));
      delete a.policies;
    },
  },
  'AWS::IAM::User': {
    type: 'aws_iam_user',
    rename: { user_name: 'name' },
    fix: (a) => {
      if (a.policies !== undefined) a.inline_policy = list(a.policies).map((p) => ({ name: attr(p, 'policy_name') ?? null, policy: attr(p, 'policy_document') ?? null }));
      delete a.policies;
    },
  },
  'AWS::IAM::ManagedPolicy': { type: 'aws_iam_policy', rename: { policy_document: 'policy', managed_policy_name: 'name' } },
  'AWS::IAM::Policy': { type: 'aws_iam_policy', rename: { policy_document: 'policy', policy_name: 'name' } },
  // Inline policies declared as their own resources: folded into the role / user like Terraform's.
  'AWS::IAM::RolePolicy': { type: 'aws_iam_role_policy', rename: { policy_document: 'policy', policy_name: 'name', role_name: 'role' } },
  'AWS::IAM::UserPolicy': { type: 'aws_iam_user_policy', rename: { policy_document: 'policy', policy_name: 'name', user_name: 'user' } },
  'AWS::KMS::Key': { type: 'aws_kms_key', rename: { key_policy: 'policy' } },
  'AWS::EC2::VPCEndpoint': { type: 'aws_vpc_endpoint', rename: { policy_document: 'policy' } },
  'AWS::CloudTrail::Trail': { type: 'aws_cloudtrail', rename: { is_multi_region_trail: 'is_multi_region_trail', enable_log_file_validation: 'enable_log_file_validation', k_m_s_key_id: 'kms_key_id', kms_key_id: 'kms_key_id' } },
  'AWS::OpenSearchServerless::Collection': { type: 'aws_opensearchserverless_collection' },
  'AWS::OpenSearchServerless::SecurityPolicy': { type: 'aws_opensearchserverless_security_policy' },
};
