import { describe, expect, it } from 'vitest';
import { ModelsByOffset } from './detect-calls.js';
import type { ModelSeen } from './detect-models.js';

/** The definition: the first model in the list, reaching an API, whose offset is in [from, to]. */
const linear = (models: ModelSeen[], from: number, to: number) => models.find((m) => m.api && m.offset >= from && m.offset <= to);

describe('models by offset', () => {
  it('finds the first model in list order within a call, sorted or not', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 300; round++) {
      const n = rnd(40);
      const models: ModelSeen[] = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, ref: {} as ModelSeen['ref'], offset: rnd(500), ...(rnd(4) ? { api: `api${rnd(3)}` } : {}) }));
      // Half the rounds in offset order, as one pass over a file gives them.
      if (round % 2) models.sort((a, b) => a.offset - b.offset);
      const idx = new ModelsByOffset(models);
      for (let k = 0; k < 30; k++) {
        const from = rnd(520);
        const to = from + rnd(80);
        expect(idx.first(from, to)).toBe(linear(models, from, to));
      }
    }
  });
});
