import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { armAnalyzer } from './index.js';

const template = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { accountName: { type: 'string', defaultValue: 'acme-openai' }, localAuth: { type: 'bool' } },
  variables: { sub: "[toLower(parameters('accountName'))]" },
  resources: [
    {
      type: 'Microsoft.CognitiveServices/accounts',
      apiVersion: '2024-10-01',
      name: "[parameters('accountName')]",
      kind: 'OpenAI',
      properties: { customSubDomainName: "[variables('sub')]", publicNetworkAccess: 'Enabled', disableLocalAuth: "[parameters('localAuth')]" },
      resources: [{ type: 'deployments', apiVersion: '2024-10-01', name: 'gpt4o', properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }, raiPolicyName: 'Microsoft.DefaultV2' } }],
    },
    { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2023-01-31', name: 'app-id' },
    {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: 'ra1',
      scope: "[resourceId('Microsoft.CognitiveServices/accounts', parameters('accountName'))]",
      properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]", principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'app-id')).principalId]" },
    },
    { type: 'Microsoft.Web/sites', apiVersion: '2023-01-01', name: 'web' },
  ],
};

describe('arm analyzer', () => {
  it('maps accounts, nested deployments, identities and role assignments with lines', async () => {
    const out = await analyzeFiles(armAnalyzer, { 'azuredeploy.json': JSON.stringify(template, null, 2) }, 'azuredeploy.json');
    const acct = out.assets!.find((a) => a.type === 'azurerm_cognitive_account')!;
    const r = res(acct);
    expect(acct.name).toBe('acme-openai');
    expect(r.attributes.public_network_access_enabled).toBe(true);
    expect(r.attributes.custom_subdomain_name).toBe('acme-openai');
    expect(isUnknown(r.attributes.local_auth_enabled)).toBe(true);
    expect(r.attrLines.public_network_access_enabled).toBeGreaterThan(acct.locations[0]!.line!);
    const dep = out.assets!.find((a) => a.type === 'azurerm_cognitive_deployment')!;
    expect(dep.name).toBe('gpt4o');
    expect(out.relations).toEqual(expect.arrayContaining([{ from: acct.id, to: dep.id, kind: 'serves' }, expect.objectContaining({ from: 'internet', to: acct.id, kind: 'exposed-to' })]));
    const id = out.assets!.find((a) => a.type === 'azurerm_user_assigned_identity')!;
    expect(res(id).attributes.role_assignments).toEqual([expect.objectContaining({ role: 'Contributor' })]);
    expect(out.relations!.find((x) => x.kind === 'can-access' && x.from === id.id && x.to === acct.id)?.properties).toMatchObject({ level: 'write' });
    expect(out.observations).toEqual([expect.objectContaining({ value: 'Microsoft.Web/sites' })]);
  });

  it('ignores JSON that is not a deployment template and reports broken JSON', async () => {
    expect(armAnalyzer.wants('package.json', { path: 'package.json', name: 'package.json', ext: '.json', size: 2, sniffed: 'text', head: Buffer.from('{"name":"x"}') })).toBe(false);
    const bad = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n "resources": [ {,\n`;
    const out = await analyzeFiles(armAnalyzer, { 'main.json': bad }, 'main.json');
    expect(out.issues![0]!.message).toMatch(/^main\.json:\d+: /);
  });
});
