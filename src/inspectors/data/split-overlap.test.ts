import { describe, expect, it } from 'vitest';
import { checkSplitOverlap, recordKey, splitOf } from './split-overlap.js';

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
      expect(found.map((f) => [f.location.path, f.properties])).toEqual([['data/test.jsonl', { shared: 3, records: 4, share: 0.75, trainSplit: 'data/train.jsonl' }]]);
    }
    // Another scan (another context) holds its own splits.
    expect(checkSplitOverlap({}, 'data/test.jsonl', test).findings).toEqual([]);
  });
});
