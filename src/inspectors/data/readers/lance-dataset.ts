import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { readArrow } from './arrow.js';
import { readRange, LANCE_MAGIC } from './lance-file.js';
import { pbFields, pbNumber, pbSub } from './protobuf.js';

/**
 * What a Lance table says of one of its data files: the rows LanceDB deleted (`table.delete(…)`
 * writes a deletion file, `_deletions/{fragment}-{version}-{id}.arrow` — an Arrow array of row
 * offsets — or `.bin`, a Roaring bitmap, and leaves the rows in the data file until compaction),
 * or that the latest version holds no fragment of the file at all (a table overwritten, a fragment
 * all of whose rows were deleted, files compaction replaced: still on disk). Read from the latest
 * manifest in `_versions/` (`table.proto`: `Manifest { repeated DataFragment fragments = 2 }`,
 * `DataFragment { id = 1; repeated DataFile files = 2 { path = 1 }; DeletionFile deletion_file = 3 { file_type = 1; read_version = 2 };
 * physical_rows = 4 }`), with where the file's rows start in the table.
 */
export interface RowFate {
  /** Row offsets (0-based) deleted from the table but still in the file. */
  deleted?: Set<number>;
  /** No fragment of the latest version holds the file. */
  unreferenced: boolean;
  /** Rows of the fragments before the file's, in the manifest's order: its first row's place in the table. */
  before: number;
}

const MAX_MANIFEST_BYTES = 64 << 20;
const MAX_DELETION_BYTES = 16 << 20;
const U64_MAX = (1n << 64n) - 1n;

/** The fate of the rows of `dataFile` (`<table>.lance/data/<name>.lance`); undefined when the table cannot tell (no manifest). */
export async function rowFate(dataFile: string): Promise<RowFate | undefined> {
  const table = path.dirname(path.dirname(dataFile));
  const b = await tableManifest(dataFile);
  if (!b) return undefined;
  const name = path.basename(dataFile);
  let before = 0;
  for (const f of pbFields(b)) {
    if (f.no !== 2 || f.wire !== 2) continue;
    let holds = false;
    for (const g of pbFields(b, f.start, f.end)) {
      if (g.no !== 2 || g.wire !== 2) continue;
      const p = pbSub(b, g.start, g.end, 1);
      if (p && path.basename(Buffer.from(b.subarray(p.start, p.end)).toString('utf8')) === name) holds = true;
    }
    if (!holds) {
      before += pbNumber(b, f.start, f.end, 4);
      continue;
    }
    const del = pbSub(b, f.start, f.end, 3);
    if (!del) return { unreferenced: false, before };
    const id = pbNumber(b, f.start, f.end, 1);
    const type = pbNumber(b, del.start, del.end, 1);
    const version = pbNumber(b, del.start, del.end, 2);
    return { unreferenced: false, before, deleted: await deletions(path.join(table, '_deletions'), `${id}-${version}-`, type === 1 ? '.bin' : '.arrow') };
  }
  return { unreferenced: true, before: 0 };
}

/** The `Manifest` message of the latest version of the table a data file (`<table>.lance/data/x.lance`) is in; undefined when there is none. */
export async function tableManifest(dataFile: string): Promise<Uint8Array | undefined> {
  const manifest = await latestManifest(path.join(path.dirname(path.dirname(dataFile)), '_versions'));
  return manifest ? manifestMessage(manifest) : undefined;
}

/** The manifest of the highest version: `{n}.manifest`, or (v2 names) `{u64::MAX - n}.manifest`. */
async function latestManifest(dir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  let best: [bigint, string] | undefined;
  for (const n of names) {
    const m = /^(\d{1,20})\.manifest$/.exec(n);
    if (!m) continue;
    const raw = BigInt(m[1]!);
    const version = m[1]!.length === 20 ? U64_MAX - raw : raw;
    if (!best || version > best[0]) best = [version, n];
  }
  return best && path.join(dir, best[1]);
}

