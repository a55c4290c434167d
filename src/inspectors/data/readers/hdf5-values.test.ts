import type { Metadata } from 'h5wasm/node';
import { describe, expect, it } from 'vitest';
import { H5T, SLICE_BYTES, cellText, rowsPerSlice, textual } from './hdf5-values.js';

const meta = (m: Partial<Metadata>): Metadata => ({ chunks: null, littleEndian: true, maxshape: null, shape: null, signed: false, size: 1, total_size: 1, type: H5T.INTEGER, vlen: false, ...m });

describe('HDF5 value slices', () => {
  it('sizes a slice by the stored bytes of a row, so no read takes more than SLICE_BYTES', () => {
    expect(rowsPerSlice(meta({ type: H5T.STRING, size: 32 }), 1)).toBe(SLICE_BYTES / 32);
    expect(rowsPerSlice(meta({ type: H5T.STRING, size: 32 }), 1024)).toBe(128);
    // A variable-length string is stored as a pointer: sized at a guess of 256 bytes.
    expect(rowsPerSlice(meta({ type: H5T.STRING, size: 4, vlen: true }), 1)).toBe(16384);
    // A record of 1 MiB strings is still read one at a time, never none.
    expect(rowsPerSlice(meta({ type: H5T.STRING, size: 64 << 20 }), 1)).toBe(1);
  });

  it('makes text of strings and integers only', () => {
    expect(textual(meta({ type: H5T.FLOAT, size: 4 }))).toBe(false);
    expect(textual(meta({ type: H5T.COMPOUND, compound_type: { nmembers: 1, members: [{ ...meta({ type: H5T.FLOAT }), name: 'x', offset: 0 }] } }))).toBe(false);
    expect(cellText(12345n, meta({ type: H5T.INTEGER, size: 8 }))).toBe('12345');
    expect(cellText(0.5, meta({ type: H5T.FLOAT, size: 8 }))).toBeUndefined();
  });
});
