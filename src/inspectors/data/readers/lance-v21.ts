import { blockBytes, FL_BLOCK, unpackBlock } from './lance-bitpack.js';
import { fullZip } from './lance-fullzip.js';
import { compression, LAYOUTS, MAX_ITEMS, maxVisibleDef, NAMES, type Ctx, type Page21 } from './lance-layers.js';
import { filled, fixedValues, fsstDecoder, generalDecompress, offsetValues, UnsupportedEncoding, variableValues, type LanceItem } from './lance-values.js';
import { pbFields, pbNumber, pbPacked, pbSub, type PbField } from './protobuf.js';

/**
 * Lance 2.1 and 2.2 pages (`encodings_v2_1.proto`, `PageLayout`; 2.2, LanceDB 0.39's default, adds
 * large mini-block chunks, constant pages of a value and more compressions): a structural layout
 * holding repetition and definition levels beside the values of one leaf column. Read here:
 * mini-block pages (chunks of levels and values, with an optional dictionary), full-zip pages (each
 * item's levels and value zipped together) and constant pages; values flat, variable-width
 * (strings), fixed-size binary, FSST-compressed, bit-packed (FastLanes, inline or out of line),
 * run-length coded (values; in 2.2 levels too), byte-stream-split, dictionary-coded, or LZ4/zstd
 * compressed (`General`: 2.2 dictionaries and chunks); fixed-size lists (vectors) are skipped; a
 * constant page gives its value (2.2) or nulls, at its levels when it has them. Anything else
 * throws {@link UnsupportedEncoding}.
 */

export { listDepth, maxVisibleDef, type Page21 } from './lance-layers.js';

/** Values a window of a page yields at most, bar one mini-block chunk (2.1 chunks hold at most 4,096). */
export const WINDOW = 4096;

/** Decodes one page whose `PageLayout` is `enc`, of `rows` rows, from its buffers, whole (see {@link pageWindows21}). */
export function decodePage21(enc: Uint8Array, rows: number, bufs: readonly Uint8Array[], text: boolean, signed: boolean, limit = 1 << 22): Page21 {
  let out: Page21 | undefined;
  for (const w of pageWindows21(enc, rows, bufs, text, signed, limit)) {
    if (!out) out = { ...w, ...(w.rep ? { rep: [...w.rep] } : {}), ...(w.def ? { def: [...w.def] } : {}), items: [...w.items] };
    else {
      if (w.rep) for (const v of w.rep) (out.rep ??= []).push(v);
      if (w.def) for (const v of w.def) (out.def ??= []).push(v);
      for (const v of w.items) out.items.push(v);
    }
  }
  return out ?? { items: [], layers: [] };
}

/**
 * Decodes one page whose `PageLayout` is `enc`, of `rows` rows, from its buffers, a window at a
 * time: a mini-block chunk, or {@link WINDOW} items of a full-zip or constant page, each with its
 * levels (a window's levels hold its items); a constant page without levels gives at most `limit`
 * rows. A page's decoded values are never all held at once, only its buffers.
 */
export function* pageWindows21(enc: Uint8Array, rows: number, bufs: readonly Uint8Array[], text: boolean, signed: boolean, limit = 1 << 22): Generator<Page21> {
  const ctx: Ctx = { b: enc, text, signed };
  let layout: PbField | undefined;
  for (const f of pbFields(enc)) if (f.wire === 2) layout = f;
  if (!layout) throw new Error('empty page layout');
  const layers: number[] = [];
  for (const f of pbFields(enc, layout.start, layout.end)) if (f.no === (layout.no === 1 ? 6 : layout.no === 3 ? 8 : 5)) pbPacked(enc, f, layers);
  let windows: Iterable<Omit<Page21, 'layers'> & { layers?: number[] }>;
  if (layout.no === 1) windows = miniBlock(ctx, layout, bufs);
  else if (layout.no === 3) windows = fullZip(ctx, layout, bufs, WINDOW);
  else if (layout.no === 2) windows = constant(enc, layout, layers, bufs, Math.min(rows, limit), ctx);
  else throw new UnsupportedEncoding(`${LAYOUTS[layout.no] ?? `layout ${layout.no}`} page`);
  let any = false;
  for (const w of windows) {
    any = true;
    yield { layers, ...w };
  }
  if (!any) yield { items: [], layers };
}

