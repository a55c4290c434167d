import { ChunkReader } from './chunk-reader.js';
import { leaves, recordOf } from './json.js';
import type { DataRow } from './types.js';

/**
 * Tar shards of a training set in the WebDataset layout (LAION and most multimodal sets:
 * `00042.tar` holding `000420001.jpg`, `000420001.txt`, `000420001.json`, …): the members that share
 * a key (the path up to the first dot of the file name) are one sample, one row, and each text
 * member is a cell named by its extension (`txt`, `caption`, `cls`; a JSON member's values as
 * `json.url`, `json.caption`). Images, audio and other binary members are passed over unread.
 *
 * The tar is streamed header by header (POSIX ustar, GNU long names, pax `path` records); a member's
 * size is checked before its bytes are taken, a text member over MAX_MEMBER_BYTES is passed over and
 * said so, and a header that is not one (a bad checksum) stops the file with the byte it is at.
 */

const BLOCK = 512;
/** Largest text member read (a caption, a JSON of metadata, a document). */
export const MAX_MEMBER_BYTES = 16 << 20;
/** Members read as text, by the extension WebDataset gives them. */
const TEXT = new Set(['txt', 'text', 'caption', 'cls', 'cls2', 'json', 'md', 'html', 'htm', 'vtt', 'srt', 'transcript', 'prompt', 'response', 'label']);

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

/** Whether a header's checksum (the sum of its bytes, the checksum field as spaces) holds. */
function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === parseInt(field(h, 148, 8).trim() || '-1', 8);
}

/** `path=` from a pax extended header's records (`<len> path=<value>\n`). */
function paxPath(b: Uint8Array): string | undefined {
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(b).toString('utf8'));
  return m?.[1];
}

/** A member's sample key and extension: `a/b/000042.seg.txt` → `a/b/000042` and `seg.txt`. */
export function keyOf(path: string): { key: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dot = path.indexOf('.', slash + 1);
  return dot < 0 ? { key: path, ext: '' } : { key: path.slice(0, dot), ext: path.slice(dot + 1).toLowerCase() };
}

/** A file member of a tar stream, and its bytes when the caller's `take` asked for them. */
export interface TarMember {
  name: string;
  size: number;
  body?: Uint8Array;
}

/**
 * The file members of a tar byte stream in order (directories, links and the like passed over),
 * each member's bytes read when `take(name, size)` says so and skipped otherwise. A header that is
 * not one (a bad checksum) ends the stream with an error naming the byte it is at, after the
 * members before it.
 */
export async function* tarMembers(chunks: AsyncIterable<Uint8Array>, take: (name: string, size: number) => boolean): AsyncGenerator<TarMember> {
  const r = new ChunkReader(chunks[Symbol.asyncIterator]());
  let offset = 0;
  let longName: string | undefined;
  for (;;) {
    const h = await r.read(BLOCK);
    if (h.length < BLOCK || h.every((b) => b === 0)) return;
    if (!checksumOk(h)) throw new Error(`tar header at byte ${offset} has a bad checksum (not a tar file, or corrupt)`);
    const size = sizeOf(h);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tar header at byte ${offset} gives an invalid size`);
    const type = String.fromCharCode(h[156]!);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    offset += BLOCK;
    const name = longName ?? (field(h, 345, 155) ? `${field(h, 345, 155)}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    if (type === 'L' || type === 'x') {
      // A GNU long name or a pax header: it names the next member.
      if (size > 1 << 20) throw new Error(`tar ${type === 'L' ? 'long name' : 'pax header'} at byte ${offset - BLOCK} declares ${size} bytes`);
      const body = await r.read(padded);
      longName = type === 'L' ? field(body, 0, size) : paxPath(body.subarray(0, size));
      offset += padded;
      continue;
    }
    const isFile = type === '0' || type === '\0' || type === '7';
    if (isFile && take(name, size)) {
      const body = await r.read(padded);
      if (body.length < size) throw new Error(`tar member ${name} at byte ${offset - BLOCK}: the file ends inside its ${size} bytes (truncated?)`);
      yield { name, size, body: body.subarray(0, size) };
    } else {
      // Said before its bytes are passed over: a member cut short by the end of the file is still named.
      if (isFile) yield { name, size };
      if ((await r.skip(padded)) < size) throw new Error(`tar member ${name} at byte ${offset - BLOCK}: the file ends inside its ${size} bytes (truncated?)`);
    }
    offset += padded;
  }
}

/** Whether WebDataset reads a member of this extension (`seg.txt` → `txt`) as a sample's text. */
export function isSampleText(ext: string): boolean {
  return TEXT.has(ext.slice(ext.lastIndexOf('.') + 1));
}

/** Members that are data files of their own rather than sample text (read apart: `archive.ts`). */
const DATA_MEMBER = /\.(?:csv|tsv|psv|jsonl|ndjson|parquet|sqlite3?|db|xlsx|xlsm|xls|docx|pptx|odt|ods|odp|fodt|fods|fodp|pdf|arrow|feather|avro|ipynb|pkl|pickle)(?:\.gz|\.zst|\.bz2|\.xz)?$/i;

/**
 * Reads a tar byte stream's samples as rows, `maxRows` at most; `problems` collects members passed
 * over, `seen.dataMembers` counts the members that are data files of their own.
 */
export async function* readWebDataset(chunks: AsyncIterable<Uint8Array>, status: { rows: number; truncated: boolean }, maxRows: number, problems: string[], seen: { dataMembers: number } = { dataMembers: 0 }): AsyncGenerator<DataRow> {
  let key: string | undefined;
  let sample: Record<string, unknown> = {};
  let row = 0;
  const emit = (): DataRow | undefined => {
    const ls = leaves(sample, '', [], 0);
    sample = {};
    if (!ls.length) return undefined;
    return { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: false })), record: recordOf(ls) };
  };
  // A sample read before a broken header still counts: it is handed on before the error.
  let failure: Error | undefined;
  const members = tarMembers(chunks, (name, size) => isSampleText(keyOf(name).ext) && size <= MAX_MEMBER_BYTES);
  try {
    for await (const m of members) {
      const { key: k, ext } = keyOf(m.name);
      if (k !== key) {
        if (key !== undefined) {
          const out = emit();
          if (out) yield out;
        }
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        key = k;
        status.rows = ++row;
      }
      if (m.body) {
        const text = Buffer.from(m.body).toString('utf8');
        if (ext.endsWith('json')) {
          try {
            sample[ext] = JSON.parse(text) as unknown;
          } catch {
            sample[ext] = text;
          }
        } else sample[ext] = text;
      } else if (isSampleText(ext)) problems.push(`tar member ${m.name} is ${m.size} bytes, over the ${MAX_MEMBER_BYTES >> 20} MiB read per member; not read`);
      else if (DATA_MEMBER.test(m.name)) seen.dataMembers++;
    }
  } catch (e) {
    failure = e as Error;
  }
  if (key !== undefined) {
    const out = emit();
    if (out) yield out;
  }
  if (failure) throw failure;
}
