import type { RuleVerdict } from '../../engine/define-rule.js';
import { cfn, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { getAll, loc, present, undecided } from '../cloud-shared/resource.js';

const model = (extra: string) => `resource "aws_sagemaker_model" "m" {\n  name               = "acme-triage-llm"\n  execution_role_arn = "arn:aws:iam::123456789012:role/sm"\n  primary_container {\n    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0f3c"\n  }\n${extra}}\n`;
const cfg = (extra: string, count = 1) => `resource "aws_sagemaker_endpoint_configuration" "c" {\n  name = "triage"\n  production_variants {\n    variant_name           = "main"\n    model_name             = "acme-triage-llm"\n    initial_instance_count = ${count}\n    instance_type          = "ml.g5.xlarge"\n  }\n${extra}}\n`;
const cfgCfn = (extra: string) => `  Config:\n    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants:\n        - VariantName: main\n          ModelName: acme-triage-llm\n          InitialInstanceCount: 2\n          InstanceType: ml.g5.xlarge\n${extra}`;
const domain = (extra: string) => `resource "aws_sagemaker_domain" "d" {\n  domain_name = "research"\n  auth_mode   = "IAM"\n  vpc_id      = "vpc-1"\n  subnet_ids  = ["subnet-1"]\n  default_user_settings {\n    execution_role = "arn:aws:iam::123456789012:role/sm"\n  }\n${extra}}\n`;

/** SageMaker domains, models and endpoint configurations (Prowler sagemaker_models_*, sagemaker_endpoint_config_*; Checkov CKV_AWS_98/187). */
export const sagemakerServingRules = [
  iacRule({
    id: 'sagemaker_domain_vpc_only_network_access',
    title: 'SageMaker domains route Studio traffic through the VPC only',
    severity: 'high',
    category: 'exposure',
    risk: 'With PublicInternetOnly, Studio apps get direct internet access that bypasses VPC controls, so data and credentials can leave unmonitored.',
    remediation: 'Set app_network_access_type to "VpcOnly" and provide VPC endpoints for the services Studio needs.',
    remediationCode: { terraform: 'app_network_access_type = "VpcOnly"' },
    frameworks: FW.exposure,
    types: ['aws_sagemaker_domain'],
    check: (r) => expectAttr(r, 'app_network_access_type', { dflt: 'PublicInternetOnly', what: 'app_network_access_type', ok: (v) => v === 'VpcOnly', fail: 'Studio apps have direct internet access (PublicInternetOnly, the default)', pass: 'VPC-only network access' }),
    examples: { pass: [tf('vpc only', domain('  app_network_access_type = "VpcOnly"\n'))], fail: [tf('default public', domain(''))] },
  }),
  iacRule({
    id: 'sagemaker_domain_encrypted_with_kms',
    title: 'SageMaker domain storage is encrypted with a customer-managed KMS key',
    severity: 'medium',
    category: 'encryption',
    risk: 'The domain EFS volume holds every user’s notebooks and data; without a customer-managed key access cannot be revoked by key policy.',
    remediation: 'Set kms_key_id on the domain.',
    remediationCode: { terraform: 'kms_key_id = aws_kms_key.sagemaker.arn' },
    frameworks: FW.encryption,
    types: ['aws_sagemaker_domain'],
    check: (r) => expectAttr(r, 'kms_key_id', { what: 'kms_key_id', ok: present, fail: 'the domain volume is not encrypted with a customer-managed key', pass: 'domain storage encrypted with KMS' }),
    examples: { pass: [tf('kms', domain('  kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"\n'))], fail: [tf('no kms', domain(''))] },
  }),
  iacRule({
    id: 'sagemaker_model_network_isolation_enabled',
    title: 'SageMaker models run with network isolation',
    severity: 'medium',
    category: 'exposure',
    risk: 'A model container with network access can exfiltrate inference data or call out to an attacker if its image or weights are compromised.',
    remediation: 'Set enable_network_isolation = true on the model.',
    remediationCode: { terraform: 'enable_network_isolation = true', cloudformation: 'EnableNetworkIsolation: true' },
    frameworks: FW.isolation,
    types: ['aws_sagemaker_model'],
    check: (r) => expectAttr(r, 'enable_network_isolation', { dflt: false, what: 'enable_network_isolation', ok: (v) => v === true, fail: 'the model container can make outbound network calls', pass: 'network isolation enabled' }),
    examples: {
      pass: [tf('isolated', model('  enable_network_isolation = true\n')), cfn('cfn isolated', `  Model:\n    Type: AWS::SageMaker::Model\n    Properties:\n      ExecutionRoleArn: arn:aws:iam::123456789012:role/sm\n      EnableNetworkIsolation: true\n      PrimaryContainer:\n        Image: llm@sha256:0f3c\n`)],
      fail: [tf('default', model('')), cfn('cfn default', `  Model:\n    Type: AWS::SageMaker::Model\n    Properties:\n      ExecutionRoleArn: arn:aws:iam::123456789012:role/sm\n      PrimaryContainer:\n        Image: llm@sha256:0f3c\n`)],
    },
  }),
  iacRule({
    id: 'sagemaker_model_in_vpc',
    title: 'SageMaker models are attached to a VPC',
    severity: 'low',
    category: 'exposure',
    risk: 'Without a VPC configuration the model container’s traffic cannot be restricted by security groups or VPC endpoints.',
    remediation: 'Add a vpc_config block with private subnets and security groups.',
    remediationCode: { terraform: 'vpc_config {\n  subnets            = [aws_subnet.private.id]\n  security_group_ids = [aws_security_group.model.id]\n}' },
    frameworks: FW.isolation,
    types: ['aws_sagemaker_model'],
    check: (r) => expectAttr(r, 'vpc_config', { what: 'vpc_config', ok: present, fail: 'the model has no VPC configuration', pass: 'the model runs in a VPC' }),
    examples: { pass: [tf('vpc', model('  vpc_config {\n    subnets = ["subnet-1"]\n    security_group_ids = ["sg-1"]\n  }\n'))], fail: [tf('no vpc', model(''))] },
  }),
  iacRule({
    id: 'sagemaker_model_image_pinned_by_digest',
    title: 'SageMaker model containers are pinned by image digest',
    severity: 'low',
    category: 'supply-chain',
    risk: 'A tag can be moved to a different image; the endpoint then serves code nobody reviewed.',
    remediation: 'Reference the inference image by digest (`image@sha256:…`).',
    frameworks: FW.supplyChain,
    types: ['aws_sagemaker_model'],
    check: (r) => {
      const images = [...getAll(r.attributes, 'primary_container.image'), ...getAll(r.attributes, 'container.image')];
      if (!images.length) return undefined;
      return images.map((img): RuleVerdict => {
        if (undecided(img)) return { status: 'manual', message: `${r.address}: the image is set by \`${img.$unknown}\``, location: loc(r, 'primary_container.image') };
        const ok = typeof img !== 'string' || img.includes('@sha256:');
        return { status: ok ? 'pass' : 'fail', message: `${r.address}: image ${typeof img === 'string' ? img : '(reference)'} ${ok ? 'is pinned by digest' : 'is referenced by a movable tag'}`, location: loc(r, 'primary_container.image'), evidenceKey: String(typeof img === 'string' ? img : 'ref') };
      });
    },
    examples: { pass: [tf('digest', model(''))], fail: [tf('tag', model('').replace('llm@sha256:0f3c', 'llm:latest'))] },
  }),
  iacRule({
    id: 'sagemaker_endpoint_configuration_encrypted_with_kms',
    title: 'SageMaker endpoint configurations encrypt attached storage with a customer-managed KMS key',
    severity: 'medium',
    category: 'encryption',
    risk: 'Endpoint instance volumes hold model weights and captured request data; without a customer-managed key access cannot be governed by key policy.',
    remediation: 'Set kms_key_arn on the endpoint configuration.',
    remediationCode: { terraform: 'kms_key_arn = aws_kms_key.sagemaker.arn', cloudformation: 'KmsKeyId: !Ref SageMakerKey' },
    frameworks: FW.encryption,
    types: ['aws_sagemaker_endpoint_configuration'],
    check: (r) => expectAttr(r, 'kms_key_arn', { dflt: r.attributes.kms_key_id ?? null, what: 'kms_key_arn', ok: present, fail: 'endpoint storage is not encrypted with a customer-managed key', pass: 'endpoint storage encrypted with KMS' }),
    examples: { pass: [tf('kms', cfg('  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abc"\n')), cfn('cfn kms', cfgCfn('      KmsKeyId: arn:aws:kms:us-east-1:123456789012:key/abc\n'))], fail: [tf('no kms', cfg('')), cfn('cfn no kms', cfgCfn(''))] },
  }),
  iacRule({
    id: 'sagemaker_endpoint_configuration_multiple_instances',
    title: 'SageMaker endpoint production variants run more than one instance',
    severity: 'low',
    category: 'governance',
    risk: 'A single instance is a single point of failure for the model service; one AZ outage or instance failure takes it down.',
    remediation: 'Set initial_instance_count to 2 or more for each production variant (or use serverless inference).',
    frameworks: FW.availability,
    types: ['aws_sagemaker_endpoint_configuration'],
    check: (r) =>
      getAll(r.attributes, 'production_variants').map((pv, i): RuleVerdict => {
        const n = (pv as Record<string, unknown>)?.initial_instance_count;
        const serverless = (pv as Record<string, unknown>)?.serverless_config !== undefined;
        if (undecided(n as never)) return { status: 'manual', message: `${r.address}: instance count is set by a variable`, location: loc(r, 'production_variants.initial_instance_count'), evidenceKey: String(i) };
        const ok = serverless || Number(n ?? 1) > 1;
        return { status: ok ? 'pass' : 'fail', message: `${r.address}: production variant ${i + 1} ${ok ? 'has redundancy' : 'runs on a single instance'}`, location: loc(r, 'production_variants.initial_instance_count'), evidenceKey: String(i) };
      }),
    examples: { pass: [tf('two', cfg('', 2))], fail: [tf('one', cfg('', 1))] },
  }),
  iacRule({
    id: 'sagemaker_endpoint_configuration_data_capture_enabled',
    title: 'SageMaker endpoint configurations capture inference requests and responses',
    severity: 'low',
    category: 'logging',
    risk: 'Without data capture there is no record of what the model was asked and answered, so abuse, prompt injection and model drift go unnoticed.',
    remediation: 'Add a data_capture_config block with enable_capture = true and a KMS key.',
    remediationCode: { terraform: 'data_capture_config {\n  enable_capture              = true\n  initial_sampling_percentage = 100\n  destination_s3_uri          = "s3://acme-inference-logs/capture"\n  capture_options { capture_mode = "InputAndOutput" }\n}' },
    frameworks: FW.logging,
    types: ['aws_sagemaker_endpoint_configuration'],
    check: (r) => expectAttr(r, 'data_capture_config.enable_capture', { dflt: false, what: 'data capture', ok: (v) => v === true || (v !== false && present(v)), fail: 'inference requests and responses are not captured', pass: 'data capture enabled' }),
    examples: { pass: [tf('capture', cfg('  data_capture_config {\n    enable_capture = true\n    initial_sampling_percentage = 100\n    destination_s3_uri = "s3://logs/capture"\n    capture_options {\n      capture_mode = "InputAndOutput"\n    }\n  }\n'))], fail: [tf('none', cfg(''))] },
  }),
];
