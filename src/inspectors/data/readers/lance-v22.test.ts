import { describe, expect, it } from 'vitest';
import { concat, field, varint } from '../testing/format-writers.js';
import { decodePage21, pageWindows21, WINDOW } from './lance-v21.js';
import type { LanceItem } from './lance-values.js';

/**
 * Lance 2.2 pages (LanceDB 0.39's default format), built here byte by byte as Lance lays them out
 * (`lance-lancedb.test.ts` checks the same against real LanceDB when it is at hand).
 */

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const num = (no: number, n: number) => concat([varint(no * 8), varint(n)]);
const msg = (no: number, ...parts: Uint8Array[]) => field(no, concat(parts));
const flat = (bits: number) => msg(1, num(1, bits));
const u16s = (ns: readonly number[]) => new Uint8Array(Uint16Array.from(ns).buffer);
const u32s = (ns: readonly number[]) => new Uint8Array(Uint32Array.from(ns).buffer);
const u64s = (ns: readonly bigint[]) => new Uint8Array(BigInt64Array.from(ns).buffer);
const pad8 = (b: Uint8Array, fill = 0) => concat([b, new Uint8Array((8 - (b.length % 8)) % 8).fill(fill)]);
const text = (items: LanceItem[]) => items.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString() : v));

/** A one-chunk 2.2 mini-block page of `n` values without levels: a u32 chunk word, the chunk's u32 buffer sizes, its buffers. */
function miniBlock22(valueEnc: Uint8Array, buffers: Uint8Array[], n: number): { enc: Uint8Array; bufs: Uint8Array[] } {
  const chunk = pad8(concat([pad8(concat([u16s([0]), u32s(buffers.map((b) => b.length))])), ...buffers.map((b) => pad8(b))]));
  const enc = msg(1, msg(3, valueEnc), field(6, Uint8Array.from([1])), num(7, buffers.length), num(9, n), num(10, 1));
  return { enc, bufs: [u32s([(chunk.length / 8 - 1) << 4]), chunk] };
}

