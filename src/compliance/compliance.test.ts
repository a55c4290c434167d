import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { frameworks, getFramework, resolveControlId, resolveFrameworkId } from './catalogue.js';
import { effectiveControls } from './mapping.js';
import { rollUpCompliance } from './roll-up.js';
import { checkFrameworkMap } from './validate.js';

function finding(over: Partial<Finding>): Finding {
  return {
    id: over.id ?? 'f1', ruleId: 'r', title: 't', severity: 'high', category: 'exposure', status: 'fail', assetId: 'a',
    location: {}, message: 'm', remediation: 'x', frameworks: {}, ...over,
  };
}

describe('catalogues', () => {
  it('ships every framework the issue names, with the expected sizes', () => {
    const ids = frameworks.map((f) => f.id);
    expect(ids).toEqual(['owasp-llm-2025', 'owasp-agentic', 'mitre-atlas', 'nist-ai-rmf', 'nist-ai-600-1', 'iso-42001', 'eu-ai-act', 'gdpr', 'hipaa']);
    expect(getFramework('owasp-llm-2025')!.controls).toHaveLength(10);
    expect(getFramework('owasp-agentic')!.controls).toHaveLength(10);
    expect(getFramework('nist-ai-rmf')!.controls).toHaveLength(72);
    expect(getFramework('nist-ai-600-1')!.controls).toHaveLength(12);
    expect(getFramework('iso-42001')!.controls).toHaveLength(38);
    expect(getFramework('eu-ai-act')!.controls.map((c) => c.id)).toEqual(['Art.9', 'Art.10', 'Art.11', 'Art.12', 'Art.13', 'Art.14', 'Art.15', 'Art.17', 'Art.26', 'Art.50', 'Art.53', 'Art.55']);
    const atlas = getFramework('mitre-atlas')!.controls;
    expect(atlas.filter((c) => c.group === 'mitigation').length).toBeGreaterThanOrEqual(35);
    expect(atlas.find((c) => c.id === 'AML.T0010')?.title).toMatch(/Supply Chain/i);
  });

  it('has unique control ids in every catalogue', () => {
    for (const f of frameworks) expect(new Set(f.controls.map((c) => c.id)).size, f.id).toBe(f.controls.length);
  });

  it('resolves the spellings sources use to one canonical id', () => {
    expect(resolveFrameworkId('owasp-llm')).toBe('owasp-llm-2025');
    expect(resolveFrameworkId('ATLAS')).toBe('mitre-atlas');
    expect(resolveFrameworkId('nope')).toBeUndefined();
    expect(resolveControlId('owasp-llm-2025', 'LLM03:2025')).toBe('LLM03');
    expect(resolveControlId('owasp-llm-2025', 'llm3')).toBe('LLM03');
    expect(resolveControlId('owasp-llm-2025', 'LLM11')).toBeUndefined();
    expect(resolveControlId('nist-ai-rmf', 'GOVERN-1.1@1.0')).toBe('GOVERN 1.1');
    expect(resolveControlId('nist-ai-rmf', 'MS-2.7')).toBe('MEASURE 2.7');
    expect(resolveControlId('nist-ai-rmf', 'MEASURE 2.14')).toBeUndefined();
    expect(resolveControlId('mitre-atlas', 'AML.T0051.001@5.0.1')).toBe('AML.T0051.001');
    expect(resolveControlId('mitre-atlas', 'AML.T9999')).toBeUndefined();
    expect(resolveControlId('eu-ai-act', 'Art. 15(5)')).toBe('Art.15');
    expect(resolveControlId('eu-ai-act', 'Article 5')).toBeUndefined();
    expect(resolveControlId('gdpr', 'Art.5(1)(c)')).toBe('Art.5');
    expect(resolveControlId('hipaa', '§164.312(b)')).toBe('164.312(b)');
    expect(resolveControlId('nist-ai-600-1', 'information-security')).toBe('2.9');
    expect(resolveControlId('iso-42001', 'A.6.2.6')).toBe('A.6.2.6');
    expect(resolveControlId('iso-42001', 'A.11.2')).toBeUndefined();
  });

  it('reports unknown frameworks and controls in a mapping', () => {
    const p = checkFrameworkMap('rule_x', { 'owasp-llm-2025': ['LLM03', 'LLM99'], 'made-up': ['X'] });
    expect(p.map((x) => x.message)).toEqual(['rule_x: owasp-llm-2025 has no control "LLM99"', 'rule_x: unknown framework "made-up"']);
    expect(checkFrameworkMap('ok', { 'mitre-atlas': ['AML.T0010'] })).toEqual([]);
  });
});

