import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { armAnalyzer } from './index.js';

const template = (contentFilters: unknown) =>
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { filters: { type: 'array' }, one: { type: 'object' }, block: { type: 'bool' } },
    resources: [{ type: 'Microsoft.CognitiveServices/accounts/raiPolicies', apiVersion: '2024-10-01', name: 'oai/f', properties: { basePolicyName: 'Microsoft.Default', contentFilters } }],
  });

async function filters(contentFilters: unknown) {
  const out = await analyzeFiles(armAnalyzer, { 'azuredeploy.json': template(contentFilters) }, 'azuredeploy.json');
  return res(out.assets!.find((a) => a.type === 'azurerm_cognitive_account_rai_policy')).attributes.content_filter;
}

// A parameter without a default may hold any filter: it must reach the rules as unknown, not as a
// filter named null whose switches are off (which failed the jailbreak rule and passed the others).
describe('ARM content filters from parameters without a default', () => {
  it('keeps a whole filter list from a parameter unknown', async () => {
    expect(isUnknown(await filters("[parameters('filters')]"))).toBe(true);
  });

  it('keeps one filter entry from a parameter unknown beside known ones', async () => {
    const v = (await filters(["[parameters('one')]", { name: 'hate', enabled: true, blocking: "[parameters('block')]", severityThreshold: 'Medium', source: 'Prompt' }])) as unknown[];
    expect(isUnknown(v[0])).toBe(true);
    expect(v[1]).toMatchObject({ name: 'hate', filter_enabled: true, source: 'Prompt' });
    expect(isUnknown((v[1] as Record<string, unknown>).block_enabled)).toBe(true);
  });
});
