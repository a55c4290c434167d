import { describe, expect, it } from 'vitest';
import { TextArena } from './text-arena.js';

describe('TextArena', () => {
  it('reads back every string it stored, across growth of its buffer', () => {
    const a = new TextArena();
    const at: number[] = [];
    for (let i = 0; i < 10_000; i++) at.push(a.add(`model.layers.${i}.mlp.down_proj.weight`)!);
    expect(at.every((x) => typeof x === 'number')).toBe(true);
    expect(a.read(at[0]!)).toBe('model.layers.0.mlp.down_proj.weight');
    expect(a.read(at[9_999]!)).toBe('model.layers.9999.mlp.down_proj.weight');
    expect(a.add('')).toBeTypeOf('number');
  });

  it('refuses strings that are not ASCII, so the caller keeps them as strings', () => {
    const a = new TextArena();
    const before = a.add('first');
    expect(a.add('naïve-name-that-is-long-enough')).toBeUndefined();
    expect(a.add('日本語のテンソル名')).toBeUndefined();
    // A refused string leaves nothing behind: the next one follows the last stored.
    const next = a.add('second');
    expect(a.read(before!)).toBe('first');
    expect(a.read(next!)).toBe('second');
  });
});
