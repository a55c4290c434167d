import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { armAnalyzer } from './index.js';

const account = (name: string, extra: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) => ({ type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2023-05-01', name, kind: 'OpenAI', properties: { publicNetworkAccess: 'Enabled', ...properties }, ...extra });
const template = (resources: unknown[]) =>
  JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters: { deploy: { type: 'bool', defaultValue: false }, maybe: { type: 'bool' }, keySource: { type: 'string' } }, resources }, null, 2);

async function accounts(resources: unknown[]) {
  const out = await analyzeFiles(armAnalyzer, { 'azuredeploy.json': template(resources) }, 'azuredeploy.json');
  return out.assets!.filter((a) => a.type === 'azurerm_cognitive_account').map(res);
}

describe('ARM resource conditions and undecided encryption', () => {
  it('skips a resource whose condition is known false and keeps one whose condition is a parameter without default', async () => {
    const names = (await accounts([account('never', { condition: "[parameters('deploy')]" }), account('maybe', { condition: "[parameters('maybe')]" }), account('always')])).map((r) => r.name).sort();
    expect(names).toEqual(['always', 'maybe']);
  });

  it('keeps an encryption key source set by a parameter without default as unknown, not as Microsoft-managed', async () => {
    const [a] = await accounts([account('oai', {}, { encryption: { keySource: "[parameters('keySource')]" } })]);
    expect(isUnknown(a!.attributes.customer_managed_key)).toBe(true);
    const [b] = await accounts([account('oai', {}, { encryption: { keySource: 'Microsoft.CognitiveServices' } })]);
    expect(b!.attributes).not.toHaveProperty('customer_managed_key');
  });
});
