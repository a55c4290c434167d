import type { JsonValue, Location } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { getAll, isUnknown, list, undecided } from '../cloud-shared/resource.js';

const nb = 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "lab"\n  role_arn = "arn:aws:iam::123456789012:role/lab"\n  instance_type = "ml.t3.medium"\n}\n';

type Entry = Record<string, JsonValue>;
/** Account-level resources folded into the AI platform asset (keys, endpoints, trails). */
function entries(r: CloudResource, key: string): Entry[] {
  return list(r.attributes[key]).filter((e): e is Entry => !!e && typeof e === 'object' && !Array.isArray(e));
}
const at = (e: Entry): Location => ({ path: String(e.file ?? ''), line: Number(e.line ?? 1), resource: String(e.address ?? '') });

function each(r: CloudResource, key: string, judge: (e: Entry) => RuleVerdict | undefined): RuleVerdict[] | undefined {
  const out = entries(r, key).map((e) => {
    const v = judge(e);
    return v ? { ...v, location: at(e), evidenceKey: String(e.address) } : undefined;
  });
  const vs = out.filter((v): v is NonNullable<typeof v> => v !== undefined);
  return vs.length ? vs : undefined;
}

/** KMS keys, VPC endpoints and CloudTrail trails declared beside AI resources (Prowler kms_/vpc_/cloudtrail_ checks for the AI estate). */
export const awsAccountRules = [
  iacRule({
    id: 'kms_key_rotation_enabled',
    title: 'KMS keys protecting AI data rotate automatically',
    severity: 'low',
    category: 'encryption',
    risk: 'A key that never rotates keeps every model, dataset and log it protects exposed to one compromised key version indefinitely.',
    remediation: 'Set enable_key_rotation = true on the KMS key.',
    remediationCode: { terraform: 'enable_key_rotation = true' },
    frameworks: FW.encryption,
    types: ['aws_bedrock_platform'],
    check: (r) =>
      each(r, 'kms_keys', (e) => {
        if (undecided(e.enable_key_rotation)) return { status: 'manual', message: `${String(e.address)}: rotation is set by \`${e.enable_key_rotation.$unknown}\`` };
        return e.enable_key_rotation === true ? { status: 'pass', message: `${String(e.address)}: rotates automatically` } : { status: 'fail', message: `${String(e.address)}: automatic rotation is off` };
      }),
    examples: { pass: [tf('rotating', `${nb}resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n`)], fail: [tf('static', `${nb}resource "aws_kms_key" "k" {\n  description = "sagemaker"\n}\n`)] },
  }),
  iacRule({
    id: 'kms_key_policy_not_public',
    title: 'KMS key policies do not grant use of the key to everyone',
    severity: 'high',
    category: 'encryption',
    risk: 'A key policy allowing Principal `*` without conditions lets anyone who can reach the data decrypt it.',
    remediation: 'Name the principals in the key policy or constrain `*` with aws:PrincipalOrgID / kms:CallerAccount conditions.',
    frameworks: FW.encryption,
    types: ['aws_bedrock_platform'],
    check: (r) =>
      each(r, 'kms_keys', (e) => {
        if (e.policy === undefined) return undefined;
        // A key policy from file() or a variable may grant anyone.
        if (isUnknown(e.policy)) return { status: 'manual', message: `${String(e.address)}: the key policy is set by \`${e.policy.$unknown}\`, which the code does not decide` };
        const open = getAll(e.policy, 'Statement').some((s) => {
          const o = (s ?? {}) as Entry;
          return o.Effect === 'Allow' && o.Condition === undefined && (o.Principal === '*' || getAll(o.Principal, 'AWS').includes('*'));
        });
        return open ? { status: 'fail', message: `${String(e.address)}: key policy allows any principal` } : { status: 'pass', message: `${String(e.address)}: key policy names its principals` };
      }),
    examples: {
      pass: [tf('scoped', `${nb}resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*" }]\n  })\n}\n`)],
      fail: [tf('public', `${nb}resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:Decrypt", Resource = "*" }]\n  })\n}\n`)],
    },
  }),
  iacRule({
    id: 'vpc_endpoint_ai_service_policy_restricted',
    title: 'VPC endpoints for Bedrock and SageMaker restrict what they allow',
    severity: 'low',
    category: 'identity',
    risk: 'An interface endpoint with the default full-access policy lets anything in the VPC call any model or endpoint in any account through it, including exfiltration to an attacker-owned account.',
    remediation: 'Attach an endpoint policy limiting principals, actions and resources (e.g. your account’s models).',
    frameworks: FW.isolation,
    types: ['aws_bedrock_platform'],
    check: (r) =>
      each(r, 'vpc_endpoints', (e) => {
        if (!/bedrock|sagemaker/.test(String(e.service_name ?? ''))) return undefined;
        const open = e.policy === undefined || getAll(e.policy, 'Statement').some((s) => {
          const o = (s ?? {}) as Entry;
          return o.Effect === 'Allow' && o.Condition === undefined && (o.Principal === '*' || getAll(o.Principal, 'AWS').includes('*')) && list(o.Resource).includes('*') && list(o.Action).some((a) => a === '*' || String(a).endsWith(':*'));
        });
        return open ? { status: 'fail', message: `${String(e.address)}: endpoint for ${String(e.service_name)} allows everything` } : { status: 'pass', message: `${String(e.address)}: endpoint policy is restricted` };
      }),
    examples: {
      pass: [tf('restricted', `${nb}resource "aws_vpc_endpoint" "br" {\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.bedrock-runtime"\n  vpc_endpoint_type = "Interface"\n  private_dns_enabled = true\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "bedrock:InvokeModel", Resource = "*" }]\n  })\n}\n`)],
      fail: [tf('default policy', `${nb}resource "aws_vpc_endpoint" "br" {\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.bedrock-runtime"\n  vpc_endpoint_type = "Interface"\n  private_dns_enabled = true\n}\n`)],
    },
  }),
  iacRule({
    id: 'vpc_endpoint_ai_service_private_dns_enabled',
    title: 'Interface endpoints for Bedrock and SageMaker use private DNS',
    severity: 'low',
    category: 'exposure',
    risk: 'Without private DNS, SDKs keep resolving the public service endpoint, so traffic to models leaves the VPC despite the endpoint.',
    remediation: 'Set private_dns_enabled = true on the interface endpoint.',
    frameworks: FW.isolation,
    types: ['aws_bedrock_platform'],
    check: (r) =>
      each(r, 'vpc_endpoints', (e) => {
        if (!/bedrock|sagemaker/.test(String(e.service_name ?? '')) || e.vpc_endpoint_type !== 'Interface') return undefined;
        if (undecided(e.private_dns_enabled)) return { status: 'manual', message: `${String(e.address)}: private DNS is set by \`${e.private_dns_enabled.$unknown}\`` };
        return e.private_dns_enabled === true ? { status: 'pass', message: `${String(e.address)}: private DNS enabled` } : { status: 'fail', message: `${String(e.address)}: private DNS is off; SDKs still resolve the public endpoint` };
      }),
    examples: {
      pass: [tf('dns', `${nb}resource "aws_vpc_endpoint" "sm" {\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.sagemaker.runtime"\n  vpc_endpoint_type = "Interface"\n  private_dns_enabled = true\n}\n`)],
      fail: [tf('no dns', `${nb}resource "aws_vpc_endpoint" "sm" {\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.sagemaker.runtime"\n  vpc_endpoint_type = "Interface"\n}\n`)],
    },
  }),
  iacRule({
    id: 'cloudtrail_trail_multi_region_with_log_validation',
    title: 'CloudTrail trails cover all regions and validate log integrity',
    severity: 'medium',
    category: 'logging',
    risk: 'AI services are regional; a single-region trail misses model and endpoint changes made elsewhere, and without log file validation tampering with the audit trail goes unnoticed.',
    remediation: 'Set is_multi_region_trail = true and enable_log_file_validation = true.',
    remediationCode: { terraform: 'is_multi_region_trail      = true\nenable_log_file_validation = true' },
    frameworks: FW.logging,
    types: ['aws_bedrock_platform'],
    check: (r) => {
      if (!entries(r, 'trails').length) return { status: 'manual', message: `${r.name}: no CloudTrail trail declared beside the AI resources; check the account's trails` };
      return each(r, 'trails', (e) => {
        const missing = ['is_multi_region_trail', 'enable_log_file_validation'].filter((k) => e[k] !== true);
        return missing.length ? { status: 'fail', message: `${String(e.address)}: ${missing.join(' and ')} not enabled` } : { status: 'pass', message: `${String(e.address)}: multi-region with log validation` };
      });
    },
    examples: {
      pass: [tf('good', `${nb}resource "aws_cloudtrail" "t" {\n  name = "org"\n  s3_bucket_name = "trail"\n  is_multi_region_trail = true\n  enable_log_file_validation = true\n}\n`)],
      fail: [tf('single region', `${nb}resource "aws_cloudtrail" "t" {\n  name = "org"\n  s3_bucket_name = "trail"\n}\n`)],
    },
  }),
];
