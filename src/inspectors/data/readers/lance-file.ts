import type { FileHandle } from 'node:fs/promises';
import { pbFields, pbPacked, pbSub } from './protobuf.js';

/**
 * A Lance data file's footer and column metadata (`file2.proto`): the file ends with the offset of
 * the column metadata, of its offset table and of the global buffers' offset table, the counts of
 * global buffers and columns, the major/minor version and `LANC`. Each column's metadata lists its
 * pages: the file ranges of the page's buffers, its length and its encoding (a protobuf `Any`, or a
 * pointer to one elsewhere in the file). Every offset and size is checked against the file.
 */

export const LANCE_MAGIC = 'LANC';
const FOOTER_BYTES = 40;
/** Metadata (column metadata, schema, a deferred encoding) larger than this is not read. */
const MAX_METADATA_BYTES = 64 << 20;
/** Columns and pages past these are not read (a file of LanceDB's has a few of each). */
const MAX_COLUMNS = 10_000;
const MAX_PAGES = 100_000;

export interface ByteRange {
  pos: number;
  size: number;
}

export interface LancePage {
  buffers: ByteRange[];
  /** Rows (items, for a column under a list in 2.0) in the page. */
  length: number;
  /** The encoding's type (`/lance.encodings.ArrayEncoding`, `/lance.encodings21.PageLayout`) and message bytes. */
  encoding: { type: string; bytes: Uint8Array };
}

export interface LanceColumn {
  pages: LancePage[];
  buffers: ByteRange[];
}

export interface LanceFile {
  major: number;
  minor: number;
  size: number;
  columns: LanceColumn[];
  globals: ByteRange[];
}

/** The `file2` format's version as LanceDB names it: 0.3 is "2.0", 2.1 is "2.1" (2.2 "2.2"), 0.1/0.2 the legacy format. */
export function versionName(f: { major: number; minor: number }): string {
  return f.major === 0 && f.minor === 3 ? '2.0' : `${f.major}.${f.minor}`;
}

/** Whether the last bytes of a file are a Lance footer's `LANC` magic. */
export function hasLanceMagic(tail: Uint8Array): boolean {
  return tail.length >= 4 && Buffer.from(tail.subarray(tail.length - 4)).toString('latin1') === LANCE_MAGIC;
}

/** Reads `r` from the file, after checking it lies inside it and under `max` bytes. */
export async function readRange(fh: FileHandle, size: number, r: ByteRange, what: string, max = MAX_METADATA_BYTES): Promise<Uint8Array> {
  if (!Number.isSafeInteger(r.pos) || !Number.isSafeInteger(r.size) || r.pos < 0 || r.size < 0 || r.pos + r.size > size) throw new Error(`${what} at ${r.pos} (${r.size} bytes) is past the end of the ${size}-byte file`);
  if (r.size > max) throw new Error(`${what} of ${r.size} bytes is over the ${max}-byte limit`);
  const buf = Buffer.alloc(r.size);
  let got = 0;
  while (got < r.size) {
    const { bytesRead } = await fh.read(buf, got, r.size - got, r.pos + got);
    if (!bytesRead) throw new Error(`${what} ends early`);
    got += bytesRead;
  }
  return buf;
}

/** A legacy (v0.1/0.2) file's metadata position (its 16-byte footer: `u64 position | u16 major | u16 minor | LANC`); undefined for a v2 file. */
export async function legacyMetadata(fh: FileHandle, size: number): Promise<number | undefined> {
  if (size < 16) throw new Error(`${size} bytes: too small for a Lance footer`);
  const tail = Buffer.from(await readRange(fh, size, { pos: size - 16, size: 16 }, 'footer'));
  if (!hasLanceMagic(tail)) throw new Error('no LANC magic at the end');
  const major = tail.readUInt16LE(8);
  const minor = tail.readUInt16LE(10);
  if (major !== 0 || minor >= 3) return undefined;
  const pos = tail.readBigUInt64LE(0);
  if (pos >= BigInt(size - 16)) throw new Error(`legacy metadata at ${pos} past the end of the ${size}-byte file`);
  return Number(pos);
}

/** The footer, the column metadata and the global buffer table of a Lance v2 file. */
export async function readLanceFile(fh: FileHandle, size: number): Promise<LanceFile> {
  if (size < FOOTER_BYTES) throw new Error(`${size} bytes: too small for a Lance footer`);
  const foot = await readRange(fh, size, { pos: size - FOOTER_BYTES, size: FOOTER_BYTES }, 'footer');
  if (!hasLanceMagic(foot)) throw new Error('no LANC magic at the end');
  const dv = new DataView(foot.buffer, foot.byteOffset, FOOTER_BYTES);
  const u64 = (o: number) => {
    const v = dv.getBigUint64(o, true);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
  };
  const metaStart = u64(0);
  const metaTable = u64(8);
  const globalTable = u64(16);
  const numGlobals = dv.getUint32(24, true);
  const numColumns = dv.getUint32(28, true);
  const major = dv.getUint16(32, true);
  const minor = dv.getUint16(34, true);
  if (major === 0 && minor < 3) throw new Error(`legacy Lance file format v${major}.${minor}: it has a page table, not column metadata (lance-legacy.ts)`);
  if (numColumns > MAX_COLUMNS) throw new Error(`${numColumns} columns declared; over the ${MAX_COLUMNS} read`);
  if (numGlobals > MAX_COLUMNS) throw new Error(`${numGlobals} global buffers declared; over the ${MAX_COLUMNS} read`);
  const table = await readRange(fh, size, { pos: metaTable, size: numColumns * 16 }, 'column metadata table');
  const globalsTable = await readRange(fh, size, { pos: globalTable, size: numGlobals * 16 }, 'global buffer table');
  const ranges = (b: Uint8Array, n: number): ByteRange[] => {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out: ByteRange[] = [];
    for (let i = 0; i < n; i++) out.push({ pos: Number(v.getBigUint64(i * 16, true)), size: Number(v.getBigUint64(i * 16 + 8, true)) });
    return out;
  };
  const metaRanges = ranges(table, numColumns);
  const globals = ranges(globalsTable, numGlobals);
  // All column metadata at once: it sits between metaStart and its offset table.
  const metaEnd = metaRanges.reduce((e, r) => Math.max(e, r.pos + r.size), metaStart);
  const meta = numColumns ? await readRange(fh, size, { pos: metaStart, size: metaEnd - metaStart }, 'column metadata') : new Uint8Array();
  const columns: LanceColumn[] = [];
  let pages = 0;
  for (const [i, r] of metaRanges.entries()) {
    if (r.pos < metaStart || r.pos + r.size > metaEnd) throw new Error(`column ${i}'s metadata is outside the metadata section`);
    const col = await columnOf(fh, size, meta, r.pos - metaStart, r.pos - metaStart + r.size);
    pages += col.pages.length;
    if (pages > MAX_PAGES) throw new Error(`over ${MAX_PAGES} pages`);
    columns.push(col);
  }
  return { major, minor, size, columns, globals };
}

