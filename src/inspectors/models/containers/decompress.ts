import { createRequire } from 'node:module';
import { Inflate, Gunzip, Unzlib } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';
import { CappedSink, decodeLzmaAlone, Lz4FrameStream, ZstdWindowGuard } from '../../../core/index.js';
import type { ByteSource } from '../io/byte-source.js';

/** A decompression that would exceed its output cap (a bomb, or just too big to scan in memory). */
export class LimitError extends Error {}
/** A zstd frame asking for a window over the limit: refused before anything is allocated, head or whole. */
export class WindowLimitError extends LimitError {}
/** Corrupt or unsupported compressed data. */
export class DecompressError extends Error {}

export type Codec = 'deflate-raw' | 'gzip' | 'zlib' | 'zstd' | 'bzip2' | 'xz' | 'lzma' | 'lz4';

const require = createRequire(import.meta.url);

/** The sink the decoders write into, refusing output past `cap` with a LimitError (core's CappedSink). */
function cappedSink(cap: number): CappedSink {
  return new CappedSink(cap, (c) => new LimitError(`decompressed size over ${c} bytes`));
}

type StreamCodec = 'deflate-raw' | 'gzip' | 'zlib' | 'zstd' | 'lz4';
const isStreamCodec = (c: Codec): c is StreamCodec => c === 'deflate-raw' || c === 'gzip' || c === 'zlib' || c === 'zstd' || c === 'lz4';

/**
 * A push-style decoder feeding `onData`: fflate's for deflate, fzstd's (the same interface) for
 * zstd, core's for LZ4 frames. fzstd hands over each block as it is decoded (at most 128 KiB), so the sink's cap stops a
 * zstd bomb between blocks.
 */
function streamFor(kind: StreamCodec, onData: (chunk: Uint8Array) => void): { push(chunk: Uint8Array, final?: boolean): void } {
  if (kind === 'zstd') {
    // Frames asking for a window over zstd's default limit are refused before fzstd allocates it.
    const guard = new ZstdWindowGuard();
    const d = new ZstdDecompress(onData);
    return {
      push(chunk, final) {
        try {
          guard.feed(chunk);
        } catch (e) {
          throw new WindowLimitError((e as Error).message);
        }
        d.push(chunk, final);
      },
    };
  }
  // LZ4 frames (joblib's `compress='lz4'`): each block handed over whole, at most 4 MiB.
  if (kind === 'lz4') return new Lz4FrameStream(onData);
  return kind === 'deflate-raw' ? new Inflate(onData) : kind === 'gzip' ? new Gunzip(onData) : new Unzlib(onData);
}

async function viaStream(kind: StreamCodec, src: ByteSource, start: number, len: number, cap: number): Promise<Uint8Array> {
  const sink = cappedSink(cap);
  const stream = streamFor(kind, (chunk) => sink.push(chunk));
  // fflate hands over everything one push inflates at once, before the cap can refuse it: deflate
  // expands up to ~1,032×, so a 64 KiB piece is at most ~66 MB in memory (a 1 MiB piece was 1 GB).
  const piece = 64 << 10;
  try {
    for (let p = 0; p < len; p += piece) {
      const chunk = await src.read(start + p, Math.min(piece, len - p));
      if (chunk.length === 0) break;
      stream.push(chunk, p + chunk.length >= len);
    }
  } catch (e) {
    if (e instanceof LimitError) throw e;
    throw new DecompressError(`${kind} data is corrupt: ${(e as Error).message}`);
  }
  return sink.result();
}

interface BunzipModule {
  decode(input: Uint8Array, output: CappedSink, multistream?: boolean): void;
}

