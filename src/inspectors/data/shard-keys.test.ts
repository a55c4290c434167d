import { describe, expect, it } from 'vitest';
import { labelHash, ShardKeys } from './shard-keys.js';

describe('ShardKeys', () => {
  it('keeps each key\'s label through growth, the labels made when the first one comes', () => {
    const list = new ShardKeys();
    for (let i = 1; i <= 1000; i++) list.add(i, i > 300 && i % 2 ? labelHash(`label ${i % 7}`) : 0);
    const out = list.finish()!;
    expect(out.keys.length).toBe(1000);
    expect(out.labels!.length).toBe(1000);
    for (let i = 1; i <= 1000; i++) expect(out.labels![i - 1]).toBe(i > 300 && i % 2 ? labelHash(`label ${i % 7}`) : 0);
  });

  it('sends no labels for a file without any', () => {
    const list = new ShardKeys();
    for (let i = 1; i <= 600; i++) list.add(i, labelHash(undefined));
    expect(list.finish()).toEqual({ keys: Float64Array.from({ length: 600 }, (_, i) => i + 1) });
  });
});
