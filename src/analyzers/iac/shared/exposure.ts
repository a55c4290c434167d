import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';
import { attr, attrAll, list } from './attrs.js';

/**
 * Whether a resource is reachable from the internet as declared, for the `exposed-to` edge.
 * `unknown` (a variable decides) never yields an edge: attack paths are built on facts.
 * The matching rules judge the same attributes and answer `manual` for unknowns.
 */
export function exposureOf(r: CloudResource): 'public' | 'private' | 'unknown' {
  const a = r.attributes;
  const known = (v: JsonValue | undefined) => !isUnknown(v);
  switch (r.type) {
    case 'aws_sagemaker_notebook_instance': {
      const v = a.direct_internet_access;
      return !known(v) ? 'unknown' : v === 'Disabled' ? 'private' : 'public';
    }
    case 'aws_sagemaker_domain': {
      const v = a.app_network_access_type;
      return !known(v) ? 'unknown' : v === 'VpcOnly' ? 'private' : 'public';
    }
    case 'aws_s3_bucket':
      return s3Public(a) ? 'public' : 'private';
    case 'aws_opensearchserverless_collection':
      return attrAll(a.network_policies, 'AllowFromPublic').includes(true) ? 'public' : 'private';
    case 'azurerm_cognitive_account':
    case 'azurerm_machine_learning_workspace':
    case 'azurerm_search_service': {
      const v = a.public_network_access_enabled;
      if (!known(v)) return 'unknown';
      if (v === false) return 'private';
      return attr(a, 'network_acls.default_action') === 'Deny' ? 'private' : 'public';
    }
    case 'azurerm_ai_services':
    case 'azurerm_ai_foundry': {
      const v = a.public_network_access;
      return !known(v) ? 'unknown' : v === 'Disabled' ? 'private' : attr(a, 'network_acls.default_action') === 'Deny' ? 'private' : 'public';
    }
    case 'azurerm_machine_learning_compute_instance': {
      const v = a.node_public_ip_enabled;
      return !known(v) ? 'unknown' : v === false ? 'private' : 'public';
    }
    case 'azurerm_storage_account':
      return a.allow_nested_items_to_be_public === true ? 'public' : 'private';
    case 'google_vertex_ai_endpoint': {
      const net = a.network;
      const psc = attr(a, 'private_service_connect_config.enable_private_service_connect');
      if (!known(net) || !known(psc)) return 'unknown';
      return net || psc === true ? 'private' : 'public';
    }
    case 'google_vertex_ai_index_endpoint': {
      const v = a.public_endpoint_enabled;
      return !known(v) ? 'unknown' : v === true ? 'public' : 'private';
    }
    case 'google_workbench_instance': {
      const v = attr(a, 'gce_setup.disable_public_ip');
      return !known(v) ? 'unknown' : v === true ? 'private' : 'public';
    }
    case 'google_notebooks_instance': {
      const v = a.no_public_ip;
      return !known(v) ? 'unknown' : v === true ? 'private' : 'public';
    }
    case 'google_storage_bucket':
      return list(a.iam_members).some((m) => /^(allUsers|allAuthenticatedUsers)$/.test(String((m as Record<string, JsonValue>)?.member))) ? 'public' : 'private';
    default:
      return 'private';
  }
}

/** A bucket is public when an ACL or an unconditioned `Principal: *` Allow grants it and no access block stops it. */
export function s3Public(a: { [k: string]: JsonValue }): boolean {
  const pab = a.public_access_block;
  const blocked = (k: string) => attr(pab, k) === true;
  const aclPublic = typeof a.acl === 'string' && /^public-read/.test(a.acl) && !blocked('block_public_acls') && !blocked('ignore_public_acls');
  const st = list(attr(a, 'policy.Statement') !== undefined ? (a.policy as { Statement: JsonValue }).Statement : undefined);
  const policyPublic =
    !blocked('block_public_policy') &&
    !blocked('restrict_public_buckets') &&
    st.some((s) => {
      const o = (s ?? {}) as Record<string, JsonValue>;
      const p = o.Principal;
      const star = p === '*' || attrAll(p, 'AWS').includes('*');
      return o.Effect === 'Allow' && star && o.Condition === undefined;
    });
  return aclPublic || policyPublic;
}
