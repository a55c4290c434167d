import type { FileHandle } from 'node:fs/promises';
import { Forward, leavesOf, nestedRows, plan, spend, type Budget, type Leaf } from './lance-columns.js';
import { tableManifest } from './lance-dataset.js';
import { readRange } from './lance-file.js';
import { parseSchema, type LanceField } from './lance-schema.js';
import { fixedValues, offsetValues, UnsupportedEncoding, type LanceItem } from './lance-values.js';
import { pbFields, pbNumber, pbPacked } from './protobuf.js';

/**
 * The legacy Lance file format (v0.1/0.2; LanceDB's `legacy` data storage): the file ends with
 * `u64 metadata position | u16 major | u16 minor | LANC`; there a `u32` length and the `Metadata` message (`file.proto`:
 * `manifest_position = 1; repeated int32 batch_offsets = 2; page_table_position = 3`) points to a page
 * table of `fields × batches` `(i64 position, i64 length)` cells, indexed by field id. Strings
 * (`VAR_BINARY`) are `length + 1` i64 absolute file positions of their bytes; lists `length` (rows + 1)
 * i32 offsets into their item field's batch; integers plain. The schema is the manifest written
 * into the file (`u32` length and a `Manifest`, fields first) or, when absent, the table's own.
 * There are no nulls: a null string is empty.
 */

const MAX_BATCHES = 100_000;
const MAX_FIELD_IDS = 10_000;

