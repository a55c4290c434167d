import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { createGunzip, createInflate } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { hasUtf16Bom, ZstdWindowGuard } from '../../../core/index.js';
import { Utf8Chunks } from './utf8-chunks.js';
import type { StreamCodec } from './types.js';
import { BOMB_RATIO, BOMB_STOP } from './decompression-bomb.js';
import { xzChunks } from './xz-stream.js';
import { lzmaChunks } from './lzma-stream.js';
import { lz4Chunks } from './lz4-stream.js';

const require = createRequire(import.meta.url);

export interface TextSourceOptions {
  /** A compressed stream: gzip, or `codec`. */
  gzip?: boolean;
  codec?: StreamCodec;
  /** Decompressed byte budget; the stream stops there (decompression-bomb bound). */
  maxBytes: number;
  start?: number;
  end?: number;
  /**
   * The file's bytes when the caller already holds them (small files: the walker read them).
   * Saves an open, a 1 MiB stream buffer and a close per file — most of the cost on a source tree.
   */
  content?: Uint8Array;
  /**
   * The text's encoding when it is decided already (a later range of a split file is read as its
   * file was: `range-encoding.ts`); else each read decides on its own first bytes past ASCII.
   */
  encoding?: string;
}

function textDecoderFor(first: Uint8Array, encoding?: string): { write(b: Buffer): string; end(): string; encoding?: string } {
  if (!hasUtf16Bom(first)) return new Utf8Chunks(encoding);
  const td = new TextDecoder(first[0] === 0xff ? 'utf-16le' : 'utf-16be');
  return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
}

/**
 * The byte source: the bytes in hand (whole file), else a read stream; decompressed when the file
 * is. A compressed member of an archive has no path of its own: its bytes in hand are the input.
 */
function byteSource(absPath: string, opts: TextSourceOptions, status: { truncated: boolean; truncatedBy?: string }): { stream: AsyncIterable<Buffer>; close(): void } {
  const c = opts.start === undefined && opts.end === undefined ? opts.content : undefined;
  const held = c && Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  if (held && !opts.gzip) return { stream: (async function* () { yield held; })(), close() {} };
  if (opts.gzip && opts.codec === 'bzip2') {
    const b = bzip2Chunks(held ?? absPath, status);
    return { stream: b, close: () => void b.return(undefined) };
  }
  if (opts.gzip && opts.codec === 'lzma') {
    const l = lzmaChunks(held ?? absPath, opts.maxBytes, status);
    return { stream: l, close: () => void l.return(undefined) };
  }
  const raw = held ? Readable.from([held], { objectMode: false }) : createReadStream(absPath, { highWaterMark: 1 << 20, start: opts.start, end: opts.end });
  if (opts.gzip && opts.codec === 'zstd') return { stream: zstdChunks(raw, status), close: () => raw.destroy() };
  if (opts.gzip && opts.codec === 'xz') return { stream: xzChunks(raw, status), close: () => raw.destroy() };
  if (opts.gzip && opts.codec === 'lz4') return { stream: lz4Chunks(raw), close: () => raw.destroy() };
  if (!opts.gzip) return { stream: raw as AsyncIterable<Buffer>, close: () => raw.destroy() };
  // pipeline, not pipe: a read error (a file gone, a permission) ends the gunzip stream with it,
  // so the reader's loop throws; piped, it was an unhandled 'error' event that killed the process.
  const gunzip = pipeline(raw, opts.codec === 'zlib' ? createInflate({ chunkSize: 1 << 20 }) : createGunzip({ chunkSize: 1 << 20 }), () => {});
  return {
    stream: gunzip as AsyncIterable<Buffer>,
    close() {
      raw.destroy();
      gunzip.destroy();
    },
  };
}

/** Compressed bytes pushed to the zstd decoder at a time. */
const ZSTD_SLICE = 64 * 1024;
/**
 * Most output one slice may produce (64 MiB: a ratio of 1024, beyond any real text; zstd's RLE
 * blocks reach 32,000). Past it the stream stops as cut short: a decompression bomb is never
 * decoded into memory, whatever `maxBytes` allows.
 */
export const ZSTD_MAX_BURST = ZSTD_SLICE * BOMB_RATIO;

class ZstdBurst extends Error {}

/**
 * A `.zst` stream decoded by fzstd, streaming: the output of each 64 KiB of input is handed on
 * before more is read. A stream that expands past `ZSTD_MAX_BURST` from one slice stops there and
 * the file is marked cut short; corrupt or truncated data throws.
 */
