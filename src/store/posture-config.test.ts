import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePostureConfig } from './posture-config.js';

describe('aispm.yaml suppressions / owners', () => {
  it('parses both owner forms and suppressions with dates', () => {
    const cfg = parsePostureConfig(
      parse(`
suppressions:
  - rule: r1
    reason: lab
    expires: 2026-12-31
  - finding: abc123
    path: "ml/**"
    reason: known
    owner: ml
owners:
  "infra/**": "@platform"
`),
    );
    expect(cfg.suppressions).toEqual([
      { by: 'config', selector: 'r1', reason: 'lab', expires: '2026-12-31' },
      { by: 'config', selector: 'abc123', reason: 'known', path: 'ml/**', owner: 'ml' },
    ]);
    expect(cfg.owners).toEqual([{ path: 'infra/**', owner: '@platform' }]);
    expect(parsePostureConfig({ owners: [{ kind: 'dataset', owner: 'dpo' }] }).owners).toEqual([{ kind: 'dataset', owner: 'dpo' }]);
    expect(parsePostureConfig(undefined)).toEqual({ suppressions: [], owners: [] });
  });

  it('rejects bad entries with the field named', () => {
    expect(() => parsePostureConfig({ suppressions: [{ rule: 'x' }] })).toThrow(/suppressions\.0\.reason/);
    expect(() => parsePostureConfig({ suppressions: [{ rule: 'x', finding: 'y', reason: 'r' }] })).toThrow(/exactly one/);
    expect(() => parsePostureConfig({ suppressions: [{ rule: 'x', reason: 'r', expires: '2026-13-45' }] })).toThrow(/YYYY-MM-DD/);
    expect(() => parsePostureConfig({ owners: [{ owner: 'x' }] })).toThrow(/path, rule or kind/);
    expect(() => parsePostureConfig({ suppressions: [{ rule: 'x', reason: 'r', typo: 1 }] })).toThrow();
  });
});
