import { describe, expect, it } from 'vitest';
import { joblibArrayBytes } from './pickle-joblib-bytes.js';

describe('joblib array byte count', () => {
  it('multiplies the item size by every dimension, a 0 emptying any shape', () => {
    expect(joblibArrayBytes(8, [3, 4])).toEqual({ bytes: 96 });
    expect(joblibArrayBytes(8, [])).toEqual({ bytes: 8 });
    expect(joblibArrayBytes(1, [2 ** 40, 2 ** 40, 0])).toEqual({ bytes: 0 });
  });

  it('names a shape that is no list of sizes, and a count past 2^53', () => {
    expect(joblibArrayBytes(8, [3, undefined])).toEqual({ bad: 'shape' });
    expect(joblibArrayBytes(8, [-1])).toEqual({ bad: 'shape' });
    expect(joblibArrayBytes(8, [1.5])).toEqual({ bad: 'shape' });
    expect(joblibArrayBytes(1, [2 ** 60])).toEqual({ bad: 'over-2^53' });
    expect(joblibArrayBytes(8, [2 ** 30, 2 ** 30])).toEqual({ bad: 'over-2^53' });
  });
});
