import { describe, expect, it } from 'vitest';
import { Rng } from './testing/random.js';
import { isNear, MAX_CANDIDATES, MAX_SKETCHES, nearDuplicates, sketchInto, SketchList, SKETCH_WORDS, type RecordSketches } from './split-sketch.js';

const sketch = (text: string): Int32Array | undefined => {
  const out = new Int32Array(SKETCH_WORDS);
  return sketchInto(text, out, 0) ? out : undefined;
};
const near = (a: string, b: string) => isNear(sketch(a)!, 0, sketch(b)!, 0);
const words = (r: Rng, n: number) => Array.from({ length: n }, () => r.chars(r.int(3, 8), 'abcdefghijklmnopqrstuvwxyz'));

/** `count` pairs made by `edit` from records of `len` random words: how many are found near. */
function found(count: number, len: number, edit: (ws: string[], r: Rng) => string): number {
  const r = new Rng(len * 7 + count);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const ws = words(r, len);
    if (near(ws.join(' '), edit(ws, r))) n++;
  }
  return n;
}

describe('split record sketches', () => {
  it('are unseeded: the same in every thread and process', () => {
    // Pinned: a per-thread seed would make sketches of files scanned on different workers differ.
    const s = sketch('the quick brown fox jumps over the lazy dog again');
    expect(Array.from(s!.subarray(0, 2))).toEqual([726983973, -414753186]);
  });

  it('are made for records of 8 words or more only, case and punctuation aside', () => {
    expect(sketch('one two three four five six seven')).toBeUndefined();
    expect(sketch('one two three four five six seven eight')).toBeDefined();
    expect(sketch('One, two; THREE four — five six seven eight!')).toEqual(sketch('one two three four five six seven eight'));
    expect(sketch('Ünïcode Straße ÉTÉ word word word word word')).toEqual(sketch('ünïcode straße été word word word word word'));
    // Dense text (a word per two characters) past the word buffer's first guess, and long records.
    const r = new Rng(2);
    const dense = Array.from({ length: 5000 }, () => r.chars(2, 'abcdefghijklmnopqrstuvwxyz'));
    expect(sketch(dense.join(' '))).toEqual(sketch(dense.join(' ; ')));
    const half = [...dense.slice(0, 2500), ...dense.slice(2500).map((w) => w + 'x')];
    expect(isNear(sketch(dense.join(' '))!, 0, sketch(half.join(' '))!, 0)).toBe(false);
  });

  it('find a record with one word changed, a sentence appended or its punctuation redone', () => {
    const swap = (ws: string[], r: Rng) => ws.map((w, i) => (i === ws.length >> 1 ? r.chars(6) : w)).join(' ');
    expect(found(50, 60, swap)).toBeGreaterThanOrEqual(48);
    expect(found(50, 60, (ws, r) => `${ws.join(' ')}. ${words(r, 7).join(' ')}.`)).toBeGreaterThanOrEqual(48);
    expect(found(50, 40, (ws) => ws.join(', ').toUpperCase() + '?!')).toBe(50);
    // A word changed in a short record moves too many of its shingles: 20 words keep 15 of 21.
    expect(found(50, 20, swap)).toBeLessThan(10);
  });

  it('do not take records that share a long template but differ in content for copies', () => {
    const r = new Rng(5);
    const template = words(r, 30).join(' ');
    let n = 0;
    for (let i = 0; i < 50; i++) if (near(`${template} ${words(r, 12).join(' ')}`, `${template} ${words(r, 12).join(' ')}`)) n++;
    expect(n).toBe(0);
  });
});

/** Sketches of texts, keyed 0..n-1 (as the collector keys a file's records). */
function list(texts: readonly string[]): RecordSketches {
  const l = new SketchList();
  texts.forEach((t, i) => l.add(t, i));
  return l.finish()!;
}

describe('near-duplicates between splits', () => {
  const r = new Rng(9);
  const train = Array.from({ length: 200 }, () => words(r, 40).join(' '));
  it('count each evaluation record with a near copy in the training split once, exact copies left to the caller', () => {
    const test = [
      train[3]!.replace(/^\S+/, 'changed'),
      `${train[77]!}. And one more sentence at the end.`,
      train[150]!,
      words(r, 40).join(' '),
      'too short to sketch',
    ];
    const sk = list(test);
    expect(sk.at).toEqual(Int32Array.from([0, 1, 2, 3]));
    expect(nearDuplicates(list(train), sk, () => false)).toEqual({ near: 3, capped: 0 });
    // The exact copy (key 2) skipped: the caller counted it.
    expect(nearDuplicates(list(train), sk, (k) => k === 2)).toEqual({ near: 2, capped: 0 });
  });

  it('do not take a record for a copy of one of hundreds of training records sharing its template', () => {
    // Each pair shares about 0.54 of its shingles, short of 0.8: compared with hundreds of them,
    // the estimate's spread must not carry one over the threshold.
    const t = new Rng(21);
    const template = words(t, 30).join(' ');
    const templated = (n: number) => list(Array.from({ length: n }, () => `${template} ${words(t, 12).join(' ')}`));
    // (Bands whose eight bins all fall in the template are shared by every record: some records use
    // up their candidates on those, and are counted as cut short.)
    expect(nearDuplicates(templated(400), templated(100), () => false).near).toBe(0);
  });

  it('stop comparing a record after MAX_CANDIDATES training records, and say so', () => {
    // Band 0 of every filler is the evaluation record's; the true copy, inserted first, is the
    // last of its chain.
    const evalS: RecordSketches = { sig: new Int32Array(SKETCH_WORDS).fill(0x01020304), at: Int32Array.from([0]) };
    const make = (fillers: number): RecordSketches => {
      const sig = new Int32Array((fillers + 1) * SKETCH_WORDS);
      sig.fill(0x01020304, 0, SKETCH_WORDS);
      for (let f = 1; f <= fillers; f++) {
        sig[f * SKETCH_WORDS] = 0x01020304;
        for (let w = 1; w < SKETCH_WORDS; w++) sig[f * SKETCH_WORDS + w] = Math.imul(f * 16 + w, 0x9e3779b1);
      }
      return { sig, at: Int32Array.from({ length: fillers + 1 }, (_, i) => i) };
    };
    expect(nearDuplicates(make(MAX_CANDIDATES - 2), evalS, () => false)).toEqual({ near: 1, capped: 0 });
    expect(nearDuplicates(make(MAX_CANDIDATES + 10), evalS, () => false)).toEqual({ near: 0, capped: 1 });
  });

  it('sketch at most MAX_SKETCHES records a file, counting the long records past them', () => {
    const l = new SketchList();
    const text = 'a b c d e f g h';
    for (let i = 0; i < MAX_SKETCHES; i++) l.add(text, i);
    l.add('too short', MAX_SKETCHES);
    l.add(text, MAX_SKETCHES + 1);
    l.add(`${text} i j`, MAX_SKETCHES + 2);
    const out = l.finish()!;
    expect([out.at.length, out.sig.length, out.at[MAX_SKETCHES - 1], out.unsketched]).toEqual([MAX_SKETCHES, MAX_SKETCHES * SKETCH_WORDS, MAX_SKETCHES - 1, 2]);
  });
});