/**
 * `ConstantLayout { layers = 5; inline_value = 6; rep_compression = 7; def_compression = 8 }`: one
 * value (or none) for the whole page. What its buffers hold is told by the inline value and their
 * count together, as Lance reads them:
 * - no inline value, 0 or 2 buffers: a page of nulls (2.1 and on), its buffers, when structs or
 *   lists above make some nulls differ, the repetition and definition levels (raw u16);
 * - an inline value (2.2, a fixed-width value of up to 32 bytes), 0 or 2 buffers: the value, then
 *   the levels as above;
 * - no inline value, 1 or 3 buffers (2.2, a string or a longer value): buffer 0 the value
 *   (`u32 count | u32 length of each | the Arrow buffers of a one-item array`), then the levels.
 * Levels are raw u16 unless `rep_compression` / `def_compression` say otherwise (2.2 names flat
 * 16-bit ones, `num_rep_values = 9` / `num_def_values = 10` counting them).
 */
function* constant(enc: Uint8Array, layout: PbField, layers: number[], bufs: readonly Uint8Array[], rows: number, ctx: Ctx): Generator<Page21> {
  const inline = pbSub(enc, layout.start, layout.end, 6);
  const inValue = !inline && bufs.length % 2 === 1;
  if (bufs.length > 3) throw new Error(`constant page of ${bufs.length} buffers`);
  if (inline && bufs.length % 2) throw new Error(`constant page with an inline value and ${bufs.length} buffers`);
  const value: LanceItem = inline ? inlineValue(enc.subarray(inline.start, inline.end), ctx) : inValue ? bufferValue(bufs[0]!, ctx) : null;
  // Levels raw u16, or (2.2) under the `CompressiveEncoding` named, of as many values as it says.
  const levels = (b: Uint8Array | undefined, compressionNo: number, countNo: number) => {
    if (!b?.length) return undefined;
    const how = compression(ctx, layout, compressionNo);
    if (!how) return fixedValues(b, 16, Math.floor(b.length / 2), false).map(Number);
    const n = pbNumber(enc, layout.start, layout.end, countNo) || Math.floor(b.length / 2);
    if (n > MAX_ITEMS) throw new Error(`constant page of ${n} levels`);
    return levelsOf(ctx, how, b, n);
  };
  const rep = levels(bufs[inValue ? 1 : 0], 7, 9);
  const def = levels(bufs[inValue ? 2 : 1], 8, 10);
  if (!rep && !def) {
    // Without levels, a value a row: `rows` of them, a window at a time.
    for (let at = 0; at < rows; at += WINDOW) yield { items: filled<LanceItem>(Math.min(WINDOW, rows - at), value), layers: layers.length ? layers : [3] };
    return;
  }
  if (rep && def && rep.length !== def.length) throw new Error(`constant page of ${rep.length} repetition and ${def.length} definition levels`);
  const visible = maxVisibleDef(layers);
  const items = filled<LanceItem>(def ? def.filter((d) => d <= visible).length : rep!.length, value);
  yield { ...(rep ? { rep } : {}), ...(def ? { def } : {}), items, layers };
}

/** A constant page's inline value: a fixed-width integer (1 to 8 bytes), or the bytes of a fixed-size binary; else not read. */
function inlineValue(b: Uint8Array, ctx: Ctx): LanceItem {
  if (ctx.text) return b;
  return [1, 2, 4, 8].includes(b.length) ? fixedValues(b, b.length * 8, 1, ctx.signed)[0] : undefined;
}