/** A legacy file's leaves, read a batch at a time, given the metadata position from its footer. */
export async function legacyLeaves(fh: FileHandle, size: number, metaPos: number, absPath: string, budget: Budget): Promise<Leaf[]> {
  const metaLen = Buffer.from(await readRange(fh, size, { pos: metaPos, size: 4 }, 'legacy metadata length')).readUInt32LE(0);
  const meta = await readRange(fh, size, { pos: metaPos + 4, size: metaLen }, 'legacy metadata');
  const manifestPos = pbNumber(meta, 0, meta.length, 1);
  const tablePos = pbNumber(meta, 0, meta.length, 3);
  const offsets: number[] = [];
  for (const f of pbFields(meta)) if (f.no === 2) pbPacked(meta, f, offsets);
  const batches = Math.max(0, offsets.length - 1);
  if (batches > MAX_BATCHES) throw new Error(`${batches} batches declared`);
  let manifest: Uint8Array | undefined;
  if (manifestPos > 0) {
    const len = Buffer.from(await readRange(fh, size, { pos: manifestPos, size: 4 }, 'manifest length')).readUInt32LE(0);
    manifest = await readRange(fh, size, { pos: manifestPos + 4, size: len }, 'manifest');
  } else manifest = await tableManifest(absPath);
  if (!manifest) throw new Error('legacy Lance file without a schema (no manifest in the file nor beside it)');
  const { fields } = parseSchema(manifest, false);
  const ids: number[] = [];
  const collect = (f: LanceField) => {
    ids.push(f.id);
    f.children.forEach(collect);
  };
  fields.forEach(collect);
  const minId = Math.min(...ids);
  const span = Math.max(...ids) - minId + 1;
  if (!ids.length || minId < 0 || span > MAX_FIELD_IDS) throw new Error(`field ids ${minId}..${minId + span - 1} out of range`);
  const table = await readRange(fh, size, { pos: tablePos, size: span * batches * 16 }, 'page table');
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const page = (f: LanceField, b: number) => {
    const at = ((f.id - minId) * batches + b) * 16;
    return { pos: Number(tv.getBigInt64(at, true)), length: Number(tv.getBigInt64(at + 8, true)) };
  };
  const read = async (pos: number, bytes: number, what: string) => {
    spend(budget, bytes);
    return readRange(fh, size, { pos, size: bytes }, what, 1 << 30);
  };
  /** `count` strings whose `count + 1` absolute end positions are at `pos`; an empty one is a null. */
  const varBinary = async (pos: number, count: number, out: LanceItem[]) => {
    const ends = offsetValues(await read(pos, (count + 1) * 8, 'legacy string offsets'), 64, count + 1);
    const first = ends[0]!;
    const data = await read(first, ends[count]! - first, 'legacy string bytes');
    for (let i = 0; i < count; i++) {
      const s = ends[i]! - first;
      const e = ends[i + 1]! - first;
      if (s < 0 || e < s || e > data.length) throw new Error(`string ${i} at ${ends[i]}..${ends[i + 1]} outside its bytes`);
      out.push(e > s ? data.subarray(s, e) : null);
    }
  };
  const fixed = async (pos: number, count: number, bits: number, signed: boolean) => fixedValues(await read(pos, (count * bits) / 8, 'legacy values'), bits, count, signed);
  /** A leaf's items, a batch at a time. */
  async function* leafItems(f: LanceField, text: boolean): AsyncGenerator<LanceItem[]> {
    // A dictionary field: its keys in the pages (0-based, of the width its type names), its values once, where the schema says.
    const dict: LanceItem[] = [];
    if (f.type.startsWith('dict:')) {
      if (!f.dictionary) throw new UnsupportedEncoding('legacy dictionary without its values');
      await varBinary(f.dictionary.offset, f.dictionary.length, dict);
    }
    const width = f.type.startsWith('dict:') ? /:u?int(\d+)/.exec(f.type)?.[1] : f.type === 'date32:day' ? '32' : /^(?:date64|timestamp):/.test(f.type) ? '64' : /(\d+)$/.exec(f.type)?.[1];
    for (let b = 0; b < batches; b++) {
      const { pos, length } = page(f, b);
      const out: LanceItem[] = [];
      const fixedBinary = /^fixed_size_binary:(\d+)$/.exec(f.type);
      if (fixedBinary) {
        // Fixed-size binary: `length` values of its width, back to back.
        const w = Number(fixedBinary[1]);
        const data = await read(pos, length * w, 'legacy fixed-size values');
        for (let i = 0; i < length; i++) out.push(data.subarray(i * w, (i + 1) * w));
      } else if (text && !f.dictionary) await varBinary(pos, length, out);
      else {
        if (!width) throw new UnsupportedEncoding(f.type);
        for (const v of await fixed(pos, length, Number(width), !f.type.startsWith('uint'))) {
          if (!f.dictionary) out.push(v);
          else if (typeof v !== 'number' || v < 0 || v >= dict.length) throw new Error(`dictionary key ${String(v)} past its ${dict.length} values`);
          else out.push(dict[v]);
        }
      }
      yield out;
    }
  }
  /** A list field's per-row item ranges, a batch at a time, in items counted from the first batch. */
  async function* listRanges(f: LanceField): AsyncGenerator<([number, number] | null)[]> {
    let base = 0;
    for (let b = 0; b < batches; b++) {
      const out: ([number, number] | null)[] = [];
      // A list's page length counts its offsets, one more than its rows.
      const { pos, length } = page(f, b);
      if (length < 1) throw new Error(`list page of ${length} offsets`);
      const offs = offsetValues(await read(pos, length * 4, 'legacy list offsets'), 32, length);
      for (let i = 0; i + 1 < length; i++) {
        if (offs[i + 1]! < offs[i]!) throw new Error(`list offset ${offs[i + 1]} after ${offs[i]}`);
        out.push([base + offs[i]!, base + offs[i + 1]!]);
      }
      base += offs[length - 1]!;
      yield out;
    }
  }
  const { slots } = plan(fields, false);
  return leavesOf(slots, (slot, text) => {
    const items = leafItems(slot.field, text);
    if (!slot.listFields.length) return items;
    const [outer, ...inner] = slot.listFields.map(listRanges);
    return nestedRows(outer!, inner.map((l) => new Forward(l)), new Forward(items));
  });
}