/** One `ColumnMetadata { Encoding encoding = 1; repeated Page pages = 2; repeated uint64 buffer_offsets = 3, buffer_sizes = 4 }`. */
async function columnOf(fh: FileHandle, size: number, b: Uint8Array, start: number, end: number): Promise<LanceColumn> {
  const pages: LancePage[] = [];
  const offsets: number[] = [];
  const sizes: number[] = [];
  for (const f of pbFields(b, start, end)) {
    if (f.no === 2 && f.wire === 2) pages.push(await pageOf(fh, size, b, f.start, f.end));
    else if (f.no === 3) pbPacked(b, f, offsets);
    else if (f.no === 4) pbPacked(b, f, sizes);
  }
  return { pages, buffers: zipRanges(offsets, sizes, 'column') };
}

/** `Page { repeated uint64 buffer_offsets = 1, buffer_sizes = 2; uint32 length = 3; Encoding encoding = 4 }`. */
async function pageOf(fh: FileHandle, size: number, b: Uint8Array, start: number, end: number): Promise<LancePage> {
  const offsets: number[] = [];
  const sizes: number[] = [];
  let length = 0;
  let encoding: LancePage['encoding'] = { type: '', bytes: new Uint8Array() };
  for (const f of pbFields(b, start, end)) {
    if (f.no === 1) pbPacked(b, f, offsets);
    else if (f.no === 2) pbPacked(b, f, sizes);
    else if (f.no === 3 && f.wire === 0) length = f.value;
    else if (f.no === 4 && f.wire === 2) encoding = await encodingOf(fh, size, b, f.start, f.end);
  }
  return { buffers: zipRanges(offsets, sizes, 'page'), length, encoding };
}

/** `Encoding { DeferredEncoding deferred = 1; DirectEncoding direct = 2 }`, the direct one an `Any { type_url = 1; value = 2 }`. */
async function encodingOf(fh: FileHandle, size: number, b: Uint8Array, start: number, end: number): Promise<LancePage['encoding']> {
  let src = b;
  let s: number;
  let e: number;
  const deferred = pbSub(b, start, end, 1);
  if (deferred) {
    let pos = 0;
    let len = 0;
    for (const f of pbFields(b, deferred.start, deferred.end)) {
      if (f.no === 1) pos = f.value;
      else if (f.no === 2) len = f.value;
    }
    src = await readRange(fh, size, { pos, size: len }, 'deferred encoding');
    s = 0;
    e = src.length;
  } else {
    const direct = pbSub(b, start, end, 2);
    if (!direct) return { type: '', bytes: new Uint8Array() };
    s = direct.start;
    e = direct.end;
  }
  const any = pbSub(src, s, e, 1);
  if (!any) return { type: '', bytes: new Uint8Array() };
  let type = '';
  let bytes: Uint8Array = new Uint8Array();
  for (const f of pbFields(src, any.start, any.end)) {
    if (f.no === 1 && f.wire === 2) type = Buffer.from(src.subarray(f.start, f.end)).toString('latin1');
    else if (f.no === 2 && f.wire === 2) bytes = src.subarray(f.start, f.end);
  }
  return { type: type.slice(type.lastIndexOf('/') + 1), bytes };
}

function zipRanges(offsets: number[], sizes: number[], what: string): ByteRange[] {
  if (offsets.length !== sizes.length) throw new Error(`${what} has ${offsets.length} buffer offsets but ${sizes.length} sizes`);
  return offsets.map((pos, i) => ({ pos, size: sizes[i]! }));
}

/** A Lance data file: a `.lance` file, not one of a dataset's other files (`_versions/`, `_deletions/`, `_indices/`). */
export function isLanceDataFile(relPath: string): boolean {
  return relPath.endsWith('.lance') && !/\.lance\/_[a-z]+\//.test(relPath);
}

/** Whether a data file is a table's in a LanceDB database (`<db>/<table>.lance/data/*.lance`). */
export function inLanceTable(relPath: string): boolean {
  return /(?:^|\/)[^/]+\.lance\/data\/[^/]+\.lance$/.test(relPath.replace(/\\/g, '/'));
}
