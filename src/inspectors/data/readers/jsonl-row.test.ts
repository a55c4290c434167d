import { describe, expect, it } from 'vitest';
import { leaves, recordOf } from './json.js';
import { jsonlRow } from './jsonl-row.js';
import { tooWide } from './json-paths.js';
import type { DataRow, TextCell } from './types.js';
import { Rng } from '../testing/random.js';

/** What `jsonlRow` gave before the one-pass walk: `leaves`, then `recordOf`, then the cells; past the limits, the raw line. */
function reference(line: string, lineNo: number, row: number): DataRow {
  const v: unknown = JSON.parse(line);
  const ls = leaves(v);
  const rec = recordOf(ls);
  // Past the readers' limits the line is one raw-text cell (the record is from the values taken).
  if (tooWide(v)) return { row, cells: [{ text: line, line: lineNo, column: 1, verbatim: true }], record: rec && { ...rec, line: lineNo }, asText: true };
  const cells: TextCell[] = ls.map((l) => ({ text: l.value, line: lineNo, field: l.path, verbatim: false, source: line }));
  return { row, cells, record: rec && { ...rec, line: lineNo } };
}

// Label-like, role and chat keys, keys with dots, integer-like keys (they enumerate first),
// prototype names, unicode and the empty key.
const KEYS = ['text', 'label', 'Label', 'y', 'tag', 'content', 'role', 'messages', 'a.role', 'x.y', '0', '10', '__proto__', 'constructor', 'é', '', 'tags', 'rating'];
const ATOMS = ['a', 'hello', ' ', '"', '\\', '\n', '\t', '\u0000', 'é', '你好', '😀', '\u2028', '</script>', 'the quick brown fox ', 'pos', 'neg'];

function randomString(r: Rng): string {
  return Array.from({ length: r.int(0, 8) }, () => r.pick(ATOMS)).join('');
}

function randomValue(r: Rng, depth: number, keys: readonly string[]): unknown {
  const k = depth > 5 ? r.int(0, 5) : r.int(0, 9);
  if (k <= 2) return randomString(r);
  if (k === 3) return r.pick([0, -0, 1, -17, 3.25, 1e21, 5e-7, 123456789012, Number.MAX_SAFE_INTEGER]);
  if (k === 4) return r.pick([true, false, null]);
  // Around the thresholds: record text above 20 characters, a label at most 64.
  if (k === 5) return r.next() < 0.5 ? ' ' + randomString(r).repeat(3) + ' ' : r.pick(['ham', 'spam', ' ok ', 't'.repeat(20), 't'.repeat(21), 'l'.repeat(64), 'l'.repeat(65)]);
  if (k <= 7) return Array.from({ length: r.int(0, 4) }, () => randomValue(r, depth + 1, keys));
  const o: Record<string, unknown> = {};
  for (let i = r.int(0, 4); i > 0; i--) o[r.pick(keys)] = randomValue(r, depth + 1, keys);
  return o;
}

/** A value nested `n` levels deep, with a string at every level (MAX_DEPTH cuts it). */
function deep(n: number): unknown {
  let v: unknown = 'bottom of a very deep document';
  for (let i = 0; i < n; i++) v = i % 2 ? [v, 'level ' + i] : { text: 'level text number ' + i, inner: v };
  return v;
}

function check(line: string, lineNo: number): void {
  expect(jsonlRow(line, lineNo, lineNo + 1), line.slice(0, 200)).toStrictEqual(reference(line, lineNo, lineNo + 1));
}

describe('jsonlRow against leaves + recordOf', () => {
  it('agrees on random records: nesting, escapes, unicode, numbers, label and role keys', () => {
    const r = new Rng(7);
    for (let i = 0; i < 3000; i++) {
      const v = r.next() < 0.9 ? Object.fromEntries([[r.pick(KEYS), randomValue(r, 0, KEYS)], [r.pick(KEYS), randomValue(r, 0, KEYS)]]) : randomValue(r, 0, KEYS);
      // Compact, or with the whitespace some writers put between tokens.
      const line = r.next() < 0.7 ? JSON.stringify(v) : JSON.stringify(v, null, 1).replace(/\n/g, ' ');
      check(line, i + 1);
    }
  });

  it('agrees on one schema repeated (cached paths) and on ever-new keys (the path cache starting over)', () => {
    const r = new Rng(11);
    const chat = (i: number) => ({ id: i, messages: [{ role: 'user', content: `question number ${i} about the model` }, { role: 'assistant', content: 'an answer long enough to be text' }], label: i % 2 ? 'pos' : 'neg' });
    for (let i = 0; i < 500; i++) check(JSON.stringify(chat(i)), i + 1);
    // About 4 new paths per line: the 10 000-node tree fills and starts over within the run.
    const fresh = Array.from({ length: 4000 }, () => 'k' + r.chars(6));
    for (let i = 0; i < 4000; i++) {
      const keys = [r.pick(fresh), r.pick(fresh), 'label', 'text'];
      check(JSON.stringify({ [r.pick(keys)]: randomValue(r, 0, keys), [r.pick(keys)]: [randomValue(r, 2, keys)] }), i + 1);
    }
    for (let i = 0; i < 100; i++) check(JSON.stringify(chat(i)), i + 1);
  });

  it('agrees past the limits: depth beyond 64, more than 10 000 leaves, arrays longer than the cached head', () => {
    check(JSON.stringify(deep(80)), 1);
    check(JSON.stringify({ text: 'a long enough text value here', many: Array.from({ length: 12_000 }, (_, i) => (i % 3 ? i : 'v' + i)), label: 'late' }), 2);
    check(JSON.stringify(Array.from({ length: 600 }, (_, i) => ({ label: i % 5 ? 'x' : 'y', content: 'content of item ' + i + ' in a long array' }))), 3);
  });

  it('leaves top-level scalars and empty values as before', () => {
    for (const line of ['"just a string, long enough to be a record"', '42', 'null', 'true', '[]', '{}', '[[[]]]', '{"label":"only a label"}', '{"a":{"b":{"c":"deep text that is long enough"}}}']) check(line, 1);
    expect(() => jsonlRow('{bad', 1, 1)).toThrow();
  });
});
