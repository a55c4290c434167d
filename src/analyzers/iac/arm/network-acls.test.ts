import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { armAnalyzer } from './index.js';

const template = (properties: Record<string, unknown>) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { publicNetworkAccess: { type: 'string' }, acls: { type: 'object' } },
    resources: [{ type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', name: 'oai', kind: 'OpenAI', properties }],
  });

async function account(properties: Record<string, unknown>) {
  const out = await analyzeFiles(armAnalyzer, { 'azuredeploy.json': template(properties) }, 'azuredeploy.json');
  return res(out.assets!.find((a) => a.type === 'azurerm_cognitive_account')).attributes;
}

describe('ARM Cognitive Services network settings from parameters without a default', () => {
  it('keeps a known default-deny ACL beside public access from a parameter', async () => {
    const a = await account({ publicNetworkAccess: "[parameters('publicNetworkAccess')]", networkAcls: { defaultAction: 'Deny' } });
    expect(isUnknown(a.public_network_access_enabled)).toBe(true);
    expect(a.network_acls).toEqual({ default_action: 'Deny' });
  });

  // A whole networkAcls object from a parameter may deny or allow: it is unknown, not an ACL without a default action.
  it('keeps networkAcls from a parameter unknown', async () => {
    const a = await account({ publicNetworkAccess: 'Enabled', networkAcls: "[parameters('acls')]" });
    expect(isUnknown(a.network_acls)).toBe(true);
  });
});
