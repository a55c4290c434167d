import type { JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { cfn, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { notWildcard } from './policy.js';
import { get, getAll, loc, present, undecided, isUnknown, manualMsg } from '../cloud-shared/resource.js';

const T = ['aws_s3_bucket'];
const bucket = (extra = '') => `resource "aws_s3_bucket" "b" {\n  bucket = "acme-training-data"\n}\n${extra}`;
const pab = (v: boolean) => `resource "aws_s3_bucket_public_access_block" "b" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_acls       = ${v}\n  block_public_policy     = ${v}\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n`;
const sse = (alg: string) => `resource "aws_s3_bucket_server_side_encryption_configuration" "b" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "${alg}"\n    }\n  }\n}\n`;
const policy = (stmt: string) => `resource "aws_s3_bucket_policy" "b" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [${stmt}]\n  })\n}\n`;
const bucketCfn = (props: string) => `  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-training-data\n${props}`;

function statements(r: CloudResource): Record<string, JsonValue>[] {
  return getAll(r.attributes, 'policy.Statement').filter((s): s is Record<string, JsonValue> => !!s && typeof s === 'object' && !Array.isArray(s) && !isUnknown(s));
}

/** A bucket policy (or one of its statements) the code does not decide (`file()`, a variable): the rule cannot pass it. */
function undecidedPolicy(r: CloudResource, principals = false): string | undefined {
  const p = r.attributes.policy;
  if (isUnknown(p)) return p.$unknown;
  if (typeof p === 'string' && p.trim()) return 'policy text that is not JSON';
  const s = getAll(r.attributes, 'policy.Statement').find(isUnknown);
  if (s && isUnknown(s)) return s.$unknown;
  if (!principals) return undefined;
  // An unconditioned Allow whose principal is a variable may be `*`.
  const principal = statements(r)
    .filter((st) => st.Effect === 'Allow' && st.Condition === undefined)
    .flatMap((st) => [st.Principal, ...getAll(st.Principal, 'AWS')])
    .find((p) => isUnknown(p) && !notWildcard(p));
  return principal && isUnknown(principal) ? principal.$unknown : undefined;
}

/** S3 buckets holding training data, models and logs (Prowler s3_bucket_*; Checkov CKV_AWS_18/19/21/53-56/70/145). */
export const s3Rules = [
  iacRule({
    id: 's3_bucket_public_access_block_enabled',
    title: 'S3 buckets block all public access',
    severity: 'high',
    category: 'exposure',
    risk: 'Without a public access block, one ACL or policy change exposes training data, model artefacts or logs to the internet; public write enables data poisoning.',
    remediation: 'Add an aws_s3_bucket_public_access_block with all four settings true (and enable the account-level block).',
    remediationCode: { terraform: 'resource "aws_s3_bucket_public_access_block" "b" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}', cloudformation: 'PublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  BlockPublicPolicy: true\n  IgnorePublicAcls: true\n  RestrictPublicBuckets: true' },
    frameworks: FW.dataIntegrity,
    types: T,
    check: (r) => {
      const p = r.attributes.public_access_block;
      if (!present(p)) return { status: 'fail', message: `${r.address}: no public access block`, location: loc(r) };
      const keys = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
      const open = keys.map((k) => get(p, k)).find(undecided);
      if (open && isUnknown(open)) return { status: 'manual', message: manualMsg(r, 'the public access block', open), location: loc(r, 'public_access_block') };
      const off = keys.filter((k) => get(p, k) !== true);
      return off.length ? { status: 'fail', message: `${r.address}: public access block leaves ${off.join(', ')} off`, location: loc(r, `public_access_block.${off[0]}`) } : { status: 'pass', message: `${r.address}: all public access blocked`, location: loc(r, 'public_access_block') };
    },
    examples: {
      pass: [tf('block', bucket(pab(true))), cfn('cfn block', bucketCfn('      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n'))],
      fail: [tf('none', bucket()), tf('partial', bucket(pab(false))), cfn('cfn none', bucketCfn('      Tags: []\n'))],
    },
  }),
  iacRule({
    id: 's3_bucket_encrypted_with_kms',
    title: 'S3 buckets encrypt objects by default with a KMS key',
    severity: 'medium',
    category: 'encryption',
    risk: 'Without KMS default encryption, access to training data and model artefacts is governed by bucket policy alone; a KMS key adds a second, auditable gate.',
    remediation: 'Configure default encryption with sse_algorithm = "aws:kms" and a customer-managed key.',
    remediationCode: { terraform: 'resource "aws_s3_bucket_server_side_encryption_configuration" "b" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.data.arn\n    }\n  }\n}' },
    frameworks: FW.encryption,
    types: T,
    check: (r) => expectAttr(r, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm', { what: 'default encryption', ok: (v) => typeof v === 'string' && v.startsWith('aws:kms'), fail: 'no KMS default encryption (only the S3-managed default applies)', pass: 'KMS default encryption' }),
    examples: {
      pass: [tf('kms', bucket(sse('aws:kms'))), cfn('cfn kms', bucketCfn('      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n'))],
      fail: [tf('none', bucket()), tf('aes', bucket(sse('AES256')))],
    },
  }),
  iacRule({
    id: 's3_bucket_versioning_enabled',
    title: 'S3 buckets keep object versions',
    severity: 'low',
    category: 'poisoning',
    risk: 'Without versioning, an overwritten or deleted training file or model artefact cannot be recovered, and silent poisoning leaves no history.',
    remediation: 'Enable versioning on the bucket.',
    remediationCode: { terraform: 'resource "aws_s3_bucket_versioning" "b" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration { status = "Enabled" }\n}' },
    frameworks: FW.dataIntegrity,
    types: T,
    check: (r) => expectAttr(r, 'versioning.enabled', { dflt: false, what: 'versioning', ok: (v) => v === true, fail: 'versioning is not enabled', pass: 'versioning enabled' }),
    examples: {
      pass: [tf('enabled', bucket('resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n')), cfn('cfn enabled', bucketCfn('      VersioningConfiguration:\n        Status: Enabled\n'))],
      fail: [tf('none', bucket())],
    },
  }),
  iacRule({
    id: 's3_bucket_policy_not_public',
    title: 'S3 bucket policies do not grant access to everyone',
    severity: 'critical',
    category: 'exposure',
    risk: 'A policy statement allowing Principal `*` without conditions makes the bucket readable (or writable) by anyone on the internet.',
    remediation: 'Name the principals in the bucket policy, or add conditions such as aws:SourceVpce or aws:PrincipalOrgID.',
    frameworks: FW.dataIntegrity,
    types: T,
    check: (r) => {
      const open = statements(r).filter((s) => s.Effect === 'Allow' && s.Condition === undefined && (s.Principal === '*' || getAll(s.Principal, 'AWS').includes('*')));
      const undecided = open.length ? undefined : undecidedPolicy(r, true);
      if (undecided) return { status: 'manual', message: `${r.address}: the bucket policy depends on \`${undecided}\`, which the code does not decide; check the deployed policy`, location: loc(r, 'policy') };
      return open.length ? { status: 'fail', message: `${r.address}: bucket policy allows anyone: ${open.map((s) => JSON.stringify(s.Action)).join('; ')}`, location: loc(r, 'policy') } : { status: 'pass', message: `${r.address}: bucket policy names its principals`, location: loc(r, 'policy') };
    },
    examples: {
      pass: [tf('role', bucket(policy('{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/reader" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-training-data/*" }')))],
      fail: [tf('public', bucket(policy('{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-training-data/*" }')))],
    },
  }),
  iacRule({
    id: 's3_bucket_acl_not_public',
    title: 'S3 bucket ACLs do not grant public read or write',
    severity: 'high',
    category: 'exposure',
    risk: 'A public-read or public-read-write canned ACL exposes every object, or lets anyone write (poison) the data.',
    remediation: 'Use the private ACL (or disable ACLs with object ownership BucketOwnerEnforced).',
    frameworks: FW.dataIntegrity,
    types: T,
    check: (r) => expectAttr(r, 'acl', { dflt: 'private', what: 'acl', ok: (v) => !(typeof v === 'string' && /^public-read/.test(v)), fail: 'the bucket ACL is public', pass: 'the bucket ACL is not public' }),
    examples: { pass: [tf('private', bucket('resource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.b.id\n  acl    = "private"\n}\n'))], fail: [tf('public-read', bucket('resource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.b.id\n  acl    = "public-read"\n}\n')), cfn('cfn public', bucketCfn('      AccessControl: PublicRead\n'))] },
  }),
  iacRule({
    id: 's3_bucket_secure_transport_required',
    title: 'S3 bucket policies deny requests without TLS',
    severity: 'low',
    category: 'encryption',
    risk: 'Without an aws:SecureTransport deny, clients can read and write training data over unencrypted HTTP.',
    remediation: 'Add a Deny statement for all principals when aws:SecureTransport is false.',
    remediationCode: { terraform: '{\n  Effect = "Deny", Principal = "*", Action = "s3:*",\n  Resource = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"],\n  Condition = { Bool = { "aws:SecureTransport" = "false" } }\n}' },
    frameworks: FW.encryption,
    types: T,
    check: (r) => {
      const ok = statements(r).some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition ?? {}).includes('aws:SecureTransport'));
      const undecided = ok ? undefined : undecidedPolicy(r);
      if (undecided) return { status: 'manual', message: `${r.address}: the bucket policy depends on \`${undecided}\`, which the code does not decide; check it denies plain HTTP`, location: loc(r, 'policy') };
      return ok ? { status: 'pass', message: `${r.address}: TLS required by policy`, location: loc(r, 'policy') } : { status: 'fail', message: `${r.address}: no policy statement denies plain-HTTP access`, location: loc(r, 'policy') };
    },
    examples: {
      pass: [tf('deny http', bucket(policy('{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::acme-training-data/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }')))],
      fail: [tf('no policy', bucket())],
    },
  }),
  iacRule({
    id: 's3_bucket_access_logging_enabled',
    title: 'S3 buckets log access requests',
    severity: 'low',
    category: 'logging',
    risk: 'Without server access logs nobody can tell who read or changed training data or model artefacts.',
    remediation: 'Enable server access logging (aws_s3_bucket_logging) or CloudTrail data events for the bucket.',
    frameworks: FW.logging,
    types: T,
    check: (r) => expectAttr(r, 'logging', { what: 'access logging', ok: present, fail: 'access logging is not enabled', pass: 'access logging enabled' }),
    examples: { pass: [tf('logging', bucket('resource "aws_s3_bucket_logging" "l" {\n  bucket        = aws_s3_bucket.b.id\n  target_bucket = "acme-logs"\n  target_prefix = "s3/"\n}\n'))], fail: [tf('none', bucket())] },
  }),
];
