import type { JsonValue } from '../../../core/index.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { arm, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, isUnknown, list, loc, present, undecided } from '../cloud-shared/resource.js';
import type { CloudResource } from '../../../core/cloud-resource.js';

const search = (extra: string) => `resource "azurerm_search_service" "s" {\n  name                = "acme-search"\n  resource_group_name = "rg-ai"\n  location            = "eastus"\n  sku                 = "standard"\n${extra}}\n`;
const sa = (extra: string) => `resource "azurerm_storage_account" "sa" {\n  name                     = "acmetrainingdata"\n  resource_group_name      = "rg-ai"\n  location                 = "eastus"\n  account_tier             = "Standard"\n  account_replication_type = "GRS"\n${extra}}\n`;
const kv = (extra: string) => `resource "azurerm_key_vault" "kv" {\n  name                = "acme-ai-kv"\n  location            = "eastus"\n  resource_group_name = "rg-ai"\n  tenant_id           = "00000000-0000-0000-0000-000000000000"\n  sku_name            = "standard"\n${extra}}\n`;
const armSa = (props: Record<string, unknown>) => [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'acmetrainingdata', location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_GRS' }, properties: props }];

/** Public unless public access is off or the network default is Deny. */
function networkClosed(r: CloudResource, aclPath: string): RuleVerdict {
  const v = get(r.attributes, 'public_network_access_enabled');
  const acl = get(r.attributes, aclPath);
  // Either setting alone closes the service, so one known safe makes the other irrelevant.
  if (v === false || acl === 'Deny') return { status: 'pass', message: `${r.address}: not reachable from public networks`, location: loc(r, 'public_network_access_enabled') };
  if (undecided(v)) return { status: 'manual', message: `${r.address}: public network access is set by \`${v.$unknown}\``, location: loc(r, 'public_network_access_enabled') };
  // Only a default action can close the service (Search passes its bypass option for the location only).
  if (aclPath.endsWith('default_action') && undecided(acl)) return { status: 'manual', message: `${r.address}: public network access is on and the network default action is set by \`${acl.$unknown}\``, location: loc(r, aclPath) };
  return { status: 'fail', message: `${r.address}: reachable from all networks`, location: loc(r, v === undefined ? aclPath : 'public_network_access_enabled') };
}

/** Azure AI Search, storage accounts and Key Vault around AI workloads (Checkov CKV_AZURE_207/209, 33/59/190, 42/109/110 family). */
export const azureDataRules = [
  iacRule({
    id: 'azure_search_public_network_access_disabled',
    title: 'Azure AI Search services used for retrieval are not reachable from public networks',
    severity: 'high',
    category: 'exposure',
    risk: 'A public search index used for RAG can be queried for indexed documents, and with an admin key, poisoned.',
    remediation: 'Set public_network_access_enabled = false and use a private endpoint.',
    frameworks: { ...FW.exposure, 'owasp-llm-2025': ['LLM08', 'LLM02'] },
    types: ['azurerm_search_service'],
    check: (r) => networkClosed(r, 'network_rule_bypass_option'),
    examples: { pass: [tf('private', search('  public_network_access_enabled = false\n'))], fail: [tf('default', search(''))] },
  }),
  iacRule({
    id: 'azure_search_local_auth_disabled',
    title: 'Azure AI Search services accept Entra ID only, not API keys',
    severity: 'medium',
    category: 'identity',
    risk: 'Search admin and query keys are shared secrets; an admin key lets anyone rewrite the retrieval index that grounds the model.',
    remediation: 'Set local_authentication_enabled = false and grant Search Index Data roles.',
    frameworks: { ...FW.keyAuth, 'owasp-llm-2025': ['LLM08'] },
    types: ['azurerm_search_service'],
    check: (r) => expectAttr(r, 'local_authentication_enabled', { dflt: true, what: 'key authentication', ok: (v) => v === false, fail: 'API-key authentication is enabled', pass: 'key authentication disabled' }),
    examples: { pass: [tf('off', search('  local_authentication_enabled = false\n'))], fail: [tf('default', search(''))] },
  }),
  iacRule({
    id: 'azure_search_managed_identity',
    title: 'Azure AI Search services have a managed identity',
    severity: 'low',
    category: 'identity',
    risk: 'Without a managed identity, indexers pull data with connection strings holding storage keys.',
    remediation: 'Add an identity block.',
    frameworks: FW.keyAuth,
    types: ['azurerm_search_service'],
    check: (r) => expectAttr(r, 'identity.type', { what: 'identity', ok: present, fail: 'no managed identity', pass: 'has a managed identity' }),
    examples: { pass: [tf('identity', search('  identity {\n    type = "SystemAssigned"\n  }\n'))], fail: [tf('none', search(''))] },
  }),
  iacRule({
    id: 'azure_storage_account_public_blob_access_disabled',
    title: 'Azure storage accounts do not allow anonymous blob access',
    severity: 'high',
    category: 'exposure',
    risk: 'With nested public access allowed, one container set to public exposes training data or model files to the internet.',
    remediation: 'Set allow_nested_items_to_be_public = false.',
    remediationCode: { terraform: 'allow_nested_items_to_be_public = false' },
    frameworks: FW.dataIntegrity,
    types: ['azurerm_storage_account'],
    check: (r) => expectAttr(r, 'allow_nested_items_to_be_public', { dflt: true, what: 'anonymous blob access', ok: (v) => v === false, fail: 'containers may be made public', pass: 'anonymous access disallowed' }),
    examples: { pass: [tf('off', sa('  allow_nested_items_to_be_public = false\n')), arm('arm off', armSa({ allowBlobPublicAccess: false }))], fail: [tf('on', sa('  allow_nested_items_to_be_public = true\n')), arm('arm on', armSa({ allowBlobPublicAccess: true }))] },
  }),
  iacRule({
    id: 'azure_storage_account_shared_key_disabled',
    title: 'Azure storage accounts disable shared-key authorization',
    severity: 'medium',
    category: 'identity',
    risk: 'Account keys and SAS tokens derived from them grant full data access with no identity; they leak into notebooks and pipelines.',
    remediation: 'Set shared_access_key_enabled = false and use Entra ID roles.',
    frameworks: FW.keyAuth,
    types: ['azurerm_storage_account'],
    check: (r) => expectAttr(r, 'shared_access_key_enabled', { dflt: true, what: 'shared key access', ok: (v) => v === false, fail: 'shared-key (account key / SAS) access is enabled', pass: 'shared-key access disabled' }),
    examples: { pass: [tf('off', sa('  shared_access_key_enabled = false\n'))], fail: [tf('default', sa(''))] },
  }),
  iacRule({
    id: 'azure_storage_account_network_default_deny',
    title: 'Azure storage accounts deny network access by default',
    severity: 'medium',
    category: 'exposure',
    risk: 'A storage account open to all networks can be reached from anywhere with a leaked key or SAS.',
    remediation: 'Set public_network_access_enabled = false or network_rules { default_action = "Deny" }.',
    frameworks: FW.dataIntegrity,
    types: ['azurerm_storage_account'],
    check: (r) => networkClosed(r, 'network_rules.default_action'),
    examples: { pass: [tf('deny', sa('  network_rules {\n    default_action = "Deny"\n  }\n')), arm('arm deny', armSa({ networkAcls: { defaultAction: 'Deny' } }))], fail: [tf('default', sa(''))] },
  }),
  iacRule({
    id: 'azure_key_vault_purge_protection_enabled',
    title: 'Key Vaults holding AI keys have purge protection',
    severity: 'medium',
    category: 'encryption',
    risk: 'Without purge protection, deleting the vault or key destroys customer-managed keys for good, and with them access to encrypted models and data.',
    remediation: 'Set purge_protection_enabled = true.',
    frameworks: FW.encryption,
    types: ['azurerm_key_vault'],
    check: (r) => expectAttr(r, 'purge_protection_enabled', { dflt: false, what: 'purge protection', ok: (v) => v === true, fail: 'purge protection is off', pass: 'purge protection on' }),
    examples: { pass: [tf('on', kv('  purge_protection_enabled = true\n'))], fail: [tf('default', kv(''))] },
  }),
  iacRule({
    id: 'azure_key_vault_network_default_deny',
    title: 'Key Vaults deny network access by default',
    severity: 'medium',
    category: 'exposure',
    risk: 'A vault reachable from all networks exposes AI service keys and connection strings to anyone with a leaked credential.',
    remediation: 'Set public_network_access_enabled = false or network_acls { default_action = "Deny" }.',
    frameworks: FW.secrets,
    types: ['azurerm_key_vault'],
    check: (r) => networkClosed(r, 'network_acls.default_action'),
    examples: { pass: [tf('deny', kv('  network_acls {\n    default_action = "Deny"\n    bypass = "AzureServices"\n  }\n'))], fail: [tf('default', kv(''))] },
  }),
  iacRule({
    id: 'azure_identity_no_privileged_role_assignments',
    title: 'Identities used by Azure AI resources hold no Owner, Contributor or User Access Administrator roles',
    severity: 'high',
    category: 'identity',
    risk: 'A managed identity of an AI service or notebook with Owner/Contributor can change or read everything in its scope; code or prompts running as it inherit that power.',
    remediation: 'Assign data-plane roles scoped to the specific resources (e.g. Storage Blob Data Reader on one container).',
    frameworks: FW.identity,
    types: ['azurerm_user_assigned_identity', 'azurerm_cognitive_account', 'azurerm_machine_learning_workspace', 'azurerm_search_service', 'azurerm_ai_services'],
    check: (r) => {
      const ras = list(r.attributes.role_assignments).filter((x): x is Record<string, JsonValue> => !!x && typeof x === 'object' && !Array.isArray(x));
      if (!ras.length && r.type !== 'azurerm_user_assigned_identity') return undefined;
      const bad = ras.filter((x) => /^(Owner|Contributor|User Access Administrator)$/.test(String(x.role)));
      const open = bad.length ? undefined : ras.map((x) => x.role).find(isUnknown);
      if (open && isUnknown(open)) return { status: 'manual', message: `${r.address}: a role assignment's role is set by \`${open.$unknown}\`, which the code does not decide`, location: loc(r, 'role_assignments') };
      return bad.length ? bad.map((b) => ({ status: 'fail' as const, message: `${r.address}: holds ${String(b.role)} via ${String(b.address)}`, location: loc(r, 'role_assignments'), evidenceKey: String(b.address) })) : { status: 'pass', message: `${r.address}: no privileged role assignments` };
    },
    examples: {
      pass: [tf('reader', 'resource "azurerm_user_assigned_identity" "id" {\n  name = "acme-ml-id"\n  location = "eastus"\n  resource_group_name = "rg-ai"\n}\nresource "azurerm_role_assignment" "ra" {\n  scope = "/subscriptions/0/resourceGroups/rg-ai"\n  role_definition_name = "Storage Blob Data Reader"\n  principal_id = azurerm_user_assigned_identity.id.principal_id\n}\n')],
      fail: [tf('owner', 'resource "azurerm_user_assigned_identity" "id" {\n  name = "acme-ml-id"\n  location = "eastus"\n  resource_group_name = "rg-ai"\n}\nresource "azurerm_role_assignment" "ra" {\n  scope = "/subscriptions/0/resourceGroups/rg-ai"\n  role_definition_name = "Owner"\n  principal_id = azurerm_user_assigned_identity.id.principal_id\n}\n')],
    },
  }),
];
