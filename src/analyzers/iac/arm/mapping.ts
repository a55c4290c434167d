import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';
import { attr, list } from '../shared/attrs.js';
import { armBool } from './expressions.js';

type O = { [k: string]: JsonValue };

/** Well-known Azure built-in role definition GUIDs → names (role assignments name them by id). */
const ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd': 'Cognitive Services OpenAI User',
  'a001fd3d-188f-4b5d-821b-7da978bf7442': 'Cognitive Services OpenAI Contributor',
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1': 'Storage Blob Data Reader',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor',
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
};

// Boolean properties may be written as text ('false'); ARM reads them as booleans, so must we.
const flag = (v: JsonValue | undefined): JsonValue | undefined => (v === undefined ? undefined : (armBool(v) ?? v));
const not = (v: JsonValue | undefined): JsonValue | undefined => {
  const b = armBool(v);
  return v === undefined ? undefined : b === undefined ? { $unknown: `not ${JSON.stringify(v)}` } : isUnknown(b) ? b : !b;
};
const enabled = (v: JsonValue | undefined): JsonValue | undefined => (v === undefined ? undefined : isUnknown(v) ? v : String(v).toLowerCase() === 'enabled');
const identity = (r: O): JsonValue | undefined => {
  const id = r.identity as O | undefined;
  if (!id || typeof id !== 'object') return undefined;
  const ids = id.userAssignedIdentities && typeof id.userAssignedIdentities === 'object' && !isUnknown(id.userAssignedIdentities) ? Object.keys(id.userAssignedIdentities as O) : [];
  return { type: id.type ?? null, identity_ids: ids };
};

// networkAcls from a parameter without a default stays unknown (it may deny or allow), not an ACL without a default action.
const acl = (v: JsonValue): JsonValue => (isUnknown(v) ? v : { default_action: attr(v, 'defaultAction') ?? null });

function put(o: O, k: string, v: JsonValue | undefined): void {
  if (v !== undefined) o[k] = v;
}

/**
 * ARM resource (already expression-evaluated) → canonical type and azurerm-style attributes.
 * Returns undefined for types aispm does not model. `parentAddress` is the enclosing resource for
 * nested child resources.
 */