/** A constant page's value buffer: `u32 count | u32 length of each`, then the Arrow buffers of a one-item array (a string's offsets and bytes). */
function bufferValue(b: Uint8Array, ctx: Ctx): LanceItem {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 4) throw new Error('constant value buffer too short');
  const count = dv.getUint32(0, true);
  if (count > 3 || 4 + count * 4 > b.length) throw new Error(`constant value of ${count} buffers in ${b.length} bytes`);
  const parts: Uint8Array[] = [];
  let at = 4 + count * 4;
  for (let i = 0; i < count; i++) {
    const n = dv.getUint32(4 + i * 4, true);
    if (at + n > b.length) throw new Error(`constant value buffer ${i} (${n} bytes) past its ${b.length}-byte page buffer`);
    parts.push(b.subarray(at, at + n));
    at += n;
  }
  if (!ctx.text) return count === 1 ? inlineValue(parts[0]!, ctx) : undefined;
  if (count === 1) return parts[0]!;
  if (count !== 2) throw new UnsupportedEncoding(`constant text of ${count} buffers`);
  // Offsets (32- or 64-bit, two of them) into the bytes.
  const [offsets, bytes] = parts as [Uint8Array, Uint8Array];
  if (offsets.length !== 8 && offsets.length !== 16) throw new Error(`constant text with ${offsets.length} bytes of offsets`);
  return variableValues(offsetValues(offsets, offsets.length * 4, 2), bytes)[0];
}

/**
 * `MiniBlockLayout { rep_compression = 1; def_compression = 2; value_compression = 3; dictionary = 4;
 * num_dictionary_items = 5; layers = 6; num_buffers = 7; repetition_index_depth = 8; num_items = 9; has_large_chunk = 10 }`,
 * over the page buffers [chunk sizes, chunks, dictionary?, repetition index?]. Each chunk:
 * `u16 levels | u16 rep bytes? | u16 def bytes? | u16 (u32 with large chunks) size of each buffer`, padded
 * to 8, then the repetition levels, the definition levels and the buffers, each padded to 8.
 */
function* miniBlock(ctx: Ctx, layout: PbField, bufs: readonly Uint8Array[]): Generator<Omit<Page21, 'layers'>> {
  const { b } = ctx;
  const repEnc = compression(ctx, layout, 1);
  const defEnc = compression(ctx, layout, 2);
  const valueEnc = compression(ctx, layout, 3);
  const dictEnc = compression(ctx, layout, 4);
  const numBuffers = pbNumber(b, layout.start, layout.end, 7);
  const numItems = pbNumber(b, layout.start, layout.end, 9);
  const large = pbNumber(b, layout.start, layout.end, 10) === 1;
  if (!valueEnc) throw new Error('mini-block page without its value encoding');
  if (numItems > MAX_ITEMS || numBuffers > 16) throw new Error(`mini-block page of ${numItems} items in ${numBuffers} buffers`);
  const [meta, data] = [bufs[0], bufs[1]];
  if (!meta || !data) throw new Error('mini-block page without its chunk buffers');
  const word = large ? 4 : 2;
  const mdv = new DataView(meta.buffer, meta.byteOffset, meta.byteLength);
  const chunks = Math.floor(meta.length / word);
  const dict = dictEnc ? dictionary(ctx, dictEnc, bufs[2], pbNumber(b, layout.start, layout.end, 5)) : undefined;
  let at = 0;
  let seen = 0;
  // A chunk at a time: its levels and values, the page's raw buffers kept but never all its values decoded.
  for (let c = 0; c < chunks; c++) {
    const items: LanceItem[] = [];
    // One word a chunk, u16 (2.1) or u32 (2.2, `has_large_chunk`), laid out alike: the low 4 bits
    // the log2 of its values (0 in the last chunk, whose count is what is left of the page), the
    // rest its size in 8-byte units less one.
    const w = large ? mdv.getUint32(c * 4, true) : mdv.getUint16(c * 2, true);
    const bytes = ((w >>> 4) + 1) * 8;
    const log = w & 0xf;
    const values = c < chunks - 1 ? 2 ** log : numItems - seen;
    if (values < 0 || seen + values > numItems) throw new Error(`mini-block chunk ${c} holds ${values} values past the page's ${numItems}`);
    if (at + bytes > data.length) throw new Error(`mini-block chunk ${c} (${bytes} bytes at ${at}) past its ${data.length}-byte buffer`);
    const chunk = data.subarray(at, at + bytes);
    at += bytes;
    seen += values;
    const cdv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let o = 0;
    const u16 = () => {
      if (o + 2 > chunk.length) throw new Error(`mini-block chunk ${c} header past the chunk`);
      const v = cdv.getUint16(o, true);
      o += 2;
      return v;
    };
    const levels = u16();
    const repBytes = repEnc ? u16() : 0;
    const defBytes = defEnc ? u16() : 0;
    const sizes: number[] = [];
    for (let i = 0; i < numBuffers; i++) {
      if (large) {
        if (o + 4 > chunk.length) throw new Error(`mini-block chunk ${c} header past the chunk`);
        sizes.push(cdv.getUint32(o, true));
        o += 4;
      } else sizes.push(u16());
    }
    const take = (n: number, what: string) => {
      o += (8 - (o % 8)) % 8;
      if (o + n > chunk.length) throw new Error(`mini-block chunk ${c}'s ${what} (${n} bytes) past the chunk`);
      const s = chunk.subarray(o, o + n);
      o += n;
      return s;
    };
    const repLevels = repEnc ? levelsOf(ctx, repEnc, take(repBytes, 'repetition levels'), levels) : undefined;
    const defLevels = defEnc ? levelsOf(ctx, defEnc, take(defBytes, 'definition levels'), levels) : undefined;
    const buffers = sizes.map((s, i) => take(s, `buffer ${i}`));
    const vals = miniValues(ctx, valueEnc, buffers, values, dict ? false : ctx.text, 0);
    if (dict) {
      for (const i of vals) {
        if (typeof i !== 'number' || i > dict.length) throw new Error(`dictionary index ${String(i)} past its ${dict.length} items`);
        // One past the dictionary: a null (the writer appends it for nullable columns).
        items.push(i === dict.length ? null : dict[i]);
      }
    } else for (const v of vals) items.push(v);
    yield { ...(repLevels ? { rep: repLevels } : {}), ...(defLevels ? { def: defLevels } : {}), items };
  }
}