async function* zstdChunks(raw: AsyncIterable<Buffer>, status: { truncated: boolean; truncatedBy?: string }): AsyncGenerator<Buffer> {
  let out: Uint8Array[] = [];
  let pending = 0;
  const d = new ZstdDecompress((chunk) => {
    if (!chunk.length) return;
    out.push(chunk);
    pending += chunk.length;
    if (pending > ZSTD_MAX_BURST) throw new ZstdBurst();
  });
  const push = (c: Uint8Array, final: boolean): boolean => {
    try {
      d.push(c, final);
      return true;
    } catch (e) {
      if (e instanceof ZstdBurst) {
        status.truncated = true;
        status.truncatedBy = BOMB_STOP;
        return false;
      }
      throw new Error(`invalid zstd data (${(e as Error).message})`, { cause: e });
    }
  };
  // Frames asking for a window over zstd's default limit stop the file before fzstd allocates it.
  const guard = new ZstdWindowGuard();
  for await (const c of raw) {
    for (let i = 0; i < c.length; i += ZSTD_SLICE) {
      const slice = c.subarray(i, i + ZSTD_SLICE);
      guard.feed(slice);
      const ok = push(slice, false);
      for (const o of out) yield Buffer.from(o.buffer, o.byteOffset, o.byteLength);
      out = [];
      pending = 0;
      if (!ok) return;
    }
  }
  if (push(new Uint8Array(0), true)) for (const o of out) yield Buffer.from(o.buffer, o.byteOffset, o.byteLength);
}

/** Streams a (possibly compressed) file as byte chunks of about 1 MiB, stopping at `maxBytes`: for binary record formats. */
export async function* byteChunks(absPath: string, opts: TextSourceOptions, status: { bytes: number; truncated: boolean }): AsyncGenerator<Uint8Array> {
  const src = byteSource(absPath, opts, status);
  try {
    for await (const chunk of src.stream) {
      let buf: Uint8Array = chunk;
      if (status.bytes + buf.length > opts.maxBytes) {
        buf = buf.subarray(0, Math.max(0, opts.maxBytes - status.bytes));
        status.truncated = true;
      }
      status.bytes += buf.length;
      if (buf.length) yield buf;
      if (status.truncated) break;
    }
  } finally {
    src.close();
  }
}

/**
 * Streams a (possibly compressed) file as UTF-8 text chunks of about 1 MiB, stopping at `maxBytes`.
 * A compressed stream that breaks off after some text (a download cut short, a log still being
 * written, a corrupt block) ends the text there, the file marked read in part and why: the rows
 * before the break are scanned. A stream that yields nothing throws, as before.
 */
export async function* textChunks(absPath: string, opts: TextSourceOptions, status: { bytes: number; truncated: boolean; truncatedBy?: string; encoding?: string }): AsyncGenerator<string> {
  const src = byteSource(absPath, opts, status);
  let decoder: { write(b: Buffer): string; end(): string; encoding?: string } | undefined;
  let first = true;
  try {
    // Only a compressed stream can break off after some output; a plain file's chunks go straight through.
    for await (const chunk of opts.gzip ? brokenOffEnds(src.stream, opts, status) : src.stream) {
      let buf = chunk;
      if (status.bytes + buf.length > opts.maxBytes) {
        buf = buf.subarray(0, Math.max(0, opts.maxBytes - status.bytes));
        status.truncated = true;
      }
      status.bytes += buf.length;
      // The encoding is decided once, by the byte-order mark: UTF-16 (Windows exports) or UTF-8.
      if (!decoder) {
        decoder = textDecoderFor(buf, opts.encoding);
        if (hasUtf16Bom(buf)) buf = buf.subarray(2);
      }
      let s = decoder.write(buf);
      if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
      if (s) yield s;
      if (status.truncated) break;
    }
    const rest = decoder?.end() ?? '';
    // What a range of a split file was read as, for its ranges to agree on (range-encoding.ts).
    if (opts.start !== undefined && decoder?.encoding) status.encoding = decoder.encoding;
    if (rest) yield rest;
  } finally {
    src.close();
  }
}

/** A compressed stream's chunks, ending quietly (the file marked read in part) when it breaks off after some output. */
async function* brokenOffEnds(stream: AsyncIterable<Buffer>, opts: TextSourceOptions, status: { bytes: number; truncated: boolean; truncatedBy?: string }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (e) {
    if (status.bytes === 0) throw e;
    status.truncated = true;
    status.truncatedBy = `the ${opts.codec ?? 'gzip'} stream broke off, cut short or corrupt (${(e as Error).message.split('\n')[0]})`;
  }
}