export function mapArm(r: O, name: string): { type: string; attributes: O } | undefined {
  const type = String(r.type ?? '').toLowerCase();
  const p = (r.properties ?? {}) as O;
  const a: O = { name };
  switch (type) {
    case 'microsoft.cognitiveservices/accounts':
      put(a, 'kind', r.kind);
      put(a, 'public_network_access_enabled', enabled(p.publicNetworkAccess));
      put(a, 'local_auth_enabled', not(p.disableLocalAuth));
      put(a, 'custom_subdomain_name', p.customSubDomainName);
      put(a, 'outbound_network_access_restricted', flag(p.restrictOutboundNetworkAccess));
      if (p.networkAcls) a.network_acls = acl(p.networkAcls);
      {
        // A key source set by a parameter without a default is undecided, not Microsoft-managed.
        const src = isUnknown(p.encryption) ? p.encryption : attr(p.encryption, 'keySource');
        if (isUnknown(src)) a.customer_managed_key = src;
        else if (src === 'Microsoft.KeyVault') a.customer_managed_key = { key_vault_key_id: attr(p.encryption, 'keyVaultProperties.keyName') ?? null };
      }
      put(a, 'identity', identity(r));
      return { type: 'azurerm_cognitive_account', attributes: a };
    case 'microsoft.cognitiveservices/accounts/deployments':
      put(a, 'rai_policy_name', p.raiPolicyName);
      put(a, 'version_upgrade_option', p.versionUpgradeOption);
      if (p.model) a.model = { format: attr(p.model, 'format') ?? null, name: attr(p.model, 'name') ?? null, version: attr(p.model, 'version') ?? null };
      return { type: 'azurerm_cognitive_deployment', attributes: a };
    case 'microsoft.cognitiveservices/accounts/raipolicies':
      put(a, 'base_policy_name', p.basePolicyName);
      put(a, 'mode', p.mode);
      // A filter list or entry from a parameter without a default stays unknown (it may hold any filter).
      a.content_filter = isUnknown(p.contentFilters) ? p.contentFilters : list(p.contentFilters).map((f) => (isUnknown(f) ? f : { name: attr(f, 'name') ?? null, filter_enabled: flag(attr(f, 'enabled')) ?? null, block_enabled: flag(attr(f, 'blocking')) ?? null, severity_threshold: attr(f, 'severityThreshold') ?? null, source: attr(f, 'source') ?? null }));
      return { type: 'azurerm_cognitive_account_rai_policy', attributes: a };
    case 'microsoft.machinelearningservices/workspaces':
      put(a, 'public_network_access_enabled', enabled(p.publicNetworkAccess));
      put(a, 'high_business_impact', flag(p.hbiWorkspace));
      if (attr(p.encryption, 'status') === 'Enabled') a.encryption = { key_id: attr(p.encryption, 'keyVaultProperties.keyIdentifier') ?? null };
      if (p.managedNetwork) a.managed_network = { isolation_mode: attr(p.managedNetwork, 'isolationMode') ?? null };
      put(a, 'identity', identity(r));
      return { type: 'azurerm_machine_learning_workspace', attributes: a };
    case 'microsoft.machinelearningservices/workspaces/computes': {
      const ct = String(p.computeType ?? '');
      const inner = (p.properties ?? {}) as O;
      put(a, 'local_auth_enabled', not(p.disableLocalAuth));
      if (ct === 'ComputeInstance') {
        put(a, 'node_public_ip_enabled', flag(inner.enableNodePublicIp));
        return { type: 'azurerm_machine_learning_compute_instance', attributes: a };
      }
      if (ct === 'AmlCompute') {
        put(a, 'node_public_ip_enabled', flag(inner.enableNodePublicIp));
        return { type: 'azurerm_machine_learning_compute_cluster', attributes: a };
      }
      return undefined;
    }
    case 'microsoft.search/searchservices':
      put(a, 'public_network_access_enabled', enabled(p.publicNetworkAccess));
      put(a, 'local_authentication_enabled', not(p.disableLocalAuth));
      put(a, 'identity', identity(r));
      return { type: 'azurerm_search_service', attributes: a };
    case 'microsoft.storage/storageaccounts':
      put(a, 'allow_nested_items_to_be_public', flag(p.allowBlobPublicAccess));
      put(a, 'shared_access_key_enabled', flag(p.allowSharedKeyAccess));
      put(a, 'public_network_access_enabled', enabled(p.publicNetworkAccess));
      if (p.networkAcls) a.network_rules = acl(p.networkAcls);
      put(a, 'min_tls_version', p.minimumTlsVersion);
      return { type: 'azurerm_storage_account', attributes: a };
    case 'microsoft.keyvault/vaults':
      put(a, 'purge_protection_enabled', flag(p.enablePurgeProtection));
      put(a, 'public_network_access_enabled', enabled(p.publicNetworkAccess));
      if (p.networkAcls) a.network_acls = acl(p.networkAcls);
      return { type: 'azurerm_key_vault', attributes: a };
    case 'microsoft.network/privateendpoints':
      a.private_service_connection = list(p.privateLinkServiceConnections).map((c) => ({ private_connection_resource_id: attr(c, 'properties.privateLinkServiceId') ?? null }));
      return { type: 'azurerm_private_endpoint', attributes: a };
    case 'microsoft.authorization/roleassignments': {
      const def = p.roleDefinitionId;
      const text = typeof def === 'string' ? def : isUnknown(def) ? def.$unknown : '';
      const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(text)?.[1]?.toLowerCase();
      a.role_definition_name = (guid && ROLES[guid]) || (typeof def === 'string' ? def : def === undefined ? null : def);
      put(a, 'principal_id', p.principalId);
      put(a, 'scope', r.scope ?? p.scope);
      return { type: 'azurerm_role_assignment', attributes: a };
    }
    case 'microsoft.managedidentity/userassignedidentities':
      return { type: 'azurerm_user_assigned_identity', attributes: a };
    default:
      return undefined;
  }
}
