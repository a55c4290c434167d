import type { Asset, JsonValue, Relation } from '../../../core/asset.js';
import { assetId } from '../../../core/ids.js';
import { internetAsset } from '../../../core/internet.js';
import { INTERNET_ID } from '../../../core/ids.js';
import type { RelationKind } from '../../../core/vocabulary.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';
import { attr, attrAll, list, str } from './attrs.js';
import { CATALOG } from './catalog.js';
import { actionLevel, iamMatch, LEVEL_RANK, principalGrants, grantsOf, type AccessLevel, type Grant } from './iam.js';
import { ResourceIndex } from './link.js';
import { exposureOf } from './exposure.js';
import { redactResource } from './redact.js';
import { assetIdsFor } from './resource-ids.js';

export { resourceAssetId } from './resource-ids.js';

/** An identity asset for a principal named by ARN but not declared here, so edges to it survive the merge. */
function stubIdentity(id: string, name: string, provider: string, type: string): Asset {
  return { id, kind: 'identity', name, provider, type, locations: [], properties: {} };
}

/** Output of {@link emitResources}. */
export interface Emitted {
  assets: Asset[];
  relations: Relation[];
}

const RUNS_AS_ATTRS = ['role_arn', 'execution_role_arn', 'agent_resource_role_arn', 'default_user_settings.execution_role', 'user_settings.execution_role', 'service_account', 'gce_setup.service_accounts.email', 'service_account_email', 'data_access_role_arn'];

/**
 * Turns linked resources into assets (one per resource, `properties.resource` = the resource) and
 * the relations attack paths need. `only` restricts emission to resources declared in one file
 * (every file of a Terraform folder is its own analyzer call; each emits its own resources).
 */
