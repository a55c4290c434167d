import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { fileVerdict } from '../verdict.js';
import { ModelScanContext } from '../scan-context.js';
import { concat } from '../testing/format-writers.js';
import { callPickle } from '../testing/pickle-writer.js';
import { scanNpy } from './numpy.js';
import { parsePyLiteral } from './py-literal.js';

const enc = new TextEncoder();

/** A v1.0 `.npy` with the header dict written verbatim (padded as numpy pads it). */
function npy(header: string, data: Uint8Array): Uint8Array {
  const pad = (64 - ((10 + header.length + 1) % 64)) % 64;
  const h = enc.encode(header + ' '.repeat(pad) + '\n');
  return concat([Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]), h, data]);
}

async function verdict(header: string, data = callPickle('os', 'system', ['id'])) {
  const ctx = new ModelScanContext('a.npy');
  await scanNpy(ctx, memorySource(npy(header, data)));
  return fileVerdict(ctx).verdict;
}

describe('npy headers read as numpy reads them (ast.literal_eval)', () => {
  // Each declares an object array: numpy.load(allow_pickle=True) unpickles the data (checked
  // against numpy 2.4's descr_to_dtype on the literal alone).
  it.each([
    ["{'descr': 'object', 'fortran_order': False, 'shape': (1,), }", 'dtype named by word'],
    ["{'descr': '|\\x4f', 'fortran_order': False, 'shape': (1,), }", 'hex escape'],
    ["{'descr': '|\\u004f', 'fortran_order': False, 'shape': (1,), }", 'unicode escape'],
    ["{'descr': '|' 'O', 'fortran_order': False, 'shape': (1,), }", 'adjacent strings joined'],
    ["{'descr': 'f8,O', 'fortran_order': False, 'shape': (1,), }", 'comma dtype string with an object field'],
    ["{'descr': \"(2,)O\", 'fortran_order': False, 'shape': (1,), }", 'subarray of objects'],
    ["{'fortran_order': False, 'shape': (1,), 'descr': [('a', '<f8'), ('b', [('c', '|O')])], }", 'nested field, descr last'],
    ["{'descr': ('|O', (2,)), 'fortran_order': False, 'shape': (1,), }", '(subtype, shape) tuple'],
  ])('%s (%s) is scanned as a pickle', async (header) => {
    expect(await verdict(header)).toBe('malicious');
  });

  it('leaves numeric arrays alone, whatever their bytes', async () => {
    expect(await verdict("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")).toBe('clean');
    expect(await verdict("{'descr': [('Offset', '<i8'), ('float', '<f4')], 'fortran_order': False, 'shape': (1,), }")).toBe('clean');
  });

  it('calls a header it cannot read inconclusive, never clean', async () => {
    expect(await verdict("{'descr': '\\N{LATIN CAPITAL LETTER O}', 'fortran_order': False, 'shape': (1,), }")).toBe('inconclusive');
    expect(await verdict("{'descr': f'O', 'fortran_order': False, 'shape': (1,), }")).toBe('inconclusive');
  });

  it('reads a header Python 2 wrote (a long shape, `(2L,)`), as numpy does for versions 1 and 2', async () => {
    // numpy's own tests/data/win64python2.npy has exactly this header.
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }";
    expect(await verdict(header, new Uint8Array(16))).toBe('clean');
    expect(await verdict(header.replace("'<f8'", "'|O'"))).toBe('malicious');
    expect(parsePyLiteral('(2L,)')).toBeUndefined();
    expect(parsePyLiteral('(2L, 3)', { py2Longs: true })).toEqual({ tuple: [2, 3] });
    // Only an `L` token after a number goes: a name starting with L is still not a literal.
    expect(parsePyLiteral('(2Lx,)', { py2Longs: true })).toBeUndefined();
  });

  it('parses the literal subset numpy headers use', () => {
    expect(parsePyLiteral("{'a': (1,), 'b': [True, None], \"c\": r'\\x'}")).toEqual(new Map<unknown, unknown>([['a', { tuple: [1] }], ['b', [true, null]], ['c', '\\x']]));
    expect(parsePyLiteral("('x')")).toBe('x');
    expect(parsePyLiteral("'a' b'c'")).toBeUndefined();
    expect(parsePyLiteral('{1: 2')).toBeUndefined();
  });
});
