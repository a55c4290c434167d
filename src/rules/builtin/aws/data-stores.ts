import type { JsonValue } from '../../../core/index.js';
import { expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { getAll, isUnknown, loc, present } from '../cloud-shared/resource.js';

/** The expression behind a security policy (or its `field`) the code does not decide, if any. */
function undecidedIn(pols: JsonValue[], field: string): string | undefined {
  for (const p of pols) {
    if (isUnknown(p)) return p.$unknown;
    const v = p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, JsonValue>)[field] : undefined;
    if (isUnknown(v)) return v.$unknown;
  }
  return undefined;
}

const fg = (extra: string) => `resource "aws_sagemaker_feature_group" "f" {\n  feature_group_name = "patients"\n  record_identifier_feature_name = "id"\n  event_time_feature_name = "ts"\n  role_arn = "arn:aws:iam::123456789012:role/sm"\n  feature_definition {\n    feature_name = "id"\n    feature_type = "String"\n  }\n${extra}}\n`;
const col = (name: string) => `resource "aws_opensearchserverless_collection" "c" {\n  name = "${name}"\n  type = "VECTORSEARCH"\n}\n`;
const netPol = (pub: boolean) => `resource "aws_opensearchserverless_security_policy" "n" {\n  name = "kb-net"\n  type = "network"\n  policy = jsonencode([{\n    Rules = [{ ResourceType = "collection", Resource = ["collection/kb-vectors"] }]\n    AllowFromPublic = ${pub}\n  }])\n}\n`;
const encPol = (owned: boolean) => `resource "aws_opensearchserverless_security_policy" "e" {\n  name = "kb-enc"\n  type = "encryption"\n  policy = jsonencode({\n    Rules = [{ ResourceType = "collection", Resource = ["collection/kb-vectors"] }]\n    AWSOwnedKey = ${owned}\n${owned ? '' : '    KmsARN = "arn:aws:kms:us-east-1:123456789012:key/abc"\n'}  })\n}\n`;

