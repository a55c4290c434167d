import { describe, expect, it } from 'vitest';
import { TextArena } from './text-arena.js';

const bytes = (s: string) => Buffer.from(`<<${s}>>`);

describe('TextArena', () => {
  it('reads back every string it stored, across growth of its buffer', () => {
    const a = new TextArena();
    const at: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const s = `model.layers.${i}.mlp.down_proj.weight`;
      at.push(a.add(bytes(s), 2, s.length)!);
    }
    expect(a.read(at[0]!)).toBe('model.layers.0.mlp.down_proj.weight');
    expect(a.read(at[9_999]!)).toBe('model.layers.9999.mlp.down_proj.weight');
    expect(a.read(a.add(bytes(''), 2, 0)!)).toBe('');
  });

  it('decodes the stored bytes as UTF-8, invalid sequences included, as the VM decodes them', () => {
    const a = new TextArena();
    const wide = 'modèle.couches.0.poids.日本語';
    const b = bytes(wide);
    expect(a.read(a.add(b, 2, b.length - 4)!)).toBe(wide);
    const invalid = Uint8Array.from([0x61, 0xff, 0x62, 0xc3]);
    expect(a.read(a.add(invalid, 0, 4)!)).toBe(Buffer.from(invalid).toString('utf8'));
  });
});
