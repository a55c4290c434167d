import { assetId } from '../../../core/ids.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { AssetKind } from '../../../core/vocabulary.js';
import { str } from './attrs.js';
import { CATALOG } from './catalog.js';

/** The stable asset id of a normalised resource (conventions in core/cloud-resource.ts). */
export function resourceAssetId(r: CloudResource): string {
  const kind = CATALOG[r.type]?.kind ?? 'workload';
  // A bucket whose name the code does not determine must not claim a URI it may not have.
  const named = (attrName: string) => typeof r.attributes[attrName] === 'string';
  // Nor an identity a name: its fallback name is the Terraform local name (`this`), which every
  // instance of a module shares. Named ones keep the name, the identity ARNs join on.
  const identity = (attrName: string, locator: string) => assetId('identity', r.provider, named(attrName) ? locator : `${r.type}:${r.file}#${r.address}`);
  switch (r.type) {
    case 'aws_s3_bucket':
      return named('bucket') ? assetId('storage', 'aws', `s3://${r.name}`) : assetId('storage', 'aws', `${r.type}:${r.file}#${r.address}`);
    case 'google_storage_bucket':
      return named('name') ? assetId('storage', 'gcp', `gs://${r.name}`) : assetId('storage', 'gcp', `${r.type}:${r.file}#${r.address}`);
    case 'azurerm_storage_account':
      return named('name') ? assetId('storage', 'azure', `https://${r.name.toLowerCase()}.blob.core.windows.net`) : assetId('storage', 'azure', `${r.type}:${r.file}#${r.address}`);
    case 'azurerm_storage_container': {
      const acct = str(r.attributes.storage_account_name) ?? 'unknown';
      return assetId('storage', 'azure', `https://${acct.toLowerCase()}.blob.core.windows.net/${r.name}`);
    }
    case 'aws_iam_role':
      return identity('name', `iam-role:${r.name}`);
    case 'aws_iam_user':
      return identity('name', `iam-user:${r.name}`);
    case 'google_service_account':
      return identity('account_id', `service-account:${r.name}`);
    case 'azurerm_user_assigned_identity':
      return identity('name', `managed-identity:${r.name}`);
    default:
      return byName(r, kind);
  }
}

// Module instances tell same-named resources apart as Terraform's addresses do (module.svc[0].aws_x.y).
function byName(r: CloudResource, kind: AssetKind): string {
  return assetId(kind, r.provider, `${r.module ? `${r.module}.` : ''}${r.type}:${r.name}`);
}

/**
 * Asset ids for the resources of one analyzer call. Two declarations (two addresses, or `count`
 * instances) that give an AI resource the same name would otherwise merge into one asset and be
 * judged once, so a failing one could hide behind a passing one: they may be real twins in two
 * accounts or regions, or a clash `apply` rejects, and the code cannot say which. Such a name is
 * claimed by none of them; each is keyed by file and address. Buckets and identities keep their
 * global ids (ARNs and URIs join on them).
 */
export function assetIdsFor(resources: readonly CloudResource[]): (r: CloudResource) => string {
  const claims = new Map<string, number>();
  for (const r of resources) {
    const id = resourceAssetId(r);
    if (id === byName(r, CATALOG[r.type]?.kind ?? 'workload')) claims.set(id, (claims.get(id) ?? 0) + 1);
  }
  return (r) => {
    const id = resourceAssetId(r);
    const kind = CATALOG[r.type]?.kind ?? 'workload';
    return (claims.get(id) ?? 0) > 1 ? assetId(kind, r.provider, `${r.type}:${r.file}#${r.address}`) : id;
  };
}
