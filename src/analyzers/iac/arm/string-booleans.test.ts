import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { evalArm, type ArmScope } from './expressions.js';
import { armAnalyzer } from './index.js';

const scope = (parameters: Record<string, string | boolean | undefined>): ArmScope => ({ parameters, variables: {}, addresses: new Map() });
const ev = (e: string, params: Record<string, string | boolean | undefined> = {}) => evalArm(e, scope(params));

// ARM template functions docs: bool('true') / bool('TRUE') are true, bool('false') and any other
// text false, bool(0) false and other integers true; not(), if() and conditions read 'true' /
// 'false' text as the boolean. JavaScript truthiness reads 'false' as true.
describe('ARM booleans written as strings', () => {
  it('bool() follows the documented conversion', () => {
    expect([ev("[bool('true')]"), ev("[bool('True')]"), ev("[bool('false')]"), ev("[bool('no')]"), ev('[bool(1)]'), ev('[bool(0)]'), ev('[bool(-1)]')]).toEqual([true, true, false, false, true, false, true]);
    expect(isUnknown(ev("[bool(parameters('unset'))]"))).toBe(true);
  });

  it("not() of a string parameter 'false' is true, and of 'true' false", () => {
    expect(ev("[not(parameters('p'))]", { p: 'false' })).toBe(true);
    expect(ev("[not(parameters('p'))]", { p: 'True' })).toBe(false);
    expect(isUnknown(ev("[not(parameters('p'))]", { p: 'maybe' }))).toBe(true);
  });

  it("if() and and() / or() read 'false' as false", () => {
    expect(ev("[if(parameters('p'), 'Enabled', 'Disabled')]", { p: 'false' })).toBe('Disabled');
    expect(ev("[and(parameters('p'), true)]", { p: 'false' })).toBe(false);
    expect(ev("[or(parameters('p'), parameters('unset'))]", { p: 'true' })).toBe(true);
    expect(isUnknown(ev("[and(true, parameters('unset'))]"))).toBe(true);
  });

  it("a resource property or condition written as 'false' is the boolean false", async () => {
    const tpl = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { localAuth: { type: 'string', defaultValue: 'true' }, deploy: { type: 'string', defaultValue: 'false' } },
      resources: [
        { type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', name: 'text', kind: 'OpenAI', properties: { disableLocalAuth: 'false', restrictOutboundNetworkAccess: 'true' } },
        { type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', name: 'negated', kind: 'OpenAI', properties: { disableLocalAuth: "[not(parameters('localAuth'))]" } },
        { type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', name: 'skipped', kind: 'OpenAI', condition: "[parameters('deploy')]", properties: {} },
      ],
    });
    const out = await analyzeFiles(armAnalyzer, { 'azuredeploy.json': tpl }, 'azuredeploy.json');
    const byName = Object.fromEntries(out.assets!.filter((a) => a.type === 'azurerm_cognitive_account').map((a) => [res(a).name, res(a).attributes]));
    expect(Object.keys(byName).sort()).toEqual(['negated', 'text']);
    expect(byName.text).toMatchObject({ local_auth_enabled: true, outbound_network_access_restricted: true });
    expect(byName.negated).toMatchObject({ local_auth_enabled: true });
  });
});
