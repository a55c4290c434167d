import { describe, expect, it } from 'vitest';
import { utf8Value } from './strings.js';

const at = (s: string) => {
  const b = Buffer.from(`..${s}..`);
  return [b, 2, Buffer.byteLength(s)] as const;
};

describe('utf8Value', () => {
  it('decodes short, long and non-ASCII strings', () => {
    expect(utf8Value(...at('storage'))).toEqual({ t: 'str', v: 'storage', len: 7 });
    const long = 'model.layers.12.self_attn.q_proj.weight';
    expect(utf8Value(...at(long)).v).toBe(long);
    expect(utf8Value(...at('poids.é')).v).toBe('poids.é');
  });

  it('shares a short string from its second sighting on, and never caches one seen once', () => {
    const first = utf8Value(...at('cpu-intern-test'));
    const second = utf8Value(...at('cpu-intern-test'));
    const third = utf8Value(...at('cpu-intern-test'));
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(third.v).toBe('cpu-intern-test');
  });

  it('never returns a cached value for different bytes', () => {
    for (let i = 0; i < 20_000; i++) {
      const s = String(i);
      expect(utf8Value(...at(s)).v).toBe(s);
      expect(utf8Value(...at(s)).v).toBe(s);
    }
  });
});
