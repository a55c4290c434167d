import { expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, present, undecided, loc, manualMsg } from '../cloud-shared/resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';

/** A pipeline whose one step runs with the given CreateTrainingJob / CreateProcessingJob arguments. */
const pipeline = (type: 'Training' | 'Processing', args: string) => `resource "aws_sagemaker_pipeline" "p" {
  pipeline_name         = "train-triage"
  pipeline_display_name = "train-triage"
  role_arn              = "arn:aws:iam::123456789012:role/sm"
  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "step"
      Type = "${type}"
      Arguments = {
${args}
      }
    }]
  })
}
`;
const dq = (extra: string) => `resource "aws_sagemaker_data_quality_job_definition" "q" {
  name     = "quality"
  role_arn = "arn:aws:iam::123456789012:role/sm"
  data_quality_app_specification { image_uri = "img@sha256:1" }
  data_quality_job_input {
    endpoint_input { endpoint_name = "triage" }
  }
  data_quality_job_output_config {
    monitoring_outputs {
      s3_output { s3_uri = "s3://out/q" }
    }
${extra.includes('output_kms') ? '    kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/o"\n' : ''}  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
${extra.includes('volume_kms') ? '      volume_kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/v"\n' : ''}    }
  }
${extra.includes('isolation') ? `  network_config {\n    enable_network_isolation = true\n${extra.includes('plain') ? '' : '    enable_inter_container_traffic_encryption = true\n'}  }\n` : ''}}
`;

function bothKeys(r: Parameters<Parameters<typeof iacRule>[0]['check']>[0], paths: [string, string], what: string): RuleVerdict {
  const vals = paths.map((p) => get(r.attributes, p));
  const open = vals.find(undecided);
  if (open) return { status: 'manual', message: manualMsg(r, what, open), location: loc(r, paths[0]) };
  const missing = paths.filter((_, i) => !present(vals[i]));
  return missing.length ? { status: 'fail', message: `${r.address}: ${what} not set (${missing.join(', ')})`, location: loc(r, paths[0]) } : { status: 'pass', message: `${r.address}: ${what} set`, location: loc(r, paths[0]) };
}

