import { describe, expect, it } from 'vitest';
import { pickleIntLine, pickleLongLine, pyLong } from './pickle-int.js';

/**
 * What CPython 3.11's `pickle.loads(b'I' + line + b'\n.')` and `b'L' + line + b'\n.'` give (run
 * once to write this table; undefined where it raises).
 */
const CPYTHON: [line: string, int: bigint | boolean | undefined, long: bigint | undefined][] = [
  ['1_0', 10n, 10n],
  ['010', 8n, undefined],
  ['+1', true, 1n],
  [' 1', true, 1n],
  ['-0', false, 0n],
  ['00', false, 0n],
  ['01', true, undefined],
  ['10', 10n, 10n],
  ['0_7', undefined, undefined],
  ['00_0', 0n, 0n],
  ['0777777777777777777777777', undefined, undefined],
  ['0x_1f', 31n, 31n],
  ['12 ', 12n, 12n],
  ['1\u00002', 1n, 1n],
  ['9223372036854775808', 9223372036854775808n, 9223372036854775808n],
  ['-9223372036854775808', -9223372036854775808n, -9223372036854775808n],
  ['0o17', 15n, 15n],
  ['1__0', undefined, undefined],
  ['_1', undefined, undefined],
  ['\t\v7', 7n, 7n],
  ['0b1_0', 2n, 2n],
  ['1\r', 1n, 1n],
  ['0\r', 0n, 0n],
  [' 0x10', 16n, 16n],
  ['- 1', undefined, undefined],
  ['0x', undefined, undefined],
  ['1 2', undefined, undefined],
  ['12L', undefined, 12n],
  ['', undefined, undefined],
];

describe('protocol 0 integer lines, as CPython reads them', () => {
  it.each(CPYTHON)('INT and LONG %j', (line, int, long) => {
    expect(pickleIntLine(line)).toBe(int);
    expect(pickleLongLine(line)).toBe(long);
  });

  it('parses PUT and GET indices as PyLong_FromString base 10 does', () => {
    expect(pyLong(' 12 ', 10)).toBe(12n);
    expect(pyLong('+0_1', 10)).toBe(1n);
    expect(pyLong('007', 10)).toBe(7n);
    expect(pyLong('1__0', 10)).toBeUndefined();
    expect(pyLong('0x10', 10)).toBeUndefined();
  });
});
