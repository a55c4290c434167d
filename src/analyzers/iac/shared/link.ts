import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';
import { attr, attrAll, list, parseJsonText, refOf, str } from './attrs.js';
import { CATALOG, isAwsAiType } from './catalog.js';
import { managedPolicyName } from './iam.js';

type O = { [k: string]: JsonValue };

/** Finds resources by reference (address) or by literal name / ARN / id. */
export class ResourceIndex {
  private byAddress = new Map<string, CloudResource>();
  private byName = new Map<string, CloudResource[]>();
  constructor(readonly all: CloudResource[]) {
    for (const r of all) {
      this.byAddress.set(r.address, r);
      const k = r.name.toLowerCase();
      const l = this.byName.get(k);
      if (l) l.push(r);
      else this.byName.set(k, [r]);
    }
  }
  get(address: string): CloudResource | undefined {
    return this.byAddress.get(address) ?? this.byAddress.get(address.replace(/\[[^\]]*\]$/, ''));
  }
  /** The resource a value points at, restricted to `types` (prefix match when a type ends with `*`). */
  find(v: JsonValue | undefined, types: string[]): CloudResource | undefined {
    const ok = (r: CloudResource) => types.some((t) => (t.endsWith('*') ? r.type.startsWith(t.slice(0, -1)) : r.type === t));
    const ref = refOf(v);
    if (ref) {
      const r = this.get(ref);
      return r && ok(r) ? r : undefined;
    }
    const s = str(v);
    if (!s) return undefined;
    // A literal: the name itself, the last segment of an ARN / resource id, or an address.
    const tail = s.split(/[/:]/).pop() ?? s;
    for (const k of [s, tail]) {
      const hit = this.byName.get(k.toLowerCase())?.find(ok);
      if (hit) return hit;
    }
    const byAddr = this.byAddress.get(s);
    return byAddr && ok(byAddr) ? byAddr : undefined;
  }
}

function fold(target: CloudResource, key: string, value: JsonValue, from: CloudResource, append = false): void {
  if (append) target.attributes[key] = [...list(target.attributes[key]), value];
  else target.attributes[key] = value;
  if (!(key in target.attrLines)) target.attrLines[key] = from.line;
  for (const [p, l] of Object.entries(from.attrLines)) if (!(`${key}.${p}` in target.attrLines)) target.attrLines[`${key}.${p}`] = l;
  if (from.file !== target.file) (target.attrFiles ??= {})[key] = from.file;
  (target.companions ??= []).push({ type: from.type, address: from.address, file: from.file, line: from.line });
}

/** Policy attributes arrive as JSON text (jsonencode, heredoc, CFN objects); make them objects. */
function parsePolicies(r: CloudResource): void {
  for (const k of Object.keys(r.attributes)) {
    if (/policy|definition|document/.test(k)) r.attributes[k] = parseJsonText(r.attributes[k]) ?? null;
  }
  for (const ip of list(r.attributes.inline_policy)) if (ip && typeof ip === 'object' && !Array.isArray(ip)) (ip as O).policy = parseJsonText((ip as O).policy) ?? null;
}

/** Training and processing steps inside a SageMaker pipeline definition become their own resources. */
function pipelineSteps(p: CloudResource): CloudResource[] {
  const def = attr(p.attributes, 'pipeline_definition');
  const out: CloudResource[] = [];
  for (const step of attrAll(def, 'Steps')) {
    if (!step || typeof step !== 'object' || Array.isArray(step) || isUnknown(step)) continue;
    const s = step as O;
    const type = s.Type === 'Training' ? 'aws_sagemaker_training_job' : s.Type === 'Processing' ? 'aws_sagemaker_processing_job' : undefined;
    if (!type) continue;
    const name = typeof s.Name === 'string' ? s.Name : 'step';
    const attributes = snakeKeys(s.Arguments ?? {}) as O;
    attributes[type === 'aws_sagemaker_training_job' ? 'training_job_name' : 'processing_job_name'] = `${p.name}/${name}`;
    if (!('role_arn' in attributes) && p.attributes.role_arn !== undefined) attributes.role_arn = p.attributes.role_arn;
    out.push({ ...p, type, address: `${p.address}/steps/${name}`, name: `${p.name}/${name}`, attributes, attrLines: { ...p.attrLines }, companions: [] });
  }
  return out;
}

/** PascalCase API keys (CloudFormation, SageMaker API) → the provider's snake_case. */
export function snakeKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v && typeof v === 'object' && !isUnknown(v)) {
    const o: O = {};
    for (const [k, x] of Object.entries(v)) // IAM documents keep their own (PascalCase) schema; everything else becomes snake_case.
    o[toSnake(k)] = /^(Policy|KeyPolicy|ModelPackageGroupPolicy|ResourcePolicy)$|PolicyDocument$/.test(k) && x && typeof x === 'object' ? x : snakeKeys(x);
    return o;
  }
  return v;
}

