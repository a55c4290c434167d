import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { bedrockGuardrailRules } from './bedrock-guardrail.js';

const guardrail = (attributes: Record<string, JsonValue>): Asset => {
  const r: CloudResource = { provider: 'aws', type: 'aws_bedrock_guardrail', address: 'aws_bedrock_guardrail.g', name: 'g', attributes, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' };
  return { id: 'g', kind: 'guardrail', name: 'g', provider: 'aws', type: r.type, locations: [{ path: 'main.tf', line: 1 }], properties: { resource: r as unknown as JsonValue } };
};
const status = (id: string, a: Asset) => {
  const v = bedrockGuardrailRules.find((r) => r.id === id)!.evaluate(a, { graph: undefined as never });
  return (Array.isArray(v) ? v : [v]).map((x) => x?.status);
};
// What a `dynamic` block over an unset variable leaves: one entry whose fields are unknown.
const fromVar = { type: { $unknown: 'filters_config.value.type' }, input_strength: { $unknown: 'filters_config.value.strength' }, output_strength: { $unknown: 'filters_config.value.strength' }, action: { $unknown: 'e.value.action' }, threshold: { $unknown: 't' } };

describe('guardrail filters the code does not decide', () => {
  it('answers manual, not fail, when the wanted filter may be among undecided entries', () => {
    const g = guardrail({ content_policy_config: [{ filters_config: [fromVar] }], contextual_grounding_policy_config: [{ filters_config: [fromVar] }] });
    expect(status('bedrock_guardrail_prompt_attack_filter_high', g)).toEqual(['manual']);
    expect(status('bedrock_guardrail_content_filters_medium_or_higher', g)).toEqual(['manual']);
    expect(status('bedrock_guardrail_contextual_grounding_enabled', g)).toEqual(['manual']);
  });

  it('answers manual, not pass, for PII entries whose action the code does not decide', () => {
    expect(status('bedrock_guardrail_sensitive_information_filter_enabled', guardrail({ sensitive_information_policy_config: [{ pii_entities_config: [fromVar] }] }))).toEqual(['manual']);
    expect(status('bedrock_guardrail_sensitive_information_filter_enabled', guardrail({ sensitive_information_policy_config: [{ pii_entities_config: [fromVar, { type: 'EMAIL', action: 'BLOCK' }] }] }))).toEqual(['pass']);
  });

  it('still fails a filter that is there and weak', () => {
    const g = guardrail({ content_policy_config: [{ filters_config: [fromVar, { type: 'PROMPT_ATTACK', input_strength: 'LOW', output_strength: 'NONE' }] }] });
    expect(status('bedrock_guardrail_prompt_attack_filter_high', g)).toEqual(['fail']);
  });
});
