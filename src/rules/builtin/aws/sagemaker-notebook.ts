import { cfn, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { present } from '../cloud-shared/resource.js';

const T = ['aws_sagemaker_notebook_instance'];
const nb = (extra: string) => `resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "lab"\n  role_arn      = "arn:aws:iam::123456789012:role/lab"\n  instance_type = "ml.t3.medium"\n${extra}}\n`;
const nbCfn = (extra: string) => `  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::123456789012:role/lab\n${extra}`;

/** SageMaker notebook instance rules (Prowler sagemaker_notebook_instance_*, Checkov CKV_AWS_122/22/306/307). */
export const sagemakerNotebookRules = [
  iacRule({
    id: 'sagemaker_notebook_instance_direct_internet_access_disabled',
    title: 'SageMaker notebook instances have direct internet access disabled',
    severity: 'high',
    category: 'exposure',
    risk: 'A notebook with direct internet access can reach and be reached outside the VPC: code in it can exfiltrate training data or credentials of its execution role, and it can download untrusted models or packages unchecked.',
    remediation: 'Set direct_internet_access to "Disabled" and give the notebook a subnet in a VPC with the endpoints or NAT it needs.',
    remediationCode: { terraform: 'direct_internet_access = "Disabled"\nsubnet_id              = aws_subnet.private.id', cloudformation: 'DirectInternetAccess: Disabled' },
    frameworks: FW.exposure,
    types: T,
    check: (r) => expectAttr(r, 'direct_internet_access', { dflt: 'Enabled', what: 'direct_internet_access', ok: (v) => v === 'Disabled', fail: 'direct internet access is enabled (the default when unset)', pass: 'direct internet access is disabled' }),
    examples: {
      pass: [tf('disabled', nb('  direct_internet_access = "Disabled"\n  subnet_id = "subnet-1"\n')), cfn('cfn disabled', nbCfn('      DirectInternetAccess: Disabled\n      SubnetId: subnet-1\n'))],
      fail: [tf('default is enabled', nb('')), cfn('cfn enabled', nbCfn('      DirectInternetAccess: Enabled\n'))],
    },
  }),
  iacRule({
    id: 'sagemaker_notebook_instance_root_access_disabled',
    title: 'SageMaker notebook instances have root access disabled',
    severity: 'medium',
    category: 'identity',
    risk: 'With root access any notebook user can change the instance, install persistence and read every credential on it.',
    remediation: 'Set root_access to "Disabled".',
    remediationCode: { terraform: 'root_access = "Disabled"', cloudformation: 'RootAccess: Disabled' },
    frameworks: FW.container,
    types: T,
    check: (r) => expectAttr(r, 'root_access', { dflt: 'Enabled', what: 'root_access', ok: (v) => v === 'Disabled', fail: 'users get root on the notebook instance (root_access is Enabled or unset)', pass: 'root access is disabled' }),
    examples: { pass: [tf('disabled', nb('  root_access = "Disabled"\n')), cfn('cfn disabled', nbCfn('      RootAccess: Disabled\n'))], fail: [tf('default', nb('')), cfn('cfn enabled', nbCfn('      RootAccess: Enabled\n'))] },
  }),
  iacRule({
    id: 'sagemaker_notebook_instance_encrypted_with_kms',
    title: 'SageMaker notebook instance volumes are encrypted with a customer-managed KMS key',
    severity: 'medium',
    category: 'encryption',
    risk: 'Without a customer-managed key the notebook volume, which holds data samples and cached credentials, cannot be access-controlled or revoked by key policy.',
    remediation: 'Set kms_key_id to a customer-managed KMS key.',
    remediationCode: { terraform: 'kms_key_id = aws_kms_key.sagemaker.arn', cloudformation: 'KmsKeyId: !Ref SageMakerKey' },
    frameworks: FW.encryption,
    types: T,
    check: (r) => expectAttr(r, 'kms_key_id', { what: 'kms_key_id', ok: present, fail: 'the notebook volume is not encrypted with a customer-managed KMS key', pass: 'volume encrypted with a KMS key' }),
    examples: { pass: [tf('kms', `resource "aws_kms_key" "k" {}\n${nb('  kms_key_id = aws_kms_key.k.arn\n')}`), cfn('cfn kms', nbCfn('      KmsKeyId: arn:aws:kms:us-east-1:123456789012:key/abc\n'))], fail: [tf('no kms', nb('')), cfn('cfn no kms', nbCfn(''))] },
  }),
  iacRule({
    id: 'sagemaker_notebook_instance_in_vpc',
    title: 'SageMaker notebook instances run in a VPC subnet',
    severity: 'medium',
    category: 'exposure',
    risk: 'A notebook outside a VPC cannot be limited by security groups, VPC endpoints or network monitoring.',
    remediation: 'Set subnet_id and security_groups for the notebook instance.',
    remediationCode: { terraform: 'subnet_id       = aws_subnet.private.id\nsecurity_groups = [aws_security_group.notebook.id]' },
    frameworks: FW.exposure,
    types: T,
    check: (r) => expectAttr(r, 'subnet_id', { what: 'subnet_id', ok: present, fail: 'the notebook is not placed in a VPC subnet', pass: 'the notebook runs in a VPC subnet' }),
    examples: { pass: [tf('subnet', nb('  subnet_id = "subnet-1"\n'))], fail: [tf('no subnet', nb(''))] },
  }),
  iacRule({
    id: 'sagemaker_notebook_instance_imdsv2_required',
    title: 'SageMaker notebook instances require IMDSv2',
    severity: 'medium',
    category: 'identity',
    risk: 'IMDSv1 lets a server-side request forgery in notebook code read the execution role credentials from the metadata service.',
    remediation: 'Set instance_metadata_service_configuration.minimum_instance_metadata_service_version to "2".',
    remediationCode: { terraform: 'instance_metadata_service_configuration {\n  minimum_instance_metadata_service_version = "2"\n}' },
    frameworks: FW.keyAuth,
    types: T,
    check: (r) => expectAttr(r, 'instance_metadata_service_configuration.minimum_instance_metadata_service_version', { dflt: '1', what: 'minimum IMDS version', ok: (v) => String(v) === '2', fail: 'IMDSv1 is allowed on the notebook instance', pass: 'IMDSv2 is required' }),
    examples: { pass: [tf('v2', nb('  instance_metadata_service_configuration {\n    minimum_instance_metadata_service_version = "2"\n  }\n'))], fail: [tf('default v1', nb(''))] },
  }),
];
