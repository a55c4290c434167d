/**
 * Compound File Binary (OLE2, MS-CFB): the container of legacy Office files (`.xls`, `.doc`,
 * `.ppt`, `.msg`). A small file system in sectors of 512 or 4096 bytes: a FAT chains sectors (its
 * own sectors listed by the header's DIFAT and further DIFAT sectors), a directory of UTF-16 named
 * entries, and a mini stream of 64-byte sectors (chained by the mini FAT) for streams under 4 KiB.
 *
 * Every chain, index and size comes from the file, so none is trusted: a chain that loops or
 * points past the file, a size past the file or over `MAX_STREAM_BYTES` fails with an `Error`
 * naming the problem. Work is bounded by the file's size: each chain visits a sector once.
 *
 * Storages (folders: an Outlook message's recipients and attachments) are opened on demand, each
 * storage's red-black tree of children walked with every directory entry visited once across the
 * whole file (an entry met again, in its own tree or another's, is a loop) and MAX_STORAGE_DEPTH
 * storages deep at most.
 */

export const OLE2_MAGIC: readonly number[] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The most a stream is read into memory. */
export const MAX_STREAM_BYTES = 256 << 20;

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
/** Sector ids above this are markers (FAT, DIFAT, end of chain, free), never a sector. */
const MAX_REG_SECT = 0xfffffffa;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT = 109;

/** A directory entry: a storage (folder), a stream, or the root (which holds the mini stream). */
interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

/** A storage (the root storage when opened by `openCompoundFile`): its streams and its child storages. */
export interface CompoundFile {
  /** Names of the streams at this storage's top level. */
  streams(): string[];
  /** The bytes of a stream of this storage, by name (case-insensitive, as Office compares them); undefined when there is none. */
  stream(name: string): Uint8Array | undefined;
  /** Names of the storages (folders) directly under this one (an Outlook message's recipients and attachments). */
  storages(): string[];
  /**
   * A child storage by name (case-insensitive); undefined when there is none. Its entries are
   * walked when it is first opened, so a malformed tree throws then, naming the problem.
   */
  storage(name: string): CompoundFile | undefined;
}

/**
 * Storages opened one inside another, at most: MS-OXMSG nests an attached message's storage in an
 * attachment's, and nothing real goes deeper than a few levels; a hostile file could chain many.
 */
export const MAX_STORAGE_DEPTH = 16;

/** Whether these bytes open with the compound file signature. */
export function isCompoundFile(head: Uint8Array): boolean {
  return head.length >= 8 && OLE2_MAGIC.every((b, i) => head[i] === b);
}

