import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { raiRules } from './cognitive.js';

const BLOCKING = 'azure_openai_rai_policy_filters_blocking';
const JAILBREAK = 'azure_openai_rai_policy_jailbreak_filter_enabled';

const policy = (content_filter: JsonValue): Asset => {
  const r: CloudResource = { provider: 'azure', type: 'azurerm_cognitive_account_rai_policy', address: 'azurerm_cognitive_account_rai_policy.p', name: 'p', attributes: { name: 'f', base_policy_name: 'Microsoft.Default', content_filter }, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' };
  return { id: r.address, kind: 'guardrail', name: 'p', provider: 'azure', type: r.type, locations: [{ path: 'main.tf', line: 1 }], properties: { resource: r as unknown as JsonValue } };
};
const statuses = (a: Asset) =>
  Object.fromEntries(
    [BLOCKING, JAILBREAK].map((id) => {
      const v = raiRules.find((r) => r.id === id)!.evaluate(a, { graph: undefined as never });
      return [id, (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.status)];
    }),
  );
const fromVar = (name: string) => ({ $unknown: name });
const filter = (name: JsonValue, source: string, enabled: JsonValue, block: JsonValue, sev: JsonValue = 'Medium') => ({ name, source, filter_enabled: enabled, block_enabled: block, severity_threshold: sev });

describe('Azure OpenAI content filter settings the code does not decide answer manual, not fail', () => {
  it('a blocking switch set by a variable (Terraform var, ARM parameter without a default)', () => {
    expect(statuses(policy([filter('hate', 'Prompt', true, fromVar('var.block')), filter('jailbreak', 'Prompt', true, fromVar('var.block'))]))).toEqual({ [BLOCKING]: ['manual'], [JAILBREAK]: ['manual'] });
  });

  it('a severity threshold set by a variable', () => {
    expect(statuses(policy([filter('hate', 'Prompt', true, true, fromVar('var.sev'))]))[BLOCKING]).toEqual(['manual']);
  });

  it('filters the code does not list (a dynamic block or a parameter) may include any filter', () => {
    const all = fromVar('dynamic "content_filter" for_each = var.filters');
    expect(statuses(policy(all))).toEqual({ [BLOCKING]: ['manual'], [JAILBREAK]: ['manual'] });
    expect(statuses(policy([all]))).toEqual({ [BLOCKING]: ['manual'], [JAILBREAK]: ['manual'] });
    expect(statuses(policy([filter(fromVar('content_filter.value.name'), 'Prompt', true, true)]))).toEqual({ [BLOCKING]: ['manual'], [JAILBREAK]: ['manual'] });
  });

  it('still fails a filter known weak beside undecided ones, and a jailbreak filter known missing', () => {
    expect(statuses(policy([filter('hate', 'Prompt', true, fromVar('var.block')), filter('violence', 'Completion', true, false)]))).toEqual({ [BLOCKING]: ['fail'], [JAILBREAK]: ['fail'] });
    expect(statuses(policy([fromVar('var.more'), filter('jailbreak', 'Prompt', true, false)]))[JAILBREAK]).toEqual(['fail']);
  });

  it('still passes known strong filters', () => {
    expect(statuses(policy([filter('hate', 'Prompt', true, true), filter('jailbreak', 'Prompt', true, true)]))).toEqual({ [BLOCKING]: ['pass'], [JAILBREAK]: ['pass'] });
  });
});
