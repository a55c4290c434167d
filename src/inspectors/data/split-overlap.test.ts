import { describe, expect, it } from 'vitest';
import { checkSplitOverlap, recordKey, splitOf } from './split-overlap.js';
import { MAX_SKETCHES, SketchList, SKETCH_WORDS, type RecordSketches } from './split-sketch.js';
import { Rng } from './testing/random.js';

/** A split as the collector hands it over: each record's key, and sketches of the long ones. */
function split(texts: readonly string[]): [Float64Array, RecordSketches | undefined] {
  const l = new SketchList();
  texts.forEach((t, i) => l.add(t, i));
  return [Float64Array.from(texts.map(recordKey)), l.finish()];
}
const sentence = (r: Rng, n: number) => Array.from({ length: n }, () => r.chars(r.int(3, 8), 'abcdefghijklmnopqrstuvwxyz')).join(' ');

describe('dataset splits', () => {
  it('are told by file and folder names, shards of one split grouped with its siblings', () => {
    expect(splitOf('data/train.jsonl')).toEqual({ role: 'train', group: 'data/*' });
    expect(splitOf('data/test.jsonl')).toEqual({ role: 'eval', group: 'data/*' });
    expect(splitOf('data/train-00000-of-00002.parquet')).toEqual({ role: 'train', group: 'data/*' });
    expect(splitOf('data/validation-00000-of-00001.parquet')).toEqual({ role: 'eval', group: 'data/*' });
    expect(splitOf('squad/squad_dev.json')).toEqual({ role: 'eval', group: 'squad/squad_*' });
    expect(splitOf('squad/squad_train.json')).toEqual({ role: 'train', group: 'squad/squad_*' });
    expect(splitOf('corpus/train/part-0.csv')).toEqual({ role: 'train', group: 'corpus/*' });
    expect(splitOf('corpus/valid/part-7.csv')).toEqual({ role: 'eval', group: 'corpus/*' });
    expect(splitOf('data/customers.csv')).toBeUndefined();
    expect(splitOf('data/trainer-notes.jsonl')).toBeUndefined();
    expect(splitOf('data/latest.jsonl')).toBeUndefined();
  });

  it('key records by their text, case and spacing aside', () => {
    expect(recordKey('  The Quick\n brown\tfox ')).toBe(recordKey('the quick brown fox'));
    expect(recordKey('the quick brown fox')).not.toBe(recordKey('the quick brown fix'));
    expect(recordKey('ab')).not.toBe(recordKey('a b'));
    expect(Number.isSafeInteger(recordKey('any text at all'))).toBe(true);
  });

  it('are compared whichever comes first, the finding on the evaluation split', () => {
    const keys = (xs: string[]) => Float64Array.from(xs.map(recordKey));
    const train = keys(['a', 'b', 'c', 'd']);
    const test = keys(['b', 'x', 'd', 'd']);
    for (const order of [['data/train.jsonl', 'data/test.jsonl'], ['data/test.jsonl', 'data/train.jsonl']]) {
      const scan = {};
      const found = order.flatMap((p) => checkSplitOverlap(scan, p, p.includes('train') ? train : test).findings);
      expect(found.map((f) => [f.location.path, f.properties])).toEqual([['data/test.jsonl', { shared: 3, exact: 3, near: 0, records: 4, share: 0.75, trainSplit: 'data/train.jsonl' }]]);
    }
    // Another scan (another context) holds its own splits.
    expect(checkSplitOverlap({}, 'data/test.jsonl', test).findings).toEqual([]);
  });

  it('count near-duplicates of the training split apart from exact copies, whichever comes first', () => {
    const r = new Rng(3);
    const train = Array.from({ length: 100 }, () => sentence(r, 50));
    const test = [
      train[1]!, // exact
      `  ${train[2]!.toUpperCase()} `, // exact: case and spacing aside
      train[3]!.replace(/ /g, ', '), // near: punctuation added (not the same text)
      `${train[4]!} and one more clause at the very end`, // near: a sentence appended
      train[5]!.replace(/^\S+ \S+/, 'quite different'), // near: two words changed at the start
      sentence(r, 50), // new
      'short new record', // new, too short to sketch
      'short new record', // new
    ];
    for (const order of [['d/train.jsonl', 'd/test.jsonl'], ['d/test.jsonl', 'd/train.jsonl']]) {
      const scan = {};
      const found = order.flatMap((p) => checkSplitOverlap(scan, p, ...split(p.includes('train') ? train : test)).findings);
      expect(found.map((f) => f.properties)).toEqual([{ shared: 5, exact: 2, near: 3, records: 8, share: 0.625, trainSplit: 'd/train.jsonl' }]);
      expect(found[0]!.message).toBe('5 of 8 record(s) of d/test.jsonl (62.5 %) are also in the training split d/train.jsonl: 2 exact (case and spacing aside), 3 near-duplicate (≥ 80 % of word 3-shingles shared, records of 8 words or more); evaluating on them measures memory, not skill');
    }
    // Without sketches (another scan, keys only) the same records are exact copies only.
    const scan = {};
    checkSplitOverlap(scan, 'd/train.jsonl', split(train)[0]);
    expect(checkSplitOverlap(scan, 'd/test.jsonl', split(test)[0]).findings[0]!.properties).toMatchObject({ shared: 2, exact: 2, near: 0 });
  });

  it('sketch at most MAX_SKETCHES records a scan, the rest checked for exact copies only', () => {
    const r = new Rng(4);
    const real = sentence(r, 50);
    // A training split of MAX_SKETCHES − 1 sketches: fillers (all zero, no band key of a real record) and one real record.
    const n = MAX_SKETCHES - 1;
    const sig = new Int32Array(n * SKETCH_WORDS);
    sig.set(split([real])[1]!.sig, (n - 1) * SKETCH_WORDS);
    const trainKeys = Float64Array.from({ length: n }, (_, i) => i);
    trainKeys[n - 1] = recordKey(real);
    const scan = {};
    expect(checkSplitOverlap(scan, 'd/train.jsonl', trainKeys, { sig, at: Int32Array.from({ length: n }, (_, i) => i) }).issues).toEqual([]);
    // One sketch still fits: the first near copy is found, the second is past the cap, the exact copy still counts.
    const [keys, sketches] = split([`${real} with a tail`, `${real} with another tail`, real]);
    const out = checkSplitOverlap(scan, 'd/test.jsonl', keys, sketches);
    expect(out.findings[0]!.properties).toMatchObject({ shared: 2, exact: 1, near: 1, records: 3 });
    expect(out.issues.map((i) => i.message)).toEqual([`d/test.jsonl: 2 record(s) past the ${MAX_SKETCHES} sketched for near-duplicates in this scan's dataset splits; checked against its other splits for exact copies only`]);
  });

  it('say when records much alike (a shared template) had more candidates than were compared', () => {
    const r = new Rng(21);
    const template = sentence(r, 30);
    const templated = (n: number) => Array.from({ length: n }, () => `${template} ${sentence(r, 12)}`);
    const scan = {};
    checkSplitOverlap(scan, 'd/train.jsonl', ...split(templated(400)));
    const out = checkSplitOverlap(scan, 'd/test.jsonl', ...split(templated(100)));
    expect(out.findings).toEqual([]);
    expect(out.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^d\/test.jsonl: \d+ record\(s\) have over 256 candidate near-duplicates in d\/train.jsonl \(records much alike, such as a shared template\); compared with the first 256 only$/)]);
  });
});