/** Opens a compound file held in memory; throws an `Error` saying what is wrong with a malformed one. */
export function openCompoundFile(bytes: Uint8Array): CompoundFile {
  if (!isCompoundFile(bytes)) throw new Error('not a compound file (no OLE2 signature)');
  if (bytes.length < 512) throw new Error(`compound file truncated: ${bytes.length} bytes, shorter than its 512-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  const major = view.getUint16(0x1a, true);
  const shift = view.getUint16(0x1e, true);
  const miniShift = view.getUint16(0x20, true);
  if (view.getUint16(0x1c, true) !== 0xfffe) throw new Error('compound file header has no little-endian byte-order mark');
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12))) throw new Error(`compound file version ${major} with ${2 ** Math.min(shift, 31)}-byte sectors is not one of 3 (512) or 4 (4096)`);
  if (miniShift !== 6) throw new Error(`compound file mini sectors of 2^${miniShift} bytes, not 64`);
  const sectorSize = 1 << shift;
  // Sectors the file holds (the last one may be short: some writers do not pad it).
  const sectorCount = Math.max(0, Math.ceil((bytes.length - sectorSize) / sectorSize));
  const sectorAt = (id: number, what: string): Uint8Array => {
    if (id > MAX_REG_SECT || id >= sectorCount) throw new Error(`compound file ${what} points to sector ${id}, past the file's ${sectorCount} sectors`);
    const from = (id + 1) * sectorSize;
    return bytes.subarray(from, Math.min(from + sectorSize, bytes.length));
  };

  // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatCount = u32(0x2c);
  if (fatCount > sectorCount) throw new Error(`compound file header claims ${fatCount} FAT sectors, more than the file's ${sectorCount} sectors`);
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(fatCount, HEADER_DIFAT); i++) fatSectors.push(u32(0x4c + i * 4));
  const perSector = sectorSize / 4;
  const seenDifat = new Set<number>();
  for (let id = u32(0x44); fatSectors.length < fatCount; ) {
    if (id === END_OF_CHAIN || id === FREE) throw new Error(`compound file DIFAT ends after ${fatSectors.length} of ${fatCount} FAT sectors`);
    if (seenDifat.has(id)) throw new Error(`compound file DIFAT chain loops at sector ${id}`);
    seenDifat.add(id);
    const s = sectorAt(id, 'DIFAT');
    const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount && (i + 1) * 4 <= s.length; i++) fatSectors.push(dv.getUint32(i * 4, true));
    id = s.length >= sectorSize ? dv.getUint32(sectorSize - 4, true) : END_OF_CHAIN;
  }
  const fat = new Uint32Array(fatCount * perSector).fill(FREE);
  fatSectors.forEach((id, k) => {
    const s = sectorAt(id, 'FAT');
    const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let i = 0; i * 4 + 4 <= s.length; i++) fat[k * perSector + i] = dv.getUint32(i * 4, true);
  });

  /** A chain of sectors through `table`, each visited once; `limit` sectors at most. */
  const chain = (table: Uint32Array, start: number, limit: number, what: string): number[] => {
    const ids: number[] = [];
    const seen = new Uint8Array(table.length);
    for (let id = start; id !== END_OF_CHAIN && ids.length < limit; id = table[id]!) {
      if (id >= table.length) throw new Error(`compound file ${what} chain points to sector ${id}, past its ${table.length} entries`);
      if (seen[id]) throw new Error(`compound file ${what} chain loops at sector ${id}`);
      seen[id] = 1;
      ids.push(id);
    }
    return ids;
  };
  /** Reads `size` bytes (all the chain holds when undefined) of a chain of regular sectors. */
  const readChain = (start: number, size: number | undefined, what: string): Uint8Array => {
    if (size !== undefined && size > bytes.length) throw new Error(`compound file ${what} claims ${size} bytes, more than the file's ${bytes.length}`);
    const want = size === undefined ? Infinity : Math.ceil(size / sectorSize);
    const ids = size === 0 ? [] : chain(fat, start, want, what);
    if (size !== undefined && ids.length < want) throw new Error(`compound file ${what} chain ends after ${ids.length} of its ${want} sectors`);
    const out = new Uint8Array(size ?? ids.length * sectorSize);
    ids.forEach((id, i) => {
      const s = sectorAt(id, what);
      out.set(s.subarray(0, Math.min(s.length, out.length - i * sectorSize)), i * sectorSize);
    });
    return out;
  };

  const dirBytes = readChain(u32(0x30), undefined, 'directory');
  const dirView = new DataView(dirBytes.buffer, dirBytes.byteOffset, dirBytes.byteLength);
  const entries: DirEntry[] = [];
  for (let o = 0; o + 128 <= dirBytes.length; o += 128) {
    const nameLen = Math.min(64, dirView.getUint16(o + 64, true));
    const name = Buffer.from(dirBytes.subarray(o, o + Math.max(0, nameLen - 2))).toString('utf16le');
    // Version 3 files may leave garbage in the size's high half (the spec says to ignore it).
    const size = major === 3 ? dirView.getUint32(o + 120, true) : dirView.getUint32(o + 120, true) + dirView.getUint32(o + 124, true) * 2 ** 32;
    entries.push({ name, type: dirBytes[o + 66]!, left: dirView.getUint32(o + 68, true), right: dirView.getUint32(o + 72, true), child: dirView.getUint32(o + 76, true), start: dirView.getUint32(o + 116, true), size });
  }
  const root = entries[0];
  if (root?.type !== 5) throw new Error('compound file directory has no root entry');

  // The mini stream (the root's stream) and its FAT, read when a small stream is first asked for.
  const cutoff = u32(0x38);
  let mini: { fat: Uint32Array; data: Uint8Array } | undefined;
  const miniStream = () => {
    if (mini) return mini;
    const count = u32(0x40);
    if (count > sectorCount) throw new Error(`compound file header claims ${count} mini FAT sectors, more than the file's ${sectorCount} sectors`);
    const table = readChain(u32(0x3c), count ? count * sectorSize : 0, 'mini FAT');
    const fatView = new DataView(table.buffer, table.byteOffset, table.byteLength);
    mini = { fat: Uint32Array.from({ length: table.length / 4 }, (_, i) => fatView.getUint32(i * 4, true)), data: readChain(root.start, root.size, 'mini stream') };
    return mini;
  };

  /** The bytes of a stream entry, from the mini stream or regular sectors as its size says. */
  const readStream = (e: DirEntry): Uint8Array => {
    const what = `stream ${e.name}`;
    if (e.size > MAX_STREAM_BYTES) throw new Error(`compound file ${what} claims ${e.size} bytes, over the ${MAX_STREAM_BYTES >> 20} MiB read per stream`);
    if (e.size >= cutoff) return readChain(e.start, e.size, what);
    const m = miniStream();
    const ids = e.size ? chain(m.fat, e.start, Math.ceil(e.size / 64), what) : [];
    if (ids.length * 64 < e.size) throw new Error(`compound file ${what} mini chain ends after ${ids.length} of its ${Math.ceil(e.size / 64)} sectors`);
    const out = new Uint8Array(e.size);
    ids.forEach((id, k) => {
      if ((id + 1) * 64 > m.data.length) throw new Error(`compound file ${what} points to mini sector ${id}, past the mini stream's ${m.data.length >> 6}`);
      out.set(m.data.subarray(id * 64, Math.min(id * 64 + 64, id * 64 + e.size - k * 64)), k * 64);
    });
    return out;
  };

  // Each entry belongs to one storage's tree: one met a second time (in this tree or another's)
  // is a loop, and so is a storage that holds its own ancestor. Work is bounded by the directory.
  const claimed = new Uint8Array(entries.length);
  /** A storage's children: a red-black tree of siblings under its `child`, walked with each entry visited once. */
  const openStorage = (storage: DirEntry, depth: number): CompoundFile => {
    const streams = new Map<string, DirEntry>();
    const storages = new Map<string, DirEntry>();
    const stack = [storage.child];
    while (stack.length) {
      const i = stack.pop()!;
      if (i === NO_STREAM) continue;
      if (i >= entries.length) throw new Error(`compound file directory points to entry ${i}, past its ${entries.length} entries`);
      if (claimed[i]) throw new Error(`compound file directory tree loops at entry ${i}`);
      claimed[i] = 1;
      const e = entries[i]!;
      const key = e.name.toLowerCase();
      if (e.type === 2 && !streams.has(key)) streams.set(key, e);
      else if (e.type === 1 && !storages.has(key)) storages.set(key, e);
      stack.push(e.left, e.right);
    }
    // Each child opened once: its entries are claimed by the first walk, so a second would read as a
    // loop. A walk that failed fails the same way again.
    const opened = new Map<string, CompoundFile | Error>();
    return {
      streams: () => [...streams.values()].map((e) => e.name),
      stream(name) {
        const e = streams.get(name.toLowerCase());
        return e ? readStream(e) : undefined;
      },
      storages: () => [...storages.values()].map((e) => e.name),
      storage(name) {
        const key = name.toLowerCase();
        const e = storages.get(key);
        if (!e) return undefined;
        let child = opened.get(key);
        if (!child) {
          try {
            if (depth + 1 > MAX_STORAGE_DEPTH) throw new Error(`compound file storage ${e.name} is nested deeper than ${MAX_STORAGE_DEPTH} storages; not read`);
            child = openStorage(e, depth + 1);
          } catch (err) {
            child = err instanceof Error ? err : new Error(String(err));
          }
          opened.set(key, child);
        }
        if (child instanceof Error) throw child;
        return child;
      },
    };
  };
  return openStorage(root, 0);
}