export function emitResources(resources: CloudResource[], only?: (r: CloudResource) => boolean): Emitted {
  const idx = new ResourceIndex(resources);
  const idOf = assetIdsFor(resources);
  const assets: Asset[] = [];
  const relations: Relation[] = [];
  const rel = (from: string, to: string, kind: RelationKind, properties?: Relation['properties']) => relations.push(properties ? { from, to, kind, properties } : { from, to, kind });
  let internet = false;

  const identityFor = (v: JsonValue | undefined): string | undefined => {
    const target = idx.find(v, ['aws_iam_role', 'aws_iam_user', 'google_service_account', 'azurerm_user_assigned_identity']);
    if (target) return idOf(target);
    const s = str(v);
    const m = s ? /^arn:aws[\w-]*:iam::[^:]*:(role|user)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(s) : null;
    if (m) {
      const id = assetId('identity', 'aws', `iam-${m[1]}:${m[2]}`);
      assets.push(stubIdentity(id, m[2]!, 'aws', m[1] === 'role' ? 'aws_iam_role' : 'aws_iam_user'));
      return id;
    }
    const sa = s ? /^([\w-]+)@[\w-]+\.iam\.gserviceaccount\.com$/.exec(s) : null;
    if (sa) {
      const id = assetId('identity', 'gcp', `service-account:${sa[1]}`);
      assets.push(stubIdentity(id, sa[1]!, 'gcp', 'google_service_account'));
      return id;
    }
    return undefined;
  };

  for (const r of resources) {
    if (only && !only(r)) continue;
    const entry = CATALOG[r.type];
    if (!entry) continue;
    const id = idOf(r);
    assets.push({
      id,
      kind: entry.kind,
      name: r.name,
      provider: r.provider,
      type: r.type,
      locations: [{ path: r.file, line: r.line, resource: r.address }],
      properties: { resource: redactResource(r) as unknown as JsonValue, source: r.source },
    });
    const a = r.attributes;

    for (const p of RUNS_AS_ATTRS) {
      const to = identityFor(attr(a, p));
      if (to && to !== id) rel(id, to, 'runs-as');
    }
    for (const uid of attrAll(a, 'identity.identity_ids')) {
      const to = identityFor(uid);
      if (to) rel(id, to, 'runs-as');
    }

    if (exposureOf(r) === 'public') {
      internet = true;
      rel(INTERNET_ID, id, 'exposed-to', { reason: `${r.type} is reachable from the internet` });
    }

    // serves / stored-in / guarded-by / retrieves-from, by type.
    const link = (v: JsonValue | undefined, types: string[], kind: RelationKind, reverse = false) => {
      const t = idx.find(v, types);
      if (!t) return;
      if (reverse) rel(idOf(t), id, kind);
      else rel(id, idOf(t), kind);
    };
    const s3 = (v: JsonValue | undefined, kind: RelationKind) => {
      const s = str(v);
      const m = s ? /^(?:s3:\/\/|arn:aws:s3:::)([^/]+)/.exec(s) : null;
      if (m) rel(id, assetId('storage', 'aws', `s3://${m[1]}`), kind);
      else link(v, ['aws_s3_bucket'], kind);
    };
    switch (r.type) {
      case 'aws_sagemaker_endpoint': {
        const cfg = idx.find(a.endpoint_config_name, ['aws_sagemaker_endpoint_configuration']);
        if (cfg) {
          rel(id, idOf(cfg), 'depends-on');
          for (const m of attrAll(cfg.attributes, 'production_variants.model_name')) link(m, ['aws_sagemaker_model'], 'serves');
        }
        break;
      }
      case 'aws_sagemaker_endpoint_configuration':
        for (const m of attrAll(a, 'production_variants.model_name')) link(m, ['aws_sagemaker_model'], 'serves');
        break;
      case 'aws_sagemaker_model':
        for (const u of [...attrAll(a, 'primary_container.model_data_url'), ...attrAll(a, 'container.model_data_url')]) s3(u, 'stored-in');
        break;
      case 'aws_sagemaker_training_job':
        for (const u of attrAll(a, 'input_data_config.data_source.s3_data_source.s3_uri')) s3(u, 'trained-on');
        s3(attr(a, 'output_data_config.s3_output_path'), 'writes');
        break;
      case 'aws_sagemaker_feature_group':
        s3(attr(a, 'offline_store_config.s3_storage_config.s3_uri'), 'stored-in');
        break;
      case 'aws_bedrock_custom_model':
        s3(attr(a, 'training_data_config.s3_uri'), 'trained-on');
        s3(attr(a, 'output_data_config.s3_uri'), 'stored-in');
        break;
      case 'aws_bedrockagent_agent':
        link(attr(a, 'guardrail_configuration.guardrail_identifier'), ['aws_bedrock_guardrail'], 'guarded-by');
        for (const kb of list(a.knowledge_bases)) link(kb, ['aws_bedrockagent_knowledge_base'], 'retrieves-from');
        break;
      case 'aws_bedrockagent_knowledge_base':
        link(attr(a, 'storage_configuration.opensearch_serverless_configuration.collection_arn'), ['aws_opensearchserverless_collection'], 'stored-in');
        break;
      case 'aws_bedrockagent_data_source':
        s3(attr(a, 'data_source_configuration.s3_configuration.bucket_arn'), 'stored-in');
        link(a.knowledge_base_id, ['aws_bedrockagent_knowledge_base'], 'retrieves-from', true);
        break;
      case 'azurerm_cognitive_deployment': {
        link(a.cognitive_account_id, ['azurerm_cognitive_account', 'azurerm_ai_services'], 'serves', true);
        const pol = str(a.rai_policy_name);
        const rp = pol ? resources.find((x) => x.type === 'azurerm_cognitive_account_rai_policy' && x.name === pol) : undefined;
        if (rp) rel(id, idOf(rp), 'guarded-by');
        break;
      }
      case 'azurerm_storage_container':
        link(a.storage_account_id ?? a.storage_account_name, ['azurerm_storage_account'], 'contains', true);
        break;
    }
    accessEdges(r, id, idx, resources, rel, identityFor, idOf);
  }
  if (internet) assets.push(internetAsset());
  return { assets, relations };
}

type Rel = (from: string, to: string, kind: RelationKind, properties?: Relation['properties']) => void;

const SERVICE_OF: [RegExp, string][] = [
  [/^aws_s3_bucket$/, 's3'],
  [/^aws_sagemaker_/, 'sagemaker'],
  [/^aws_bedrock/, 'bedrock'],
  [/^aws_opensearchserverless_/, 'aoss'],
];

