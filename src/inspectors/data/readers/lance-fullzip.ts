import { fixedValues, fsstDecoder, generalDecompress, UnsupportedEncoding, type LanceItem } from './lance-values.js';
import { compression, maxVisibleDef, MAX_ITEMS, NAMES, type Ctx, type Page21 } from './lance-layers.js';
import { pbFields, pbNumber, pbPacked, pbSub, type PbField } from './protobuf.js';

/**
 * `FullZipLayout { bits_rep = 1; bits_def = 2; bits_per_value = 3 | bits_per_offset = 4; num_items = 5;
 * num_visible_items = 6; value_compression = 7; layers = 8 }`: each item is its control word (repetition
 * above definition, rounded up to bytes), then, unless a list above hides it, its value: fixed-width
 * bytes (a null item's too) or, unless it is null, a length and that many bytes (FSST-compressed, or
 * each value LZ4/zstd-compressed on its own as Lance does for long values). Yielded `window` items at a
 * time, each window with its levels.
 */
export function* fullZip(ctx: Ctx, layout: PbField, bufs: readonly Uint8Array[], window: number): Generator<Omit<Page21, 'layers'>> {
  const { b } = ctx;
  const bitsRep = pbNumber(b, layout.start, layout.end, 1);
  const bitsDef = pbNumber(b, layout.start, layout.end, 2);
  const bitsValue = pbNumber(b, layout.start, layout.end, 3);
  const bitsOffset = pbNumber(b, layout.start, layout.end, 4);
  const numItems = pbNumber(b, layout.start, layout.end, 5);
  const valueEnc = compression(ctx, layout, 7);
  const layers: number[] = [];
  for (const f of pbFields(b, layout.start, layout.end)) if (f.no === 8) pbPacked(b, f, layers);
  if (numItems > MAX_ITEMS) throw new Error(`full-zip page of ${numItems} items`);
  if (bitsRep + bitsDef > 32 || ![0, 8, 16, 32, 64].includes(bitsOffset) || bitsValue % 8) throw new UnsupportedEncoding(`full-zip page of ${bitsRep}+${bitsDef} level bits, ${bitsOffset}-bit offsets, ${bitsValue}-bit values`);
  let decode: (v: Uint8Array) => LanceItem = (v) => v;
  let values = valueEnc;
  if (values?.no === 10 && bitsOffset) {
    // General { compression = 1; values = 3 }: each value LZ4- or zstd-compressed on its own (long documents), at most MAX_PAGE_TEXT bytes a page in all.
    const how = pbSub(b, values.start, values.end, 1);
    const scheme = how ? pbNumber(b, how.start, how.end, 1) : 0;
    values = compression(ctx, values, 3);
    let total = 0;
    const inner = values?.no === 6 ? fsstOf(ctx, values) : (v: Uint8Array) => v;
    decode = (v) => {
      const out = generalDecompress(scheme, v);
      total += out.length;
      if (total > MAX_PAGE_TEXT) throw new Error(`full-zip page decompresses past ${MAX_PAGE_TEXT} bytes`);
      return inner(out);
    };
    if (values && values.no !== 2 && values.no !== 6) throw new UnsupportedEncoding(`full-zip compressed ${NAMES[values.no] ?? values.no} values`);
  } else if (values?.no === 6) decode = fsstOf(ctx, values);
  else if (values && values.no !== 2 && values.no !== 1) throw new UnsupportedEncoding(`full-zip ${NAMES[values.no] ?? values.no} values`);
  if (!ctx.text) decode = () => undefined;
  const data = bufs[0];
  if (!data) throw new Error('full-zip page without its data buffer');
  const ctrlBytes = Math.ceil((bitsRep + bitsDef) / 8);
  const visible = maxVisibleDef(layers);
  let rep: number[] | undefined = bitsRep ? [] : undefined;
  let def: number[] | undefined = bitsDef ? [] : undefined;
  let items: LanceItem[] = [];
  // Items of the windows already yielded.
  let before = 0;
  let at = 0;
  const need = (n: number) => {
    if (at + n > data.length) throw new Error(`full-zip item ${before + items.length} past its ${data.length}-byte buffer`);
  };
  for (let i = 0; i < numItems; i++) {
    if (i > 0 && i % window === 0) {
      yield { ...(rep ? { rep } : {}), ...(def ? { def } : {}), items };
      before += items.length;
      [rep, def, items] = [bitsRep ? [] : undefined, bitsDef ? [] : undefined, []];
    }
    need(ctrlBytes);
    let ctrl = 0;
    for (let k = 0; k < ctrlBytes; k++) ctrl += data[at + k]! * 2 ** (8 * k);
    at += ctrlBytes;
    const d = bitsDef ? ctrl % 2 ** bitsDef : 0;
    if (rep) rep.push(Math.floor(ctrl / 2 ** bitsDef) % 2 ** bitsRep);
    if (def) def.push(d);
    if (d > visible) continue;
    // A null item of variable width is its control word alone; of fixed width, its value bytes follow all the same.
    if (d > 0) {
      items.push(null);
      if (!bitsOffset) {
        need(bitsValue / 8);
        at += bitsValue / 8;
      }
      continue;
    }
    if (bitsOffset) {
      const w = bitsOffset / 8;
      need(w);
      const len = Number(fixedValues(data.subarray(at), bitsOffset, 1, false)[0]);
      at += w;
      need(len);
      items.push(decode(data.subarray(at, at + len)));
      at += len;
    } else {
      const w = bitsValue / 8;
      need(w);
      items.push(ctx.text ? data.subarray(at, at + w) : w <= 8 ? fixedValues(data.subarray(at), bitsValue, 1, ctx.signed)[0] : undefined);
      at += w;
    }
  }
  yield { ...(rep ? { rep } : {}), ...(def ? { def } : {}), items };
}

/** Decompressed text a full-zip page may hold in all (256 MiB): past it the page is damage or a bomb. */
const MAX_PAGE_TEXT = 256 << 20;

/** An `Fsst { symbol_table = 1 }` encoding's decoder. */
function fsstOf(ctx: Ctx, enc: PbField): (v: Uint8Array) => Uint8Array {
  const table = pbSub(ctx.b, enc.start, enc.end, 1);
  return fsstDecoder(table ? ctx.b.subarray(table.start, table.end) : new Uint8Array());
}
