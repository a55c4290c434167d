import { describe, expect, it } from 'vitest';
import { RecordKey } from './record-key.js';
import { TokenBuffer, words } from './tokens.js';
import { Rng } from '../testing/random.js';

/** Random records over pieces that exercise every pass: ASCII, separators past ASCII, regex-only text. */
function records(r: Rng, count: number): string[] {
  const tokens = ['the', 'The', 'THE', 'film', 'a', 'x1', '42', "don't", '_id', 'café', 'İ', 'ß', 'Σ', '中', 'K'];
  const seps = [' ', '  ', ', ', '.', '\t', '\n', '-', '\u00a0', '\u2014', '\u2019', '…', '"'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = r.int(0, 3) === 0 ? r.pick(seps) : '';
    for (let k = r.int(0, 6); k > 0; k--) text += r.pick(tokens) + (k > 1 || r.int(0, 2) === 0 ? r.pick(seps) : '');
    out.push(text);
  }
  return out;
}

/** The reference: a record's token sequence, as a string. */
const sequence = (text: string): string => words(text).join('\u0000');

describe('record key', () => {
  it('is equal for records with the same token sequence and differs otherwise, on every pass, cached or not', () => {
    const r = new Rng(5);
    const texts = records(r, 4000);
    const shared = new RecordKey();
    const bySequence = new Map<string, string>();
    const byKey = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (const text of texts) {
        const key = round === 0 ? new RecordKey() : shared;
        const n = key.of(text);
        expect(n, JSON.stringify(text)).toBe(words(text).length);
        const k = `${key.k1}:${key.k2}`;
        const seq = sequence(text);
        expect(bySequence.get(seq) ?? k, JSON.stringify(text)).toBe(k);
        expect(byKey.get(k) ?? seq, JSON.stringify(text)).toBe(seq);
        bySequence.set(seq, k);
        byKey.set(k, seq);
        // Met again, from the cache: the same key.
        expect(shared.of(text)).toBe(n);
        expect(`${shared.k1}:${shared.k2}`).toBe(k);
      }
    }
    expect(bySequence.size).toBeGreaterThan(1000);
  });

  it('keys long records (past the cache) and records dense in tokens the same way', () => {
    const key = new RecordKey();
    const long = Array.from({ length: 3000 }, (_, i) => `Word${i % 50}`).join(' ');
    key.of(long);
    const k = [key.k1, key.k2];
    key.of(long.toLowerCase().replace(/ /g, ', '));
    expect([key.k1, key.k2]).toEqual(k);
    expect(key.of(long + ' x')).toBe(3001);
    expect([key.k1, key.k2]).not.toEqual(k);
    expect(key.of('')).toBe(0);
    expect(key.of('...')).toBe(0);
  });

  it('leaves a stream the token buffer reads into the same tokens and hashes as the text', () => {
    const r = new Rng(9);
    const key = new RecordKey();
    const fromText = new TokenBuffer();
    const fromStream = new TokenBuffer();
    let streamed = 0;
    for (const text of records(r, 3000)) {
      key.of(text);
      if (key.streamLength < 0) continue;
      streamed++;
      const n = fromStream.fromStream(key.stream, key.streamLength);
      expect(n, JSON.stringify(text)).toBe(fromText.tokenize(text));
      for (let k = 0; k < n; k++) {
        expect(fromStream.word(k)).toBe(fromText.word(k));
        expect([fromStream.hashA[k], fromStream.hashB[k]]).toEqual([fromText.hashA[k], fromText.hashB[k]]);
      }
    }
    expect(streamed).toBeGreaterThan(300);
  });
});