/** A manifest file ends `u64 position | u16 major | u16 minor | LANC`; at the position, a u32 length and the `Manifest` protobuf. */
async function manifestMessage(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const tail = await readRange(fh, size, { pos: size - 16, size: 16 }, 'manifest footer');
    if (Buffer.from(tail.subarray(12)).toString('latin1') !== LANCE_MAGIC) throw new Error('manifest without its LANC magic');
    const pos = Number(Buffer.from(tail).readBigUInt64LE(0));
    const len = Buffer.from(await readRange(fh, size, { pos, size: 4 }, 'manifest length')).readUInt32LE(0);
    return await readRange(fh, size, { pos: pos + 4, size: len }, 'manifest', MAX_MANIFEST_BYTES);
  } finally {
    await fh.close();
  }
}

/** The deleted row offsets in the deletion file `{prefix}…{ext}`. */
async function deletions(dir: string, prefix: string, ext: string): Promise<Set<number>> {
  const name = (await readdir(dir)).find((n) => n.startsWith(prefix) && n.endsWith(ext));
  if (!name) throw new Error(`deletion file ${prefix}*${ext} not found`);
  const file = path.join(dir, name);
  const out = new Set<number>();
  if (ext === '.bin') {
    const fh = await open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      roaring(await readRange(fh, size, { pos: 0, size }, 'deletion bitmap', MAX_DELETION_BYTES), out);
    } finally {
      await fh.close();
    }
    return out;
  }
  const status = { truncated: false, bytes: 0, rows: 0 };
  for await (const r of readArrow(file, status, 1 << 22)) for (const c of r.cells) out.add(Number(c.text));
  return out;
}

const SERIAL_COOKIE_NO_RUNS = 12346;
const SERIAL_COOKIE = 12347;

/** A Roaring bitmap in its portable serialisation (what the `roaring` crate writes): its values into `out`. */
export function roaring(b: Uint8Array, out: Set<number>): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (at: number, n: number) => {
    if (at + n > b.length) throw new Error(`Roaring bitmap cut short at byte ${at}`);
  };
  need(0, 4);
  const cookie = dv.getUint32(0, true);
  let at = 4;
  let size: number;
  let runs: Uint8Array | undefined;
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    size = (cookie >>> 16) + 1;
    need(at, Math.ceil(size / 8));
    runs = b.subarray(at, at + Math.ceil(size / 8));
    at += runs.length;
  } else if (cookie === SERIAL_COOKIE_NO_RUNS) {
    need(at, 4);
    size = dv.getUint32(at, true);
    at += 4;
  } else throw new Error(`not a Roaring bitmap (cookie ${cookie})`);
  if (size > 1 << 16) throw new Error(`Roaring bitmap of ${size} containers`);
  need(at, size * 4);
  const keys: [number, number][] = [];
  for (let i = 0; i < size; i++) keys.push([dv.getUint16(at + i * 4, true), dv.getUint16(at + i * 4 + 2, true) + 1]);
  at += size * 4;
  // Offsets of the containers: absent with runs and fewer than 4 containers; they follow one another anyway.
  if (!runs || size >= 4) at += size * 4;
  for (let i = 0; i < size; i++) {
    const [key, card] = keys[i]!;
    const base = key * 65536;
    if (runs && runs[i >> 3]! & (1 << (i & 7))) {
      need(at, 2);
      const n = dv.getUint16(at, true);
      at += 2;
      need(at, n * 4);
      for (let k = 0; k < n; k++) {
        const start = dv.getUint16(at + k * 4, true);
        const len = dv.getUint16(at + k * 4 + 2, true);
        for (let v = start; v <= start + len && v < 65536; v++) out.add(base + v);
      }
      at += n * 4;
    } else if (card > 4096) {
      need(at, 8192);
      for (let w = 0; w < 8192; w++) {
        const byte = b[at + w]!;
        for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.add(base + w * 8 + bit);
      }
      at += 8192;
    } else {
      need(at, card * 2);
      for (let k = 0; k < card; k++) out.add(base + dv.getUint16(at + k * 2, true));
      at += card * 2;
    }
  }
}
