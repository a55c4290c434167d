import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { applyApprovals, applyBaseline, applySuppressions, isGating, parseInlineIgnore } from './exceptions.js';

const f = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({
  id: `fp-${ruleId}`,
  ruleId,
  title: 't',
  severity: 'high',
  category: 'exposure',
  status: 'fail',
  assetId: 'a1',
  location: { path: 'infra/main.tf', line: 3 },
  message: 'm',
  remediation: 'r',
  frameworks: {},
  ...extra,
});

describe('parseInlineIgnore', () => {
  it('reads rule ids and reason in any comment syntax', () => {
    expect(parseInlineIgnore('  # aispm:ignore rule_a lab only')).toEqual({ rules: ['rule_a'], reason: 'lab only' });
    expect(parseInlineIgnore('x = 1 // aispm:ignore a,b')).toEqual({ rules: ['a', 'b'], reason: '(no reason given)' });
    expect(parseInlineIgnore('<!-- aispm:ignore r1 docs example -->')).toEqual({ rules: ['r1'], reason: 'docs example' });
    expect(parseInlineIgnore('/* aispm:ignore r2 why */')).toEqual({ rules: ['r2'], reason: 'why' });
    expect(parseInlineIgnore('# aispm:ignore')).toBeUndefined();
    expect(parseInlineIgnore('nothing here')).toBeUndefined();
  });
});

describe('applySuppressions', () => {
  it('suppresses by rule id or fingerprint, honours path and expiry, keeps status fail', async () => {
    const fs = [f('r1'), f('r2'), f('r3', { location: { path: 'apps/x.py' } }), f('r4'), f('r5', { status: 'pass' })];
    const n = await applySuppressions(
      fs,
      [
        { by: 'store', id: 's1', selector: 'r1', reason: 'ok', owner: 'sec', expires: '2026-06-30' },
        { by: 'config', selector: 'fp-r2', reason: 'ok' },
        { by: 'config', selector: 'r3', path: 'infra/**', reason: 'only infra' },
        { by: 'config', selector: 'r4', reason: 'old', expires: '2026-01-01' },
        { by: 'config', selector: '*', path: 'nowhere/**', reason: 'x' },
        { by: 'config', selector: 'r5', reason: 'pass findings are never touched' },
      ],
      { today: '2026-06-30' },
    );
    expect(n).toBe(2);
    expect(fs[0]!.properties?.suppressed).toEqual({ by: 'store', id: 's1', reason: 'ok', owner: 'sec', expires: '2026-06-30' });
    expect(fs[0]!.status).toBe('fail');
    expect(fs[1]!.properties?.suppressed).toMatchObject({ by: 'config' });
    expect(fs[2]!.properties?.suppressed).toBeUndefined();
    expect(fs[3]!.properties?.suppressed).toBeUndefined();
    expect(fs[3]!.properties?.exceptionExpired).toMatchObject({ expires: '2026-01-01' });
    expect(fs[4]!.properties).toBeUndefined();
    expect(fs.map(isGating)).toEqual([false, false, true, true, false]);
  });

  it('reads inline ignores on the finding line or the line above', async () => {
    const lines = ['resource "x" "y" {', '  # aispm:ignore r1 lab notebook', '  direct_internet_access = "Enabled"', '  # aispm:ignore other nope', '  root = true'];
    const fs = [f('r1', { location: { path: 'a.tf', line: 3 } }), f('r2', { location: { path: 'a.tf', line: 5 } }), f('r1', { id: 'no-line', location: { path: 'a.tf' } })];
    const read = async () => lines;
    expect(await applySuppressions(fs, [], { today: '2026-01-01', readLines: read })).toBe(1);
    expect(fs[0]!.properties?.suppressed).toEqual({ by: 'inline', reason: 'lab notebook', owner: null, expires: null });
    expect(fs[1]!.properties?.suppressed).toBeUndefined();
    expect(fs[2]!.properties?.suppressed).toBeUndefined();
    // Findings sharing one (minified) line: each is judged by its own rule against the same comment.
    const one = [`{"servers": {"a": 1, "b": 2}} /* aispm:ignore r1,r3 vetted */ ${'x'.repeat(5000)}`];
    const shared = [f('r1', { id: 's1', location: { path: 'm.json', line: 1 } }), f('r2', { id: 's2', location: { path: 'm.json', line: 1 } }), f('r3', { id: 's3', location: { path: 'm.json', line: 1 } })];
    expect(await applySuppressions(shared, [], { today: '2026-01-01', readLines: async () => one })).toBe(2);
    expect(shared.map((x) => x.properties?.suppressed !== undefined)).toEqual([true, false, true]);
    // An unreadable file suppresses nothing.
    const g = [f('r1')];
    expect(await applySuppressions(g, [], { today: '2026-01-01', readLines: async () => undefined })).toBe(0);
  });
});

describe('applyApprovals', () => {
  const ds = { id: 'a1', kind: 'dataset' as const, name: 'pii.csv', provider: 'local', locations: [{ path: 'data/pii.csv' }], properties: {} };
  it('accepts sensitive-data findings of a dataset whose bytes match an unexpired approval', async () => {
    const fs = [f('pii', { category: 'sensitive-data', location: { path: 'data/pii.csv' } }), f('poison', { category: 'poisoning', location: { path: 'data/pii.csv' } })];
    const n = await applyApprovals(fs, [ds], [{ sha256: 'abc', path: 'data/pii.csv', approver: 'dpo', expires: '2027-01-01' }], { today: '2026-01-01', hashOf: async () => 'abc' });
    expect(n).toBe(1);
    expect(fs[0]!.properties?.accepted).toEqual({ approver: 'dpo', expires: '2027-01-01', sha256: 'abc' });
    expect(fs[1]!.properties?.accepted).toBeUndefined();
    expect(isGating(fs[0]!)).toBe(false);
  });
  it('a byte change or an expired approval voids it', async () => {
    const changed = [f('pii', { category: 'sensitive-data', location: { path: 'data/pii.csv' } })];
    expect(await applyApprovals(changed, [ds], [{ sha256: 'abc', path: 'data/pii.csv', approver: 'dpo' }], { today: '2026-01-01', hashOf: async () => 'def' })).toBe(0);
    expect(changed[0]!.properties).toBeUndefined();
    const expired = [f('pii', { category: 'sensitive-data', location: { path: 'data/pii.csv' } })];
    expect(await applyApprovals(expired, [ds], [{ sha256: 'abc', path: 'data/pii.csv', approver: 'dpo', expires: '2025-12-31' }], { today: '2026-01-01', hashOf: async () => 'abc' })).toBe(0);
    expect(expired[0]!.properties?.exceptionExpired).toMatchObject({ by: 'approval', approver: 'dpo' });
  });
});

describe('applyBaseline', () => {
  it('marks baseline findings existing and only new ones gate', () => {
    const fs = [f('r1'), f('r2')];
    expect(applyBaseline(fs, new Set(['fp-r1']))).toBe(1);
    expect(fs.map((x) => x.properties?.baseline)).toEqual(['existing', 'new']);
    expect(fs.map(isGating)).toEqual([false, true]);
  });
});