export function toSnake(k: string): string {
  if (/^[a-z0-9_]+$/.test(k)) return k;
  return k
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * `managed_policy_arns` / CloudFormation `ManagedPolicyArns` may name a customer policy declared
 * beside the principal (`aws_iam_policy.p.arn`, `!Ref Policy`) or one the code leaves open
 * (`var.policy_arn`): its document joins `attached_policies`, as an attachment resource's would.
 * AWS-managed ARNs stay where they are; rules judge those by name.
 */
function attachListedPolicies(p: CloudResource, policyDoc: (v: JsonValue | undefined) => { name: string; arn?: string; document?: JsonValue }): void {
  const listed = p.attributes.managed_policy_arns;
  const entries = isUnknown(listed) ? [listed] : list(listed);
  for (const v of entries) {
    if (typeof v === 'string' && managedPolicyName(v)) continue;
    const doc = policyDoc(v);
    if (doc.document === undefined) continue;
    p.attributes.attached_policies = [...list(p.attributes.attached_policies), { name: doc.name, document: doc.document }];
    if (p.attrLines.managed_policy_arns !== undefined && p.attrLines.attached_policies === undefined) p.attrLines.attached_policies = p.attrLines.managed_policy_arns;
  }
}

/**
 * Folds companion resources into the resource they configure and adds synthetic ones (pipeline
 * steps, the account-level Bedrock/SageMaker platform). Input: every resource of one analysis set
 * (a Terraform module tree, a template, a manifest folder). Mutates and returns the asset-bearing ones.
 */
export function linkResources(all: CloudResource[]): CloudResource[] {
  for (const r of all) parsePolicies(r);
  const extra: CloudResource[] = [];
  for (const r of all) if (r.type === 'aws_sagemaker_pipeline') extra.push(...pipelineSteps(r));
  const resources = [...all, ...extra];
  const idx = new ResourceIndex(resources);
  const aiAws = resources.find((r) => isAwsAiType(r.type));
  let platform: CloudResource | undefined;
  if (aiAws) {
    platform = {
      provider: 'aws',
      type: 'aws_bedrock_platform',
      address: `aws_bedrock_platform.${aiAws.file.split('/').slice(0, -1).join('/') || 'root'}`,
      name: `AWS AI platform (${aiAws.file.split('/').slice(0, -1).join('/') || '.'})`,
      attributes: { name: 'AWS AI platform', services: [...new Set(resources.filter((r) => isAwsAiType(r.type)).map((r) => (r.type.startsWith('aws_sagemaker') ? 'sagemaker' : 'bedrock')))].sort(), kms_keys: [], vpc_endpoints: [], trails: [] },
      attrLines: {},
      file: aiAws.file,
      line: aiAws.line,
      source: aiAws.source,
    };
    resources.push(platform);
  }
  const policyDoc = (v: JsonValue | undefined): { name: string; arn?: string; document?: JsonValue } => {
    const pol = idx.find(v, ['aws_iam_policy']);
    if (pol) return { name: pol.name, document: pol.attributes.policy ?? null };
    const s = str(v);
    return s ? { name: s.split('/').pop() ?? s, arn: s } : { name: isUnknown(v) ? v.$unknown : 'unknown', document: v ?? null };
  };

  for (const p of resources) if (p.type === 'aws_iam_role' || p.type === 'aws_iam_user') attachListedPolicies(p, policyDoc);

  for (const c of resources) {
    const a = c.attributes;
    switch (c.type) {
      case 'aws_s3_bucket_public_access_block':
      case 'aws_s3_bucket_server_side_encryption_configuration':
      case 'aws_s3_bucket_versioning':
      case 'aws_s3_bucket_policy':
      case 'aws_s3_bucket_acl':
      case 'aws_s3_bucket_logging': {
        const b = idx.find(a.bucket, ['aws_s3_bucket']);
        if (!b) break;
        if (c.type.endsWith('public_access_block')) fold(b, 'public_access_block', a, c);
        else if (c.type.endsWith('encryption_configuration')) fold(b, 'server_side_encryption_configuration', { rule: a.rule ?? null }, c);
        else if (c.type.endsWith('versioning')) fold(b, 'versioning', { enabled: attr(a, 'versioning_configuration.status') === 'Enabled' }, c);
        else if (c.type.endsWith('policy')) fold(b, 'policy', a.policy ?? null, c);
        else if (c.type.endsWith('acl')) fold(b, 'acl', a.acl ?? null, c);
        else fold(b, 'logging', a, c);
        break;
      }
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy': {
        const p = idx.find(c.type === 'aws_iam_role_policy' ? a.role : a.user, [c.type === 'aws_iam_role_policy' ? 'aws_iam_role' : 'aws_iam_user']);
        if (p) fold(p, 'inline_policies', { name: str(a.name) ?? c.name, document: a.policy ?? null }, c, true);
        break;
      }
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_policy_attachment': {
        const targets = c.type === 'aws_iam_policy_attachment' ? [...list(a.roles).map((x) => idx.find(x, ['aws_iam_role'])), ...list(a.users).map((x) => idx.find(x, ['aws_iam_user']))] : [idx.find(c.type.includes('role') ? a.role : a.user, ['aws_iam_role', 'aws_iam_user'])];
        for (const t of targets) if (t) fold(t, 'attached_policies', policyDoc(a.policy_arn), c, true);
        break;
      }
      case 'aws_sagemaker_model_package_group_policy': {
        const g = idx.find(a.model_package_group_name, ['aws_sagemaker_model_package_group']);
        if (g) fold(g, 'resource_policy', parseJsonText(a.resource_policy) ?? null, c);
        break;
      }
      case 'aws_bedrockagent_agent_knowledge_base_association': {
        const ag = idx.find(a.agent_id, ['aws_bedrockagent_agent']);
        if (ag) fold(ag, 'knowledge_bases', a.knowledge_base_id ?? null, c, true);
        break;
      }
      case 'aws_opensearchserverless_security_policy': {
        const doc = parseJsonText(a.policy);
        const names = attrAll(doc, 'Rules.Resource').map((x) => String(x).replace(/^collection\//, ''));
        for (const col of resources.filter((r) => r.type === 'aws_opensearchserverless_collection')) {
          if (names.some((n) => n === col.name || (n.endsWith('*') && col.name.startsWith(n.slice(0, -1))))) fold(col, `${str(a.type) ?? 'unknown'}_policies`, doc ?? null, c, true);
        }
        break;
      }
      case 'aws_bedrock_model_invocation_logging_configuration':
        if (platform) fold(platform, 'invocation_logging', a.logging_config ?? {}, c);
        break;
      case 'aws_kms_key':
      case 'aws_vpc_endpoint':
      case 'aws_cloudtrail':
        if (platform) fold(platform, c.type === 'aws_kms_key' ? 'kms_keys' : c.type === 'aws_vpc_endpoint' ? 'vpc_endpoints' : 'trails', { ...a, address: c.address, file: c.file, line: c.line }, c, true);
        break;
      case 'azurerm_private_endpoint': {
        for (const psc of attrAll(a, 'private_service_connection')) {
          const t = idx.find(attr(psc, 'private_connection_resource_id'), ['azurerm_*']);
          if (t) fold(t, 'private_endpoints', c.address, c, true);
        }
        break;
      }
      // azurerm sets an account's key inline or with this resource (never both): the rule reads one place.
      case 'azurerm_cognitive_account_customer_managed_key': {
        const acct = idx.find(a.cognitive_account_id, ['azurerm_cognitive_account']);
        if (acct) fold(acct, 'customer_managed_key', { key_vault_key_id: a.key_vault_key_id ?? null, identity_client_id: a.identity_client_id ?? null }, c);
        break;
      }
      case 'azurerm_role_assignment': {
        const p = idx.find(a.principal_id, ['azurerm_*']);
        if (p) fold(p, 'role_assignments', { role: a.role_definition_name ?? a.role_definition_id ?? null, scope: a.scope ?? null, address: c.address }, c, true);
        break;
      }
      case 'google_project_iam_member':
      case 'google_project_iam_binding':
      case 'google_storage_bucket_iam_member':
      case 'google_storage_bucket_iam_binding': {
        const members = c.type.endsWith('binding') ? list(a.members) : [a.member ?? null];
        const bucket = c.type.startsWith('google_storage') ? idx.find(a.bucket, ['google_storage_bucket']) : undefined;
        if (bucket) for (const m of members) fold(bucket, 'iam_members', { role: a.role ?? null, member: m }, c, true);
        for (const m of members) {
          const sa = idx.find(m, ['google_service_account']) ?? (typeof m === 'string' ? resources.find((r) => r.type === 'google_service_account' && m.includes(`${r.name}@`)) : undefined);
          if (sa) fold(sa, c.type.startsWith('google_project') ? 'project_roles' : 'bucket_roles', { role: a.role ?? null, bucket: a.bucket ?? null, address: c.address }, c, true);
        }
        break;
      }
      case 'aws_iam_service_specific_credential': {
        const u = idx.find(a.user_name, ['aws_iam_user']);
        if (u) fold(u, 'service_specific_credentials', { service_name: a.service_name ?? null, status: a.status ?? 'Active', address: c.address }, c, true);
        break;
      }
      case 'google_service_account_key': {
        const sa = idx.find(a.service_account_id, ['google_service_account']);
        if (sa) fold(sa, 'keys', c.address, c, true);
        break;
      }
    }
  }
  return resources.filter((r) => r.type in CATALOG);
}