/** A mini-block page's dictionary, one block of `count` items in its own page buffer. */
function dictionary(ctx: Ctx, enc: PbField, buf: Uint8Array | undefined, count: number, depth = 0): LanceItem[] {
  if (!buf) throw new Error('dictionary page buffer missing');
  if (count > MAX_ITEMS) throw new Error(`dictionary of ${count} items`);
  if (enc.no === 10 && depth < 4) {
    // General compression (2.2 writes LZ4 over a dictionary of strings): the block decompressed, then read under its inner encoding.
    const inner = compression(ctx, enc, 3);
    if (!inner) throw new Error('general compression without its values');
    return dictionary(ctx, inner, generalDecompress(generalScheme(ctx, enc), buf), count, depth + 1);
  }
  if (enc.no !== 2) return miniValues(ctx, enc, [buf], count, ctx.text, 0);
  // A variable-width block: u32 offset width, u32 start of the bytes, the offsets (from that start), the bytes.
  if (buf.length < 8) throw new Error('dictionary block too short');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const bits = dv.getUint32(0, true);
  const start = dv.getUint32(4, true);
  if (start > buf.length) throw new Error(`dictionary bytes at ${start} past its ${buf.length}-byte block`);
  const offsets = offsetValues(buf.subarray(8, start), bits, count + 1);
  return variableValues(offsets, buf.subarray(start));
}

/** A `General` encoding's `BufferCompression.scheme` (1 LZ4, 2 zstd). */
function generalScheme(ctx: Ctx, enc: PbField): number {
  const how = pbSub(ctx.b, enc.start, enc.end, 1);
  return how ? pbNumber(ctx.b, how.start, how.end, 1) : 0;
}

/** Repetition or definition levels: flat 16-bit, bit-packed out of line, run-length coded (2.2), or constant. */
function levelsOf(ctx: Ctx, enc: PbField, buf: Uint8Array, n: number): number[] {
  if (enc.no === 3) return filled(n, 0);
  if (enc.no === 8) {
    // RLE as a block (2.2): `u64 size of the run values | the run values | the run lengths`.
    if (buf.length < 8) throw new Error('run-length levels too short');
    const size = Number(new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getBigUint64(0, true));
    if (size > buf.length - 8) throw new Error(`run-length levels of ${size} bytes of values in ${buf.length} bytes`);
    return runs({ ...ctx, signed: false }, enc, buf.subarray(8, 8 + size), buf.subarray(8 + size), n).map((v) => Number(v ?? 0));
  }
  const vals = miniValues({ ...ctx, signed: false }, enc, [buf], n, false, 0);
  return vals.map((v) => Number(v ?? 0));
}