/** `can-access` edges: from a principal's policies, and from resource policies naming principals. */
function accessEdges(r: CloudResource, id: string, idx: ResourceIndex, resources: CloudResource[], rel: Rel, identityFor: (v: JsonValue | undefined) => string | undefined, idOf: (r: CloudResource) => string): void {
  if (r.type === 'aws_iam_role' || r.type === 'aws_iam_user') {
    const grants = principalGrants(r);
    for (const t of resources) {
      const svc = SERVICE_OF.find(([re]) => re.test(t.type))?.[1];
      if (!svc || !CATALOG[t.type] || t.type === 'aws_bedrock_platform') continue;
      const arnish = svc === 's3' ? [`arn:aws:s3:::${t.name}`, `arn:aws:s3:::${t.name}/x`] : [t.name];
      // A NotAction grant reaches the service unless it excludes the whole service.
      const excluded = (g: Grant) => !!g.notActions?.some((p) => p === '*' || iamMatch(p, `${svc}:*`));
      const best = strongest(grants, (g) => (excluded(g) ? [] : g.actions.filter((ac) => ac === '*' || iamMatch(ac.split(':')[0]!, svc) || iamMatch(ac, `${svc}:x`))), (g) => g.resources.some((res) => res === '*' || arnish.some((x) => iamMatch(res, x)) || res.includes(t.name)));
      if (best) rel(id, idOf(t), 'can-access', best);
    }
  }
  if (r.type === 'aws_s3_bucket') {
    for (const s of list(attr(r.attributes, 'policy.Statement') === undefined ? undefined : (r.attributes.policy as { Statement?: JsonValue }).Statement)) {
      if (!s || typeof s !== 'object' || Array.isArray(s) || (s as Record<string, JsonValue>).Effect !== 'Allow') continue;
      const st = s as Record<string, JsonValue>;
      const principals = st.Principal === '*' ? [] : attrAll(st.Principal, 'AWS');
      const g = grantsOf({ Statement: [st] }, 'bucket policy');
      const best = strongest(g, (x) => x.actions, () => true);
      for (const p of principals) {
        const from = identityFor(p);
        if (from && best) rel(from, id, 'can-access', best);
      }
    }
  }
  for (const ra of list(r.attributes.role_assignments)) {
    const o = (ra ?? {}) as Record<string, JsonValue>;
    const scope = idx.find(o.scope, ['azurerm_*']);
    const role = str(o.role) ?? '';
    const level: AccessLevel = /^(Owner|User Access Administrator)$/.test(role) ? 'admin' : /Contributor|Owner/.test(role) ? 'write' : /Reader|User/.test(role) ? 'read' : 'write';
    if (scope && CATALOG[scope.type]) rel(id, idOf(scope), 'can-access', { level, actions: [role], via: str(o.address) ?? 'role assignment' });
  }
  if (r.type === 'google_service_account') {
    for (const pr of list(r.attributes.project_roles)) {
      const role = str((pr as Record<string, JsonValue>)?.role) ?? '';
      const level: AccessLevel | undefined = /roles\/(owner)$/.test(role) || /\.admin$/.test(role) ? 'admin' : /roles\/editor$/.test(role) ? 'write' : /viewer|reader|user/i.test(role) ? 'read' : undefined;
      if (!level) continue;
      for (const t of resources) {
        const svc = t.type === 'google_storage_bucket' ? 'storage' : t.type.startsWith('google_vertex_ai') ? 'aiplatform' : undefined;
        if (!svc || !(/roles\/(owner|editor|viewer)$/.test(role) || role.includes(`roles/${svc}.`))) continue;
        rel(idOf(r), idOf(t), 'can-access', { level, actions: [role], via: 'project IAM' });
      }
    }
    for (const br of list(r.attributes.bucket_roles)) {
      const o = (br ?? {}) as Record<string, JsonValue>;
      const b = idx.find(o.bucket, ['google_storage_bucket']);
      const role = str(o.role) ?? '';
      if (b) rel(idOf(r), idOf(b), 'can-access', { level: /admin/.test(role) ? 'admin' : /viewer|reader/i.test(role) ? 'read' : 'write', actions: [role], via: 'bucket IAM' });
    }
  }
}

function strongest(grants: Grant[], actionsOf: (g: Grant) => string[], resourceOk: (g: Grant) => boolean): Relation['properties'] | undefined {
  let best: { level: AccessLevel; actions: string[]; via: string } | undefined;
  for (const g of grants) {
    if (!resourceOk(g)) continue;
    const acts = actionsOf(g).filter((x) => !isUnknown(x));
    for (const ac of acts) {
      const level = actionLevel(ac);
      if (!best || LEVEL_RANK[level] > LEVEL_RANK[best.level]) best = { level, actions: [ac], via: g.via };
      else if (level === best.level && !best.actions.includes(ac)) best.actions.push(ac);
    }
  }
  return best;
}