/** Feature stores, model registries and vector stores (Checkov CKV_AWS feature-group encryption; OpenSearch Serverless as Bedrock vector store). */
export const awsDataStoreRules = [
  iacRule({
    id: 'sagemaker_feature_group_offline_store_encrypted',
    title: 'SageMaker feature group offline stores are encrypted with KMS',
    severity: 'medium',
    category: 'encryption',
    risk: 'The offline store is an S3 copy of every feature ever written, often personal data used for training.',
    remediation: 'Set offline_store_config.s3_storage_config.kms_key_id.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_feature_group'],
    check: (r) => (present(r.attributes.offline_store_config) ? expectAttr(r, 'offline_store_config.s3_storage_config.kms_key_id', { what: 'offline store KMS key', ok: present, fail: 'offline store is not encrypted with a customer-managed key', pass: 'offline store encrypted' }) : undefined),
    examples: {
      pass: [tf('kms', fg('  offline_store_config {\n    s3_storage_config {\n      s3_uri = "s3://acme-features/"\n      kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"\n    }\n  }\n'))],
      fail: [tf('none', fg('  offline_store_config {\n    s3_storage_config {\n      s3_uri = "s3://acme-features/"\n    }\n  }\n'))],
    },
  }),
  iacRule({
    id: 'sagemaker_feature_group_online_store_encrypted',
    title: 'SageMaker feature group online stores are encrypted with KMS',
    severity: 'medium',
    category: 'encryption',
    risk: 'The online store serves features to live inference; without a customer-managed key its contents are outside key-policy control.',
    remediation: 'Set online_store_config.security_config.kms_key_id.',
    frameworks: FW.encryption,
    types: ['aws_sagemaker_feature_group'],
    check: (r) => (present(r.attributes.online_store_config) ? expectAttr(r, 'online_store_config.security_config.kms_key_id', { what: 'online store KMS key', ok: present, fail: 'online store is not encrypted with a customer-managed key', pass: 'online store encrypted' }) : undefined),
    examples: {
      pass: [tf('kms', fg('  online_store_config {\n    enable_online_store = true\n    security_config {\n      kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"\n    }\n  }\n'))],
      fail: [tf('none', fg('  online_store_config {\n    enable_online_store = true\n  }\n'))],
    },
  }),
  iacRule({
    id: 'sagemaker_model_package_group_not_public',
    title: 'SageMaker model registries are not shared with everyone',
    severity: 'high',
    category: 'supply-chain',
    risk: 'A model package group policy with Principal `*` lets any account read — or register — model versions: model theft or a poisoned model in the registry.',
    remediation: 'Name the accounts allowed in the model package group policy.',
    frameworks: { ...FW.supplyChain, 'mitre-atlas': ['AML.T0010', 'AML.T0058', 'AML.M0005'] },
    types: ['aws_sagemaker_model_package_group'],
    check: (r) => {
      const open = getAll(r.attributes, 'resource_policy.Statement').some((s) => {
        const o = (s ?? {}) as Record<string, JsonValue>;
        return o.Effect === 'Allow' && o.Condition === undefined && (o.Principal === '*' || getAll(o.Principal, 'AWS').includes('*'));
      });
      const undecidedPolicy = !open && isUnknown(r.attributes.resource_policy) ? r.attributes.resource_policy : undefined;
      if (undecidedPolicy) return { status: 'manual', message: `${r.address}: the registry policy is set by \`${undecidedPolicy.$unknown}\`, which the code does not decide`, location: loc(r, 'resource_policy') };
      return open ? { status: 'fail', message: `${r.address}: the registry policy allows any principal`, location: loc(r, 'resource_policy') } : { status: 'pass', message: `${r.address}: registry is not public` };
    },
    examples: {
      pass: [tf('private', 'resource "aws_sagemaker_model_package_group" "g" {\n  model_package_group_name = "triage"\n}\n')],
      fail: [tf('public', 'resource "aws_sagemaker_model_package_group" "g" {\n  model_package_group_name = "triage"\n}\nresource "aws_sagemaker_model_package_group_policy" "p" {\n  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name\n  resource_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = "*", Action = "sagemaker:DescribeModelPackage", Resource = "*" }]\n  })\n}\n')],
    },
  }),
  iacRule({
    id: 'opensearch_serverless_collection_not_public',
    title: 'OpenSearch Serverless vector collections are not reachable from the public internet',
    severity: 'high',
    category: 'exposure',
    risk: 'A knowledge-base vector collection with public network access exposes embeddings (which can be inverted to text) and lets anyone with credentials poison retrieval.',
    remediation: 'Use a network security policy with AllowFromPublic = false and SourceVPCEs.',
    frameworks: { 'owasp-llm-2025': ['LLM08', 'LLM02'], 'mitre-atlas': ['AML.T0070', 'AML.M0019'] },
    types: ['aws_opensearchserverless_collection'],
    check: (r) => {
      const pols = getAll(r.attributes, 'network_policies');
      if (!pols.length) return { status: 'manual', message: `${r.address}: no network policy for this collection in the code` };
      const pub = getAll(r.attributes, 'network_policies.AllowFromPublic').includes(true);
      const open = pub ? undefined : undecidedIn(pols, 'AllowFromPublic');
      if (open) return { status: 'manual', message: `${r.address}: a network policy depends on \`${open}\`, which the code does not decide`, location: loc(r, 'network_policies') };
      return pub ? { status: 'fail', message: `${r.address}: a network policy allows public access`, location: loc(r, 'network_policies') } : { status: 'pass', message: `${r.address}: private network access only`, location: loc(r, 'network_policies') };
    },
    examples: { pass: [tf('private', col('kb-vectors') + netPol(false))], fail: [tf('public', col('kb-vectors') + netPol(true))] },
  }),
  iacRule({
    id: 'opensearch_serverless_collection_encrypted_with_cmk',
    title: 'OpenSearch Serverless vector collections are encrypted with a customer-managed key',
    severity: 'low',
    category: 'encryption',
    risk: 'Vectors and source chunks of a knowledge base are company documents; an AWS-owned key puts them outside your key policy.',
    remediation: 'Use an encryption security policy with AWSOwnedKey = false and a KmsARN.',
    frameworks: { ...FW.encryption, 'owasp-llm-2025': ['LLM08', 'LLM02'] },
    types: ['aws_opensearchserverless_collection'],
    check: (r) => {
      const pols = getAll(r.attributes, 'encryption_policies');
      if (!pols.length) return { status: 'manual', message: `${r.address}: no encryption policy for this collection in the code` };
      const owned = getAll(r.attributes, 'encryption_policies.AWSOwnedKey').includes(true);
      const open = owned ? undefined : undecidedIn(pols, 'AWSOwnedKey');
      if (open) return { status: 'manual', message: `${r.address}: an encryption policy depends on \`${open}\`, which the code does not decide`, location: loc(r, 'encryption_policies') };
      return owned ? { status: 'fail', message: `${r.address}: encrypted with an AWS-owned key`, location: loc(r, 'encryption_policies') } : { status: 'pass', message: `${r.address}: customer-managed key`, location: loc(r, 'encryption_policies') };
    },
    examples: { pass: [tf('cmk', col('kb-vectors') + encPol(false))], fail: [tf('aws owned', col('kb-vectors') + encPol(true))] },
  }),
];