/** Values of one mini-block chunk (or a dictionary) under a `CompressiveEncoding`. */
function miniValues(ctx: Ctx, enc: PbField, bufs: readonly Uint8Array[], n: number, text: boolean, depth: number): LanceItem[] {
  if (depth > 8) throw new Error('compressive encoding nested too deep');
  if (n > 1 << 22) throw new Error(`chunk claims ${n} values`);
  const { b } = ctx;
  const buf = bufs[0] ?? new Uint8Array();
  switch (enc.no) {
    case 1: {
      // Flat { bits_per_value = 1; BufferCompression data = 2 }
      if (pbSub(b, enc.start, enc.end, 2)) throw new UnsupportedEncoding('compressed flat values');
      const bits = pbNumber(b, enc.start, enc.end, 1);
      if (text) {
        // Fixed-size binary (hashes, codes, UUIDs): each value its bytes.
        if (!bits || bits % 8) throw new UnsupportedEncoding(`${bits}-bit flat text`);
        const w = bits / 8;
        if (n * w > buf.length) throw new Error(`${n} values of ${w} bytes in a ${buf.length}-byte buffer`);
        return Array.from({ length: n }, (_, i) => buf.subarray(i * w, (i + 1) * w));
      }
      if (bits === 1 || bits % 8 || bits > 64) return filled<LanceItem>(n, undefined);
      return fixedValues(buf, bits, n, ctx.signed);
    }
    case 2: {
      // Variable { offsets = 1; values = 2 }: offsets, then the bytes they point into (offsets are positions in this buffer).
      const offEnc = compression(ctx, enc, 1);
      if (pbSub(b, enc.start, enc.end, 2)) throw new UnsupportedEncoding('compressed variable-width values');
      if (!offEnc || offEnc.no !== 1) throw new UnsupportedEncoding(`${offEnc ? NAMES[offEnc.no] : 'missing'} offsets`);
      const bits = pbNumber(b, offEnc.start, offEnc.end, 1);
      const offsets = offsetValues(buf, bits, n + 1);
      return variableValues(offsets, buf);
    }
    case 4: {
      // OutOfLineBitpacking { uncompressed_bits_per_value = 1; values = 3 (flat of the packed width) }
      const t = pbNumber(b, enc.start, enc.end, 1);
      const inner = compression(ctx, enc, 3);
      if (!inner || inner.no !== 1) throw new UnsupportedEncoding('out-of-line bitpacking over other than flat');
      const w = pbNumber(b, inner.start, inner.end, 1);
      const out: LanceItem[] = [];
      const full = blockBytes(w);
      let at = 0;
      while (out.length + FL_BLOCK <= n) {
        out.push(...unpackBlock(buf, at, t, w));
        at += full;
      }
      const tail = n - out.length;
      if (tail > 0) {
        // The last values: left unpacked when that is smaller, else one more packed block.
        if (buf.length - at === (tail * t) / 8) out.push(...fixedValues(buf.subarray(at), t, tail, false));
        else out.push(...unpackBlock(buf, at, t, w).slice(0, tail));
      }
      return out;
    }
    case 5: {
      // InlineBitpacking { uncompressed_bits_per_value = 1 }: blocks of 1024, each led by its bit width.
      const t = pbNumber(b, enc.start, enc.end, 1);
      if (![8, 16, 32, 64].includes(t)) throw new UnsupportedEncoding(`inline bitpacking of ${t}-bit values`);
      const out: LanceItem[] = [];
      let at = 0;
      while (out.length < n) {
        const w = Number(fixedValues(buf.subarray(at), t, 1, false)[0]);
        at += t / 8;
        const block = unpackBlock(buf, at, t, w);
        at += blockBytes(w);
        out.push(...block.slice(0, Math.min(FL_BLOCK, n - out.length)));
      }
      return ctx.signed ? out.map((v) => signedOf(v, t)) : out;
    }
    case 6: {
      // Fsst { symbol_table = 1; values = 2 }
      const table = pbSub(b, enc.start, enc.end, 1);
      const inner = compression(ctx, enc, 2);
      if (!inner) throw new Error('FSST without its values');
      const decode = fsstDecoder(table ? b.subarray(table.start, table.end) : new Uint8Array());
      return miniValues(ctx, inner, bufs, n, true, depth + 1).map((v) => (v instanceof Uint8Array ? decode(v) : v));
    }
    case 8:
      // Rle { values = 1; run_lengths = 2 }: a chunk's run values and run lengths in its two buffers.
      return runs(ctx, enc, buf, bufs[1] ?? new Uint8Array(), n);
    case 9: {
      // ByteStreamSplit { values = 1 (flat) }: the first byte of every value, then the second…
      const inner = compression(ctx, enc, 1);
      const bits = inner?.no === 1 ? pbNumber(b, inner.start, inner.end, 1) : 0;
      if (!inner || !bits || bits % 8 || bits > 64) throw new UnsupportedEncoding(`byte stream split over ${inner ? (NAMES[inner.no] ?? inner.no) : 'nothing'} of ${bits} bits`);
      const w = bits / 8;
      if (n * w > buf.length) throw new Error(`${n} split values of ${w} bytes in a ${buf.length}-byte buffer`);
      const joined = new Uint8Array(n * w);
      for (let k = 0; k < w; k++) for (let i = 0; i < n; i++) joined[i * w + k] = buf[k * n + i]!;
      return miniValues(ctx, inner, [joined], n, text, depth + 1);
    }
    case 10: {
      // General { compression = 1 (BufferCompression { scheme = 1 }); values = 3 }: a chunk's first buffer LZ4- or zstd-compressed.
      const inner = compression(ctx, enc, 3);
      if (!inner) throw new Error('general compression without its values');
      return miniValues(ctx, inner, [generalDecompress(generalScheme(ctx, enc), buf), ...bufs.slice(1)], n, text, depth + 1);
    }
    case 11:
      // Fixed-size lists: vectors.
      return filled<LanceItem>(n, undefined);
    default:
      throw new UnsupportedEncoding(NAMES[enc.no] ?? `encoding ${enc.no}`);
  }
}

