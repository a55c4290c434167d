import { ChunkReader } from './chunk-reader.js';

/**
 * A tar byte stream read header by header, as GNU tar and Python's tarfile read it: POSIX ustar
 * (name prefix), old GNU (long names, sparse members with their extension headers), pax (path,
 * size and sparse-name records) and V7 headers, checksums summed as unsigned or as signed bytes
 * (old Sun and HP-UX tars summed signed chars).
 */

const BLOCK = 512;
/** Largest GNU long name or pax header read (a name, a few records). */
const MAX_META_BYTES = 1 << 20;
/** Most sparse extension headers followed for one member (each maps 21 more data runs). */
const MAX_SPARSE_EXTENSIONS = 4096;

function field(b: Uint8Array, at: number, len: number): string {
  let end = at;
  while (end < at + len && b[end] !== 0) end++;
  return Buffer.from(b.subarray(at, end)).toString('utf8');
}

/** A header's size field: octal text, or base-256 when its first byte has the high bit (GNU). */
function sizeOf(h: Uint8Array): number {
  if (h[124]! & 0x80) {
    let n = 0;
    for (let i = 125; i < 136; i++) n = n * 256 + h[i]!;
    return n;
  }
  return parseInt(field(h, 124, 12).trim() || '0', 8);
}

/**
 * Whether a header's checksum (the sum of its bytes, the checksum field as spaces) holds, summed
 * over unsigned bytes (POSIX) or signed ones (what some old tars wrote; tarfile takes either).
 */
function checksumOk(h: Uint8Array): boolean {
  const want = parseInt(field(h, 148, 8).trim() || '-1', 8);
  let unsigned = 0;
  let high = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += b;
    if (b & 0x80) high++;
  }
  return want === unsigned || want === unsigned - 256 * high;
}

/** A member's name: ustar joins its prefix field; old GNU headers keep access times there instead. */
function nameOf(h: Uint8Array): string {
  const posix = h[257] === 0x75 && field(h, 257, 6) === 'ustar' && h[263] === 0x30;
  const prefix = posix ? field(h, 345, 155) : '';
  return prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
}

/** The records of a pax extended header that name or size the next member. */
function paxRecords(b: Uint8Array): { path?: string; size?: number } {
  const text = Buffer.from(b).toString('utf8');
  const value = (key: string) => new RegExp(`(?:^|\\n)\\d+ ${key.replace('.', '\\.')}=([^\\n]*)\\n`).exec(text)?.[1];
  // A pax sparse member (formats 0.1 and 1.0) is stored under a made-up path; its name is here.
  const path = value('GNU.sparse.name') ?? value('path');
  const size = value('size');
  return { path, size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined };
}

/** A file member of a tar stream, and its bytes when the caller's `take` asked for them. */
export interface TarMember {
  name: string;
  size: number;
  body?: Uint8Array;
}

/**
 * The file members of a tar byte stream in order (directories, links and the like passed over),
 * each member's bytes read when `take(name, size)` says so and skipped otherwise. A sparse member
 * gives its stored runs of data, holes left out. A header that is not one (a bad checksum) ends
 * the stream with an error naming the byte it is at, after the members before it.
 */
export async function* tarMembers(chunks: AsyncIterable<Uint8Array>, take: (name: string, size: number) => boolean): AsyncGenerator<TarMember> {
  const r = new ChunkReader(chunks[Symbol.asyncIterator]());
  let offset = 0;
  let next: { path?: string; size?: number } = {};
  for (;;) {
    const h = await r.read(BLOCK);
    if (h.length < BLOCK || h.every((b) => b === 0)) return;
    if (!checksumOk(h)) throw new Error(`tar header at byte ${offset} has a bad checksum (not a tar file, or corrupt)`);
    const at = offset;
    const size = next.size ?? sizeOf(h);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tar header at byte ${at} gives an invalid size`);
    const type = String.fromCharCode(h[156]!);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    offset += BLOCK;
    const name = next.path ?? nameOf(h);
    next = {};
    if (type === 'L' || type === 'x') {
      // A GNU long name or a pax header: it names (and a pax one may size) the next member.
      if (size > MAX_META_BYTES) throw new Error(`tar ${type === 'L' ? 'long name' : 'pax header'} at byte ${at} declares ${size} bytes`);
      const body = await r.read(padded);
      next = type === 'L' ? { path: field(body, 0, size) } : paxRecords(body.subarray(0, size));
      offset += padded;
      continue;
    }
    if (type === 'S') offset += await skipSparseExtensions(r, h, name, at);
    const isFile = type === '0' || type === '\0' || type === '7' || type === 'S';
    if (isFile && take(name, size)) {
      const body = await r.read(padded);
      if (body.length < size) throw new Error(`tar member ${name} at byte ${at}: the file ends inside its ${size} bytes (truncated?)`);
      yield { name, size, body: body.subarray(0, size) };
    } else {
      // Said before its bytes are passed over: a member cut short by the end of the file is still named.
      if (isFile) yield { name, size };
      if ((await r.skip(padded)) < size) throw new Error(`tar member ${name} at byte ${at}: the file ends inside its ${size} bytes (truncated?)`);
    }
    offset += padded;
  }
}

/**
 * An old-GNU sparse member's header maps four data runs; more runs sit in extension headers between
 * it and the data, each flagging whether another follows (byte 482 of the header, 504 of each
 * extension). They are passed over — the runs' bytes are read as they are stored — and their
 * length returned.
 */
async function skipSparseExtensions(r: ChunkReader, h: Uint8Array, name: string, at: number): Promise<number> {
  let skipped = 0;
  let more = h[482] !== 0;
  while (more) {
    if (skipped / BLOCK >= MAX_SPARSE_EXTENSIONS) throw new Error(`tar sparse member ${name} at byte ${at} has over ${MAX_SPARSE_EXTENSIONS} extension headers`);
    const ext = await r.read(BLOCK);
    if (ext.length < BLOCK) throw new Error(`tar sparse member ${name} at byte ${at}: the file ends inside its extension headers (truncated?)`);
    skipped += BLOCK;
    more = ext[504] !== 0;
  }
  return skipped;
}