/** seek-bzip's decoder, driven a block at a time (its `decode` runs a whole stream in one call). */
interface BunzipStream {
  readByte(): number;
  writeByte(b: number): void;
  eof(): boolean;
}
interface Bunzip {
  _init_block(): boolean;
  _read_bunzip(): void;
  _start_bunzip(input: BunzipStream, output: BunzipStream): void;
  reader: { read(bits: number): number };
  streamCRC: number;
}
interface BunzipModule {
  new (input: BunzipStream, output: BunzipStream): Bunzip;
  Stream: new () => BunzipStream;
}

/**
 * A `.bz2` stream decoded by seek-bzip (pure JS, already used for model containers), one block at
 * a time: a block holds at most 900 kB before its run-length coding, so at most ~46 MB after it,
 * and each block's output is handed on before the next is read. Multi-stream files (pbzip2) are
 * read whole. The input is read synchronously through a 1 MiB buffer (the decoder pulls bytes);
 * large files are scanned in a worker thread. Corrupt data and bad CRCs throw.
 */
async function* bzip2Chunks(input_: string | Buffer, status: { truncated: boolean; truncatedBy?: string }): AsyncGenerator<Buffer> {
  const Bunzip = require('seek-bzip') as BunzipModule;
  // From the file, or from the bytes in hand (an archive member's).
  const fd = typeof input_ === 'string' ? openSync(input_, 'r') : -1;
  const readAt = (buf: Buffer, pos: number): number => (typeof input_ === 'string' ? readSync(fd, buf, 0, buf.length, pos) : input_.copy(buf, 0, Math.min(pos, input_.length)));
  try {
    const inBuf = Buffer.allocUnsafe(1 << 20);
    let inLen = 0;
    let inPos = 0;
    let filePos = 0;
    let atEnd = false;
    const fill = () => {
      inLen = readAt(inBuf, filePos);
      filePos += inLen;
      inPos = 0;
      if (!inLen) atEnd = true;
    };
    const input = new Bunzip.Stream();
    input.readByte = () => {
      if (inPos >= inLen) fill();
      if (!inLen) throw new Error('unexpected end of data');
      return inBuf[inPos++]!;
    };
    input.eof = () => {
      if (inPos >= inLen && !atEnd) fill();
      return inPos >= inLen;
    };
    const done: Buffer[] = [];
    let cur = Buffer.allocUnsafe(1 << 20);
    let n = 0;
    const output = new Bunzip.Stream();
    output.writeByte = (b: number) => {
      cur[n++] = b;
      if (n === cur.length) {
        done.push(cur);
        cur = Buffer.allocUnsafe(1 << 20);
        n = 0;
      }
    };
    const flush = (): Buffer[] => {
      if (n) {
        done.push(Buffer.from(cur.subarray(0, n)));
        n = 0;
      }
      return done.splice(0);
    };
    let produced = 0;
    const bad = (e: unknown) => new Error(`invalid bzip2 data (${(e as Error).message})`, { cause: e });
    let bz: Bunzip;
    try {
      bz = new Bunzip(input, output);
    } catch (e) {
      throw bad(e);
    }
    // Only a stream's end marker and CRC end the file: data cut anywhere before is an error.
    for (;;) {
      let more: boolean;
      try {
        more = bz._init_block();
        if (more) bz._read_bunzip();
        else {
          const crc = bz.reader.read(32) >>> 0;
          if (crc !== bz.streamCRC >>> 0) throw new Error('bad stream CRC');
          // pbzip2 and concatenated files: another stream follows.
          if (input.eof()) break;
          bz._start_bunzip(input, output);
        }
      } catch (e) {
        throw bad(e);
      }
      if (more) {
        const out = flush();
        yield* out;
        produced += out.reduce((a, o) => a + o.length, 0);
        // A decompression bomb (runs of one byte compress ~45,000 to one): past a ratio of 1024
        // the file stops as cut short, before gigabytes are decoded and scanned.
        if (produced > BOMB_RATIO * (filePos - inLen + inPos) + (64 << 20)) {
          status.truncated = true;
          status.truncatedBy = BOMB_STOP;
          return;
        }
      }
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Where a line came from: `line === src.slice(start, start + line.length)`, and a `\n` precedes it
 * in `src` when `start > 0` (what `LineRun` needs to keep a run of lines as one slice).
 */
export type LineFn = (line: string, src: string, start: number) => void;

/**
 * Splits text chunks into lines (without the line break), keeping `\r\n` files' columns right.
 * Push-style and synchronous, so a hot loop pays no promise per line.
 */
export class LineSplitter {
  private rest = '';
  /** Inside a line already cut at MAX_LINE: its rest, up to the next `\n`, is dropped. */
  private skipping = false;
  /** Lines cut at MAX_LINE so far (their first MAX_LINE characters were passed on). */
  cut = 0;

  /** Appends the complete lines of `rest + c` to `out`, keeping the unfinished tail. */
  push(c: string, out: string[]): void {
    this.each(c, (l) => out.push(l));
  }

  /**
   * Calls `fn` for each complete line of `rest + c`, keeping the unfinished tail. The chunk is
   * searched as it is: joining the tail to a 1 MiB chunk first copied the whole chunk.
   */
  each(c: string, fn: LineFn): void {
    let from = 0;
    if (this.skipping) {
      const end = c.indexOf('\n');
      if (end < 0) return;
      this.skipping = false;
      from = end + 1;
    }
    let nl = c.indexOf('\n', from);
    if (nl < 0) {
      this.rest += from ? c.slice(from) : c;
    } else {
      // The tail's line ends in this chunk; its `\r` may be the tail's last character.
      const part = c.slice(from, nl);
      const head = this.rest ? this.rest + part : part;
      fn(head.charCodeAt(head.length - 1) === 13 ? head.slice(0, -1) : head, this.rest ? head : c, this.rest ? 0 : from);
      this.rest = '';
      from = nl + 1;
      for (nl = c.indexOf('\n', from); nl >= 0; nl = c.indexOf('\n', from)) {
        fn(c.charCodeAt(nl - 1) === 13 ? c.slice(from, nl - 1) : c.slice(from, nl), c, from);
        from = nl + 1;
      }
      this.rest = c.slice(from);
    }
    // A single line longer than MAX_LINE is not a line: its first MAX_LINE characters are passed on
    // as the line and the rest of it is dropped (counted in `cut`), so memory stays bounded and
    // the lines after it keep their numbers.
    if (this.rest.length > MAX_LINE) {
      fn(this.rest.slice(0, MAX_LINE), this.rest, 0);
      this.rest = '';
      this.skipping = true;
      this.cut++;
    }
  }

  /** Calls `fn` for the unfinished tail, if any. */
  endEach(fn: LineFn): void {
    if (this.rest) fn(this.rest, this.rest, 0);
    this.rest = '';
    this.skipping = false;
  }

  end(out: string[]): void {
    this.endEach((l) => out.push(l));
  }
}

/** Longest line passed on whole (16 MiB of characters). */
export const MAX_LINE = 16 << 20;

/** Splits text chunks into lines (without the line break), keeping `\r\n` files' columns right. */
export async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const split = new LineSplitter();
  const out: string[] = [];
  for await (const c of chunks) {
    split.push(c, out);
    yield* out;
    out.length = 0;
  }
  split.end(out);
  yield* out;
}

/**
 * Calls `fn` for every line of the chunks, synchronously within each chunk (no promise per line),
 * with where the line sits in its chunk (see `LineFn`).
 */
export async function eachLine(chunks: AsyncIterable<string>, fn: LineFn, status?: { cut?: number }): Promise<void> {
  const split = new LineSplitter();
  for await (const c of chunks) split.each(c, fn);
  split.endEach(fn);
  if (status && split.cut) status.cut = (status.cut ?? 0) + split.cut;
}

/**
 * The lines of bytes already in hand (uncompressed), decoded and split exactly as `textChunks` +
 * `LineSplitter` would, synchronously: for small files, where the stream costs more than the scan.
 */
export function eachLineOf(content: Uint8Array, maxBytes: number, status: { bytes: number; truncated: boolean }, fn: LineFn): void {
  let b = content;
  if (b.length > maxBytes) {
    b = b.subarray(0, maxBytes);
    status.truncated = true;
  }
  status.bytes += b.length;
  // The stream's own decoder choice, fed the one chunk there is.
  const d = textDecoderFor(b);
  const body = hasUtf16Bom(b) ? b.subarray(2) : b;
  let text = d.write(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) + d.end();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const split = new LineSplitter();
  split.each(text, fn);
  split.endEach(fn);
}

/** `eachLineOf`'s lines as an array. */
export function linesOf(content: Uint8Array, maxBytes: number, status: { bytes: number; truncated: boolean }): string[] {
  const out: string[] = [];
  eachLineOf(content, maxBytes, status, (l) => out.push(l));
  return out;
}

/** Reads a whole (possibly gzipped) document up to `maxBytes`; null when it is bigger. */
export async function readDocument(absPath: string, gzip: boolean, maxBytes: number, content?: Uint8Array, codec?: StreamCodec): Promise<string | null> {
  const status = { bytes: 0, truncated: false };
  const parts: string[] = [];
  for await (const c of textChunks(absPath, { gzip, codec, maxBytes, content }, status)) parts.push(c);
  return status.truncated ? null : parts.join('');
}