describe('effectiveControls', () => {
  it('keeps the rule mapping and carries OWASP ids to the other frameworks', () => {
    const m = effectiveControls({ category: 'unsafe-model', frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0011'] } });
    expect([...m.get('mitre-atlas')!]).toEqual(['AML.T0011']);
    expect(m.get('nist-ai-rmf')!.has('GOVERN 6.1')).toBe(true);
    expect(m.get('eu-ai-act')!.has('Art.15')).toBe(true);
  });
  it('falls back to category defaults for a rule with no mapping', () => {
    const m = effectiveControls({ category: 'sensitive-data', frameworks: {} });
    expect(m.get('owasp-llm-2025')!.has('LLM02')).toBe(true);
    expect(m.get('gdpr')!.size).toBeGreaterThan(0);
    expect(m.get('hipaa')!.size).toBeGreaterThan(0);
  });
});

describe('rollUpCompliance', () => {
  it('marks controls fail over manual over pass, and unassessed controls not-assessed', () => {
    const res = rollUpCompliance([
      finding({ id: 'a', status: 'pass', frameworks: { 'owasp-llm-2025': ['LLM03'] } }),
      finding({ id: 'b', status: 'fail', frameworks: { 'owasp-llm-2025': ['LLM03:2025'] } }),
      finding({ id: 'c', status: 'manual', frameworks: { 'owasp-llm-2025': ['LLM04'] } }),
      finding({ id: 'd', status: 'pass', frameworks: { 'owasp-llm-2025': ['LLM06'] } }),
      finding({ id: 'e', status: 'na', frameworks: { 'owasp-llm-2025': ['LLM07'] } }),
    ]);
    const llm = res.find((r) => r.framework === 'owasp-llm-2025')!;
    const get = (id: string) => llm.controls.find((c) => c.id === id)!;
    expect(get('LLM03')).toMatchObject({ status: 'fail', findingIds: ['b'] });
    expect(get('LLM04')).toMatchObject({ status: 'manual', findingIds: ['c'] });
    expect(get('LLM06')).toMatchObject({ status: 'pass', findingIds: ['d'] });
    expect(get('LLM07')).toMatchObject({ status: 'not-assessed', findingIds: [] });
    expect(llm.coverage).toEqual({ assessed: 3, total: 10 });
    expect(res).toHaveLength(frameworks.length);
  });
  it('lists every framework with every control not-assessed when there are no findings', () => {
    const res = rollUpCompliance([]);
    expect(res.map((r) => r.framework)).toEqual(frameworks.map((f) => f.id));
    for (const r of res) expect(r.controls.every((c) => c.status === 'not-assessed')).toBe(true);
  });
  it('ignores mappings to unknown frameworks or controls instead of failing the roll-up', () => {
    const res = rollUpCompliance([finding({ id: 'x', frameworks: { 'made-up': ['X1'], 'owasp-llm-2025': ['LLM99', 'LLM05'] } })]);
    const llm = res.find((r) => r.framework === 'owasp-llm-2025')!;
    expect(llm.controls.find((c) => c.id === 'LLM05')!.status).toBe('fail');
    expect(llm.controls.filter((c) => c.status === 'fail')).toHaveLength(1);
  });

  it('filters frameworks by id or alias', () => {
    expect(rollUpCompliance([], { frameworks: ['atlas', 'gdpr'] }).map((r) => r.framework)).toEqual(['mitre-atlas', 'gdpr']);
  });
});