type XzStreamCtor = new (s: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

/**
 * xz-decompress is CommonJS: Node's own ESM loader exposes it under `default` (its named exports
 * are not statically detectable), while bundlers and vitest also offer the named export. Accept both.
 */
async function loadXz(): Promise<XzStreamCtor> {
  const mod = (await import('xz-decompress')) as { XzReadableStream?: XzStreamCtor; default?: { XzReadableStream?: XzStreamCtor } };
  const ctor = mod.XzReadableStream ?? mod.default?.XzReadableStream;
  if (!ctor) throw new DecompressError('the xz decoder could not be loaded');
  return ctor;
}

async function viaXz(bytes: Uint8Array, cap: number): Promise<Uint8Array> {
  const XzReadableStream = await loadXz();
  const sink = cappedSink(cap);
  const input = new Blob([bytes.slice()]).stream();
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sink.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (e instanceof LimitError) throw e;
    throw new DecompressError(`xz data is corrupt: ${(e as Error).message ?? String(e)}`);
  }
  return sink.result();
}

/** Input fed per push when only a stream's head is wanted: at most ~17 MB out of a bomb. */
const HEAD_PIECE = 16 << 10;

/**
 * Feeds `input` to a streaming inflater `piece` bytes at a time until `enough()`: what one push
 * inflates is handed over whole, so the piece size bounds the memory a bomb can take.
 */
export function pushInPieces(stream: { push(chunk: Uint8Array, final?: boolean): void }, input: Uint8Array, piece: number, last: boolean, enough: () => boolean): void {
  for (let at = 0; at < input.length && !enough(); at += piece) {
    const end = Math.min(input.length, at + piece);
    stream.push(input.subarray(at, end), last && end === input.length);
  }
}

/**
 * The first `n` decompressed bytes (fewer if the stream is shorter or corrupt), reading at most
 * 1 MiB of input: enough to tell a wrapped pickle from a gzipped CSV before inflating it all.
 */
export async function decompressHead(codec: Codec, src: ByteSource, start: number, len: number, n: number): Promise<Uint8Array> {
  const inputLen = Math.min(len, 1 << 20);
  const sink = cappedSink(n);
  try {
    if (isStreamCodec(codec)) {
      const stream = streamFor(codec, (c) => sink.push(c));
      // Small pieces, stopping once the head is there: one push of a 1 MiB bomb inflated ~1 GB at once.
      pushInPieces(stream, await src.read(start, inputLen), HEAD_PIECE, inputLen === len, () => sink.total >= n);
    } else if (codec === 'xz') {
      const XzReadableStream = await loadXz();
      const reader = new XzReadableStream(new Blob([(await src.read(start, inputLen)).slice()]).stream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          sink.push(value);
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } else if (codec === 'bzip2') (require('seek-bzip') as BunzipModule).decode(await src.read(start, inputLen), sink, true);
    else decodeLzmaAlone(await src.read(start, inputLen), sink);
  } catch (e) {
    // Cap reached, or the input was cut short on purpose: what came out so far is the head. A
    // refused window is no head at all: the caller says why.
    if (e instanceof WindowLimitError) throw e;
  }
  return sink.partial(n);
}

/**
 * Decompresses `len` bytes at `start` of `src` into memory, refusing output over `cap` bytes
 * (decompression bombs, or members too large to scan in memory: the caller reports them as
 * inconclusive). zstd, bzip2, xz and lzma use pure-JS/WASM decoders, so nothing native is loaded.
 */
export async function decompress(codec: Codec, src: ByteSource, start: number, len: number, cap: number, maxInput = 512 * 1024 * 1024): Promise<Uint8Array> {
  if (isStreamCodec(codec)) return viaStream(codec, src, start, len, cap);
  if (len > maxInput) throw new LimitError(`${codec} input of ${len} bytes is over the ${maxInput}-byte limit for in-memory decoders`);
  const bytes = await src.read(start, len);
  if (codec === 'xz') return viaXz(bytes, cap);
  const sink = cappedSink(cap);
  try {
    if (codec === 'bzip2') (require('seek-bzip') as BunzipModule).decode(bytes, sink, true);
    else decodeLzmaAlone(bytes, sink);
  } catch (e) {
    if (e instanceof LimitError) throw e;
    throw new DecompressError(`${codec} data is corrupt: ${e instanceof Error ? e.message : String(e)}`);
  }
  return sink.result();
}
