import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { cognitiveRules } from './cognitive.js';
import { azureDataRules } from './data.js';

const account = (type: string, attributes: Record<string, JsonValue>): Asset => {
  const r: CloudResource = { provider: 'azure', type, address: `${type}.oai`, name: 'oai', attributes: { name: 'oai', ...attributes }, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' };
  return { id: r.address, kind: 'ai-service', name: 'oai', provider: 'azure', type, locations: [{ path: 'main.tf', line: 1 }], properties: { resource: r as unknown as JsonValue } };
};
const status = (a: Asset, id = 'azure_cognitive_account_public_network_access_disabled') => {
  const v = [...cognitiveRules, ...azureDataRules].find((r) => r.id === id)!.evaluate(a, { graph: undefined as never });
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.status);
};
const fromParam = { $unknown: "parameters('publicNetworkAccess')" };
const deny = { network_acls: [{ default_action: 'Deny' }] };

// Public network access and a default-deny ACL each keep the account private on their own: when one
// is known safe, the other being undecided does not matter.
describe('Azure public network access set by a parameter the code does not resolve', () => {
  it('passes when the network ACL denies by default', () => {
    expect(status(account('azurerm_cognitive_account', { public_network_access_enabled: fromParam, ...deny }))).toEqual(['pass']);
    expect(status(account('azurerm_ai_services', { public_network_access: fromParam, ...deny }))).toEqual(['pass']);
  });

  it('stays manual when the ACL allows by default or is absent', () => {
    expect(status(account('azurerm_cognitive_account', { public_network_access_enabled: fromParam, network_acls: [{ default_action: 'Allow' }] }))).toEqual(['manual']);
    expect(status(account('azurerm_cognitive_account', { public_network_access_enabled: fromParam }))).toEqual(['manual']);
  });

  it('answers manual, not fail, when public access is on and the ACL default action is undecided', () => {
    expect(status(account('azurerm_cognitive_account', { public_network_access_enabled: true, network_acls: [{ default_action: { $unknown: 'var.acl' } }] }))).toEqual(['manual']);
    expect(status(account('azurerm_cognitive_account', { public_network_access_enabled: false, network_acls: [{ default_action: { $unknown: 'var.acl' } }] }))).toEqual(['pass']);
  });

  it('storage accounts and Key Vaults: the same for their network rules', () => {
    expect(status(account('azurerm_storage_account', { public_network_access_enabled: fromParam, network_rules: { default_action: 'Deny' } }), 'azure_storage_account_network_default_deny')).toEqual(['pass']);
    expect(status(account('azurerm_key_vault', { public_network_access_enabled: fromParam, ...deny }), 'azure_key_vault_network_default_deny')).toEqual(['pass']);
    expect(status(account('azurerm_key_vault', { network_acls: { $unknown: "parameters('acls')" } }), 'azure_key_vault_network_default_deny')).toEqual(['manual']);
    // A Search service's bypass option does not close it: public access on is still a failure.
    expect(status(account('azurerm_search_service', { public_network_access_enabled: true, network_rule_bypass_option: { $unknown: 'var.bypass' } }), 'azure_search_public_network_access_disabled')).toEqual(['fail']);
  });
});