/** SageMaker training/processing jobs (as pipeline steps), monitoring jobs and human-review flows (Prowler sagemaker_training_jobs_*; Checkov CKV_AWS_367-372). */
export const sagemakerJobRules = [
  iacRule({
    id: 'sagemaker_training_job_network_isolation_enabled',
    title: 'SageMaker training jobs run with network isolation',
    severity: 'medium',
    category: 'exposure',
    risk: 'A training container with network access can leak training data or pull in poisoned artefacts at run time.',
    remediation: 'Set EnableNetworkIsolation: true in the training step arguments.',
    frameworks: FW.isolation,
    types: ['aws_sagemaker_training_job'],
    check: (r) => expectAttr(r, 'enable_network_isolation', { dflt: false, what: 'EnableNetworkIsolation', ok: (v) => v === true, fail: 'the training container can make outbound calls', pass: 'network isolation enabled' }),
    examples: { pass: [tf('isolated', pipeline('Training', '        EnableNetworkIsolation = true'))], fail: [tf('default', pipeline('Training', '        EnableNetworkIsolation = false'))] },
  }),
  iacRule({
    id: 'sagemaker_training_job_inter_container_encryption_enabled',
    title: 'SageMaker distributed training encrypts traffic between containers',
    severity: 'low',
    category: 'encryption',
    risk: 'Distributed training exchanges gradients and data between instances in clear text unless inter-container encryption is on.',
    remediation: 'Set EnableInterContainerTrafficEncryption: true in the training step arguments.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_training_job'],
    check: (r) => expectAttr(r, 'enable_inter_container_traffic_encryption', { dflt: false, what: 'EnableInterContainerTrafficEncryption', ok: (v) => v === true, fail: 'traffic between training containers is not encrypted', pass: 'inter-container traffic encrypted' }),
    examples: { pass: [tf('on', pipeline('Training', '        EnableInterContainerTrafficEncryption = true'))], fail: [tf('off', pipeline('Training', '        EnableNetworkIsolation = true'))] },
  }),
  iacRule({
    id: 'sagemaker_training_job_volume_and_output_encrypted',
    title: 'SageMaker training jobs encrypt volumes and output with KMS',
    severity: 'medium',
    category: 'encryption',
    risk: 'Training volumes and output hold the data and the trained weights; without customer-managed keys they cannot be governed by key policy.',
    remediation: 'Set ResourceConfig.VolumeKmsKeyId and OutputDataConfig.KmsKeyId in the training step arguments.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_training_job'],
    check: (r) => bothKeys(r, ['resource_config.volume_kms_key_id', 'output_data_config.kms_key_id'], 'volume and output KMS keys'),
    examples: {
      pass: [tf('both', pipeline('Training', '        ResourceConfig = { VolumeKmsKeyId = "k1", InstanceCount = 1 }\n        OutputDataConfig = { KmsKeyId = "k2", S3OutputPath = "s3://out/" }'))],
      fail: [tf('none', pipeline('Training', '        OutputDataConfig = { S3OutputPath = "s3://out/" }'))],
    },
  }),
  iacRule({
    id: 'sagemaker_training_job_in_vpc',
    title: 'SageMaker training jobs run in a VPC',
    severity: 'low',
    category: 'exposure',
    risk: 'Training outside a VPC cannot use VPC endpoints, security groups or flow logs to limit and watch where data goes.',
    remediation: 'Set VpcConfig (subnets and security groups) in the training step arguments.',
    frameworks: FW.isolation,
    types: ['aws_sagemaker_training_job'],
    check: (r) => expectAttr(r, 'vpc_config', { what: 'VpcConfig', ok: present, fail: 'the training job has no VPC configuration', pass: 'runs in a VPC' }),
    examples: { pass: [tf('vpc', pipeline('Training', '        VpcConfig = { Subnets = ["subnet-1"], SecurityGroupIds = ["sg-1"] }'))], fail: [tf('no vpc', pipeline('Training', '        EnableNetworkIsolation = true'))] },
  }),
  iacRule({
    id: 'sagemaker_processing_job_network_isolation_enabled',
    title: 'SageMaker processing jobs run with network isolation',
    severity: 'medium',
    category: 'exposure',
    risk: 'Processing jobs read raw training data; with network access a compromised container can send it anywhere.',
    remediation: 'Set NetworkConfig.EnableNetworkIsolation: true in the processing step arguments.',
    frameworks: FW.isolation,
    types: ['aws_sagemaker_processing_job'],
    check: (r) => expectAttr(r, 'network_config.enable_network_isolation', { dflt: false, what: 'NetworkConfig.EnableNetworkIsolation', ok: (v) => v === true, fail: 'the processing container can make outbound calls', pass: 'network isolation enabled' }),
    examples: { pass: [tf('isolated', pipeline('Processing', '        NetworkConfig = { EnableNetworkIsolation = true }'))], fail: [tf('default', pipeline('Processing', '        AppSpecification = { ImageUri = "img" }'))] },
  }),
  iacRule({
    id: 'sagemaker_processing_job_volume_encrypted',
    title: 'SageMaker processing jobs encrypt their volumes with KMS',
    severity: 'low',
    category: 'encryption',
    risk: 'Processing volumes hold copies of raw data; without a customer-managed key they cannot be governed by key policy.',
    remediation: 'Set ProcessingResources.ClusterConfig.VolumeKmsKeyId in the processing step arguments.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_processing_job'],
    check: (r) => expectAttr(r, 'processing_resources.cluster_config.volume_kms_key_id', { what: 'VolumeKmsKeyId', ok: present, fail: 'the processing volume is not encrypted with a customer-managed key', pass: 'volume encrypted' }),
    examples: { pass: [tf('kms', pipeline('Processing', '        ProcessingResources = { ClusterConfig = { VolumeKmsKeyId = "k", InstanceCount = 1 } }'))], fail: [tf('none', pipeline('Processing', '        ProcessingResources = { ClusterConfig = { InstanceCount = 1 } }'))] },
  }),
  iacRule({
    id: 'sagemaker_data_quality_job_definition_network_isolation_enabled',
    version: '1.1.0',
    title: 'SageMaker model-monitoring jobs run with network isolation',
    severity: 'low',
    category: 'exposure',
    risk: 'Monitoring jobs read captured inference data; a job with network access can send it anywhere.',
    remediation: 'Add network_config with enable_network_isolation set to true.',
    remediationCode: { terraform: 'network_config {\n  enable_network_isolation = true\n}' },
    frameworks: FW.isolation,
    types: ['aws_sagemaker_data_quality_job_definition'],
    check: (r) => expectAttr(r, 'network_config.enable_network_isolation', { dflt: false, what: 'network isolation', ok: (v) => v === true, fail: 'the monitoring job is not network-isolated', pass: 'network isolation enabled' }),
    examples: { pass: [tf('isolated', dq('isolation'))], fail: [tf('default', dq(''))] },
  }),
  // Its own rule: the isolation rule's title once promised this too, but only isolation was read,
  // so an isolated job sending captured inference data between containers in clear passed.
  iacRule({
    id: 'sagemaker_data_quality_job_definition_inter_container_traffic_encrypted',
    title: 'SageMaker model-monitoring jobs encrypt traffic between their containers',
    severity: 'low',
    category: 'encryption',
    risk: 'A distributed monitoring job passes captured inference data between instances; unencrypted, it can be read on the network.',
    remediation: 'Set network_config.enable_inter_container_traffic_encryption to true.',
    remediationCode: { terraform: 'network_config {\n  enable_inter_container_traffic_encryption = true\n}' },
    frameworks: FW.encryption,
    types: ['aws_sagemaker_data_quality_job_definition'],
    check: (r) => expectAttr(r, 'network_config.enable_inter_container_traffic_encryption', { dflt: false, what: 'inter-container traffic encryption', ok: (v) => v === true, fail: 'traffic between the monitoring job\'s containers is not encrypted (the default)', pass: 'inter-container traffic encrypted' }),
    examples: { pass: [tf('encrypted', dq('isolation'))], fail: [tf('default', dq('')), tf('isolated but clear', dq('isolation plain'))] },
  }),
  iacRule({
    id: 'sagemaker_data_quality_job_definition_encrypted',
    title: 'SageMaker model-monitoring jobs encrypt volumes and output with KMS',
    severity: 'low',
    category: 'encryption',
    risk: 'Monitoring output contains samples of inference traffic; without customer-managed keys it cannot be governed by key policy.',
    remediation: 'Set job_resources.cluster_config.volume_kms_key_id and data_quality_job_output_config.kms_key_id.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_data_quality_job_definition'],
    check: (r) => bothKeys(r, ['job_resources.cluster_config.volume_kms_key_id', 'data_quality_job_output_config.kms_key_id'], 'volume and output KMS keys'),
    examples: { pass: [tf('both', dq('volume_kms output_kms'))], fail: [tf('none', dq(''))] },
  }),
  iacRule({
    id: 'sagemaker_flow_definition_output_encrypted',
    title: 'SageMaker human-review flow output is encrypted with KMS',
    severity: 'low',
    category: 'encryption',
    risk: 'Human-review (A2I) output holds the reviewed model inputs, often personal data.',
    remediation: 'Set output_config.kms_key_id on the flow definition.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_flow_definition'],
    check: (r) => expectAttr(r, 'output_config.kms_key_id', { what: 'output_config.kms_key_id', ok: present, fail: 'review output is not encrypted with a customer-managed key', pass: 'output encrypted' }),
    examples: {
      pass: [tf('kms', `resource "aws_sagemaker_flow_definition" "f" {\n  flow_definition_name = "review"\n  role_arn = "arn:aws:iam::123456789012:role/sm"\n  human_loop_config {\n    task_title = "t"\n  }\n  output_config {\n    s3_output_path = "s3://out/"\n    kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/x"\n  }\n}\n`)],
      fail: [tf('none', `resource "aws_sagemaker_flow_definition" "f" {\n  flow_definition_name = "review"\n  role_arn = "arn:aws:iam::123456789012:role/sm"\n  human_loop_config {\n    task_title = "t"\n  }\n  output_config {\n    s3_output_path = "s3://out/"\n  }\n}\n`)],
    },
  }),
];