describe('Lance 2.2 pages', () => {
  it('reads large mini-block chunks: u32 chunk words laid out as 2.1 lays out its u16 ones, u32 buffer sizes', () => {
    // As LanceDB 0.39 writes ten strings: a 184-byte chunk (word 0x160: 22 units of 8, less one), a 176-byte buffer.
    const offsets = [44, ...Array.from({ length: 10 }, (_, i) => 57 + i * 13)];
    const strings = Array.from({ length: 10 }, (_, i) => `first batch ${i}`).join('');
    const enc = hex('0a131a0812060a040a0208203201013801480a5001');
    const chunk = concat([hex('0000 b0000000 fefe'), u32s(offsets), Buffer.from(strings), hex('4848')]);
    const page = decodePage21(enc, 10, [hex('60010000'), chunk], true, false);
    expect(text(page.items)).toEqual(Array.from({ length: 10 }, (_, i) => `first batch ${i}`));
    // Several chunks: 4 values (log 2), then the last 3 (log 0, the rest of the page).
    const one = miniBlock22(flat(64), [u64s([1n, 2n, 3n, 4n])], 4);
    const two = miniBlock22(flat(64), [u64s([5n, 6n, 7n])], 3);
    const words = [u32s([((one.bufs[1]!.length / 8 - 1) << 4) | 2]), two.bufs[0]!];
    const enc7 = msg(1, msg(3, flat(64)), field(6, Uint8Array.from([1])), num(7, 1), num(9, 7), num(10, 1));
    expect(decodePage21(enc7, 7, [concat(words), concat([one.bufs[1]!, two.bufs[1]!])], false, true).items).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads constant pages: an inline value, a value buffer, with levels raw or compressed, and pages of nulls as before', () => {
    const layers = (...ls: number[]) => field(5, Uint8Array.from(ls));
    // A fixed-width value inline: 42 in every row.
    const inline = msg(2, layers(1), field(6, u64s([42n])));
    expect(decodePage21(inline, 3, [], false, true).items).toEqual([42, 42, 42]);
    // A string in a value buffer (`u32 count | u32 lengths | offsets | bytes`), as 0.39 writes a one-row fragment.
    const value = hex('02000000 08000000 19000000 00000000 19000000') ;
    const row = concat([value, Buffer.from('a row whose fragment goes')]);
    expect(text(decodePage21(msg(2, layers(1)), 1, [row], true, false).items)).toEqual(['a row whose fragment goes']);
    // The same value with nulls: its buffer, then (empty) repetition and definition levels.
    const def = u16s([0, 1, 0]);
    const withNulls = decodePage21(msg(2, layers(3)), 3, [row, new Uint8Array(), def], true, false);
    expect(withNulls.def).toEqual([0, 1, 0]);
    expect(withNulls.items).toHaveLength(3);
    // A page of nulls whose definition levels are flat 16-bit (2.2 names it) or run-length coded.
    const nulls = decodePage21(msg(2, layers(3, 3), msg(8, flat(16)), num(10, 4)), 4, [new Uint8Array(), u16s([1, 2, 1, 2])], true, false);
    expect(nulls.def).toEqual([1, 2, 1, 2]);
    expect(nulls.items).toEqual([null, null, null, null]);
    const rle = msg(8, msg(8, msg(1, flat(16)), msg(2, flat(8))));
    const runs = concat([u64s([4n]), u16s([1, 2]), Uint8Array.from([3, 2])]);
    expect(decodePage21(msg(2, layers(3, 3), rle, num(10, 5)), 5, [new Uint8Array(), runs], true, false).def).toEqual([1, 1, 1, 2, 2]);
    // No inline value and no value buffer: nulls, as 2.1 writes them.
    expect(decodePage21(msg(2, layers(3)), 2, [], true, false).items).toEqual([null, null]);
    expect(() => decodePage21(msg(2, layers(1), field(6, u64s([1n]))), 1, [row], false, true)).toThrow(/inline value and 1 buffers/);
  });

  it('reads run-length coded values, byte stream split values, and LZ4 / zstd compressed chunks', () => {
    // Rle { values = flat 32; run_lengths = flat 8 }: the chunk's two buffers.
    const rle = miniBlock22(msg(8, msg(1, flat(32)), msg(2, flat(8))), [u32s([7, 9]), Uint8Array.from([3, 2])], 5);
    expect(decodePage21(rle.enc, 5, rle.bufs, false, true).items).toEqual([7, 7, 7, 9, 9]);
    // ByteStreamSplit { values = flat 32 }: every value's first byte, then every value's second…
    const bss = miniBlock22(msg(9, msg(1, flat(32))), [Uint8Array.from([1, 2, 0, 1, 0, 0, 0, 0])], 2);
    expect(decodePage21(bss.enc, 2, bss.bufs, false, true).items).toEqual([1, 258]);
    const values = u64s([10n, 20n]);
    // General { LZ4 }: a u32 size, then one LZ4 block (here literals only).
    const lz4 = concat([u32s([16]), Uint8Array.from([0xf0, 1]), values]);
    const general = (scheme: number) => msg(10, msg(1, num(1, scheme)), msg(3, flat(64)));
    const l = miniBlock22(general(1), [lz4], 2);
    expect(decodePage21(l.enc, 2, l.bufs, false, true).items).toEqual([10, 20]);
    // General { zstd }: a u64 size, then a zstd frame (here one raw block).
    const zstd = concat([u64s([16n]), hex('28b52ffd 20 10'), Uint8Array.from([(16 << 3) | 1, 0, 0]), values]);
    const z = miniBlock22(general(2), [zstd], 2);
    expect(decodePage21(z.enc, 2, z.bufs, false, true).items).toEqual([10, 20]);
    const bad = miniBlock22(general(1), [concat([u32s([17]), Uint8Array.from([0xf0, 1]), values])], 2);
    expect(() => decodePage21(bad.enc, 2, bad.bufs, false, true)).toThrow(/LZ4/);
  });

  it('reads a dictionary kept under LZ4, and fixed-size binary values', () => {
    // The dictionary: a variable-width block (u32 offset bits, u32 start of the bytes, offsets, bytes) compressed as one LZ4 block.
    const block = concat([u32s([32, 24, 0, 7, 14, 22]), Buffer.from('billingrefundsshipping')]);
    const dict = concat([u32s([block.length]), Uint8Array.from([0xf0, block.length - 15]), block]);
    const indices = miniBlock22(flat(8), [Uint8Array.from([2, 0, 1, 1])], 4);
    const enc = msg(1, msg(3, flat(8)), msg(4, msg(10, msg(1, num(1, 1)), msg(3, msg(2, msg(1, flat(32)))))), num(5, 3), field(6, Uint8Array.from([1])), num(7, 1), num(9, 4), num(10, 1));
    expect(text(decodePage21(enc, 4, [indices.bufs[0]!, indices.bufs[1]!, dict], true, false).items)).toEqual(['shipping', 'billing', 'refunds', 'refunds']);
    // Fixed-size binary: flat values of its width, each its bytes.
    const fsb = miniBlock22(flat(48), [Buffer.from('code-1code-2')], 2);
    expect(text(decodePage21(fsb.enc, 2, fsb.bufs, true, false).items)).toEqual(['code-1', 'code-2']);
  });

  it('reads full-zip fixed-width pages whose null items keep their value bytes', () => {
    // FullZipLayout { bits_def = 1; bits_per_value = 32; num_items = 3; value_compression = flat 32; layers = [NULLABLE_ITEM] }
    const enc = msg(3, num(2, 1), num(3, 32), num(5, 3), num(6, 3), msg(7, flat(32)), field(8, Uint8Array.from([3])));
    const data = concat([Uint8Array.from([1]), u32s([0]), Uint8Array.from([0]), u32s([1000]), Uint8Array.from([0]), u32s([2000])]);
    const page = decodePage21(enc, 3, [data], false, true);
    expect(page.def).toEqual([1, 0, 0]);
    expect(page.items).toEqual([null, 1000, 2000]);
  });

  it('reads full-zip values compressed one by one (long documents), each bounded by what it declares', () => {
    // FullZipLayout { bits_def = 1; bits_per_offset = 32; value_compression = General { LZ4; values = Variable } }: ctrl | u32 length | u32 size, LZ4 block.
    const general = msg(10, msg(1, num(1, 1)), msg(3, msg(2, msg(1, flat(32)))));
    const enc = (n: number) => msg(3, num(2, 1), num(4, 32), num(5, n), num(6, n), msg(7, general), field(8, Uint8Array.from([3])));
    const lz4 = (s: string) => concat([u32s([s.length]), Uint8Array.from([0xf0, s.length - 15]), Buffer.from(s)]);
    const item = (v: Uint8Array) => concat([Uint8Array.from([0]), u32s([v.length]), v]);
    const doc = 'A long document, kept as one LZ4 block.';
    const page = decodePage21(enc(2), 2, [concat([item(lz4(doc)), Uint8Array.from([1])])], true, false);
    expect(text(page.items)).toEqual([doc, null]);
    // A value that does not come out at the size it declares, or declares more than a page may hold, fails the page.
    const short = concat([u32s([1000]), Uint8Array.from([0x00])]);
    expect(() => decodePage21(enc(1), 1, [item(short)], true, false)).toThrow(/decompressed to 0 bytes, not the 1000/);
    const huge = concat([u32s([0xffffffff]), Uint8Array.from([0x00])]);
    expect(() => decodePage21(enc(1), 1, [item(huge)], true, false)).toThrow(/claims 4294967295 bytes/);
  });

  it('decodes a page a window at a time, never all its values at once: mini-block chunk by chunk, full-zip and constant pages by WINDOW items', () => {
    const sizes = (page: { enc: Uint8Array; rows: number; bufs: Uint8Array[]; text: boolean }) =>
      [...pageWindows21(page.enc, page.rows, page.bufs, page.text, false)].map((w) => {
        expect(w.items.length).toBeLessThanOrEqual(WINDOW);
        if (w.def) expect(w.def.length).toBe(w.items.length);
        return w.items.length;
      });
    // Three chunks of 4,096, 4,096 and 1,808 integers (log 12, log 12, the rest).
    const n = 2 * WINDOW + 1808;
    const chunks = [0, WINDOW, 2 * WINDOW].map((from) => miniBlock22(flat(64), [u64s(Array.from({ length: Math.min(WINDOW, n - from) }, (_, i) => BigInt(from + i)))], Math.min(WINDOW, n - from)));
    const words = u32s(chunks.map((c, i) => ((c.bufs[1]!.length / 8 - 1) << 4) | (i < 2 ? 12 : 0)));
    const mini = { enc: msg(1, msg(3, flat(64)), field(6, Uint8Array.from([1])), num(7, 1), num(9, n), num(10, 1)), rows: n, bufs: [words, concat(chunks.map((c) => c.bufs[1]!))], text: false };
    expect(sizes(mini)).toEqual([WINDOW, WINDOW, 1808]);
    expect(decodePage21(mini.enc, n, mini.bufs, false, true).items).toEqual(Array.from({ length: n }, (_, i) => i));
    // A full-zip page of 10,000 strings, every tenth null: ctrl | u32 length | bytes.
    const strings = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 9 ? null : `document ${i}`));
    const items = strings.map((v) => (v === null ? Uint8Array.from([1]) : concat([Uint8Array.from([0]), u32s([v.length]), Buffer.from(v)])));
    const zip = { enc: msg(3, num(2, 1), num(4, 32), num(5, 10_000), num(6, 10_000), msg(7, msg(2, msg(1, flat(32)))), field(8, Uint8Array.from([3]))), rows: 10_000, bufs: [concat(items)], text: true };
    expect(sizes(zip)).toEqual([WINDOW, WINDOW, 10_000 - 2 * WINDOW]);
    expect(text(decodePage21(zip.enc, 10_000, zip.bufs, true, false).items)).toEqual(strings);
    // A constant page without levels: its value a row, a window at a time.
    expect(sizes({ enc: msg(2, field(5, Uint8Array.from([1])), field(6, u64s([42n]))), rows: 10_000, bufs: [], text: false })).toEqual([WINDOW, WINDOW, 10_000 - 2 * WINDOW]);
  });
});