/**
 * Run-length coded values: each run value (flat, 8 to 64 bits) repeated its run length (flat u8,
 * u16 or u32) times, until `n` values; runs past `n` are cut there.
 */
function runs(ctx: Ctx, enc: PbField, values: Uint8Array, lengths: Uint8Array, n: number): LanceItem[] {
  const flatBits = (no: number) => {
    const child = compression(ctx, enc, no);
    if (!child || child.no !== 1 || pbSub(ctx.b, child.start, child.end, 2)) throw new UnsupportedEncoding(`run-length ${no === 1 ? 'values' : 'lengths'} other than flat`);
    const bits = pbNumber(ctx.b, child.start, child.end, 1);
    if (![8, 16, 32, 64].includes(bits)) throw new UnsupportedEncoding(`run-length ${no === 1 ? 'values' : 'lengths'} of ${bits} bits`);
    return bits;
  };
  const vBits = flatBits(1);
  const lBits = flatBits(2);
  const count = Math.floor((values.length * 8) / vBits);
  if (lengths.length < (count * lBits) / 8) throw new Error(`${count} runs with ${lengths.length} bytes of run lengths`);
  const vals = fixedValues(values, vBits, count, ctx.signed);
  const lens = fixedValues(lengths, lBits, count, false);
  const out: LanceItem[] = [];
  for (let i = 0; i < count && out.length < n; i++) {
    const len = Math.min(Number(lens[i]), n - out.length);
    for (let j = 0; j < len; j++) out.push(vals[i]);
  }
  if (out.length < n) throw new Error(`runs of ${out.length} values where ${n} were expected`);
  return out;
}

/** A 2^t two's-complement value read unsigned, as signed. */
function signedOf(v: LanceItem, t: number): LanceItem {
  if (typeof v === 'number' && t < 64) return v >= 2 ** (t - 1) ? v - 2 ** t : v;
  if (typeof v === 'bigint') {
    const s = BigInt.asIntN(64, v);
    return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
  }
  return v;
}
