import { promisify } from 'node:util';
import { createGzip, gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The encoding of per-scan documents in `scan_data` (see migration 2): assets, relations and the
 * finding index are gzip'd JSON arrays; findings are gzip'd JSON Lines (one finding a line, in
 * report order) so a diff can parse only the lines it needs.
 */
export const BLOB_ENCODING = 'gzip-v1';

/** JSON → gzip (level 1: the save is CPU-bound, and level 1 already shrinks findings ~30×). */
/** Compression runs on libuv's thread pool, so several documents compress in parallel. */
export function encodeDoc(value: unknown): Promise<Buffer> {
  return gzipAsync(JSON.stringify(value), { level: 1 });
}

/**
 * Documents cross the driver as base64 text (`decode($n, 'base64')` / `encode(col, 'base64')`):
 * PGlite's bytea parameter and row codecs are an order of magnitude slower than its text path
 * (8 MB: 5.5 s as bytea, 0.3 s as base64). Node's base64 decoder skips the line breaks encode() adds.
 */
function toBytes(data: unknown): Buffer {
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data), 'base64');
}

/** Above this, a document is inflated in ordinary chunks (a corrupt or hostile size field must not allocate much). */
const MAX_ONE_CHUNK = 256 << 20;

/**
 * Inflates a gzip document into one buffer. zlib's default 16 KiB output chunks cost a thread-pool
 * round trip each plus a final concatenation: 4,000 of them for a 66 MB findings document, ~2x the
 * inflate itself. The gzip trailer's ISIZE (length mod 2^32) sizes a single output chunk instead;
 * if it lies, zlib simply produces more chunks, so this is only ever a hint.
 */
function inflate(data: unknown): Promise<Buffer> {
  const buf = toBytes(data);
  const size = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
  return gunzipAsync(buf, size > 0 && size < MAX_ONE_CHUNK ? { chunkSize: Math.max(size + 1, 1024) } : {});
}

/** Findings as gzip'd JSON Lines (JSON escapes newlines inside strings, so a line is one finding). */
export async function encodeLines(values: readonly unknown[]): Promise<Buffer> {
  // Streamed in batches: the whole document as one string (66 MB for 100,000 findings) plus its
  // 100,000 pieces was the save's biggest transient allocation. Same bytes out as one gzip call.
  const z = createGzip({ level: 1, chunkSize: 1 << 20 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  for (let i = 0; i < values.length; i += LINE_BATCH) {
    let text = i ? '\n' : '';
    const end = Math.min(values.length, i + LINE_BATCH);
    for (let j = i; j < end; j++) text += (j > i ? '\n' : '') + JSON.stringify(values[j]);
    if (!z.write(text)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

/** Lines serialised per gzip write: large enough to amortise the stream, small enough to bound memory. */
const LINE_BATCH = 2000;

/** The raw lines of a JSON Lines document; parse only the ones needed. */
export async function decodeLines(data: unknown, encoding: string): Promise<string[]> {
  if (encoding !== BLOB_ENCODING) throw new Error(`unknown scan data encoding "${encoding}" (written by a newer aispm?)`);
  const text = (await inflate(data)).toString('utf8');
  return text ? text.split('\n') : [];
}

/** The inflated bytes of a document, to pick lines from with `linesAt` (started early, it overlaps other work). */
export function inflateDoc(data: unknown, encoding: string): Promise<Buffer> {
  if (encoding !== BLOB_ENCODING) return Promise.reject(new Error(`unknown scan data encoding "${encoding}" (written by a newer aispm?)`));
  return inflate(data);
}

/**
 * Only the lines at `positions` (0-based) of an inflated JSON Lines document, without turning the
 * whole document into a string: a diff needs the few findings that changed out of 100,000.
 */
export function linesAt(buf: Buffer, positions: readonly number[]): Map<number, string> {
  const want = [...new Set(positions)].sort((a, b) => a - b);
  const out = new Map<number, string>();
  let line = 0;
  let start = 0;
  for (const p of want) {
    while (line < p && start <= buf.length) {
      const nl = buf.indexOf(10, start);
      start = nl < 0 ? buf.length + 1 : nl + 1;
      line++;
    }
    if (start > buf.length) break;
    const nl = buf.indexOf(10, start);
    out.set(p, buf.toString('utf8', start, nl < 0 ? buf.length : nl));
  }
  return out;
}

/** `linesAt` of a stored document. */
export async function pickLines(data: unknown, encoding: string, positions: readonly number[]): Promise<Map<number, string>> {
  return linesAt(await inflateDoc(data, encoding), positions);
}

export async function decodeDoc<T>(data: unknown, encoding: string): Promise<T> {
  if (encoding !== BLOB_ENCODING) throw new Error(`unknown scan data encoding "${encoding}" (written by a newer aispm?)`);
  return JSON.parse((await inflate(data)).toString('utf8')) as T;
}
