import { createRequire } from 'node:module';
import { loadXzStream } from './xz-stream.js';
import { crc32, inflateRawSync } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { snappyUncompress } from 'hyparquet';
import { CappedSink, ZstdWindowGuard } from '../../../core/index.js';
import { mib } from './parquet-codecs.js';

/**
 * The block codecs of Avro object container files: `null`, `deflate` (raw deflate, RFC 1951),
 * `snappy` (a Snappy block, then the big-endian CRC-32 of what it holds) and `zstandard`. A block
 * does not say how large it is uncompressed: every codec stops at `MAX_BLOCK_BYTES` (a block that
 * would inflate past it fails, named), and a zstd frame asking for a window over zstd's own limit
 * is refused before fzstd allocates it. `bzip2` (seek-bzip) and `xz` (xz-decompress), which Java's
 * and Python's writers offer, are pure-JS / WASM decoders the model inspector already uses.
 */

/** Largest block read, compressed or not (Avro writers flush blocks at 16 to 64 KiB by default). */
export const MAX_BLOCK_BYTES = 256 << 20;

export type AvroCodec = (block: Uint8Array) => Uint8Array | Promise<Uint8Array>;

const CODECS: Record<string, AvroCodec> = {
  null: (b) => b,
  deflate,
  snappy,
  zstandard,
  bzip2,
  xz,
};

/** The decompressor of a file's `avro.codec`; throws for one that is not read. */
export function avroCodec(name: string): AvroCodec {
  const c = Object.hasOwn(CODECS, name) ? CODECS[name] : undefined;
  if (!c) throw new Error(`codec "${name.slice(0, 40)}" is not read (null, deflate, snappy, zstandard, bzip2 and xz are); no rows read`);
  return c;
}

function deflate(block: Uint8Array): Uint8Array {
  try {
    return inflateRawSync(block, { maxOutputLength: MAX_BLOCK_BYTES });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`deflate block inflates past ${mib(MAX_BLOCK_BYTES)} (decompression stopped there)`, { cause: e });
    throw new Error(`deflate block is corrupt (${(e as Error).message})`, { cause: e });
  }
}

function snappy(block: Uint8Array): Uint8Array {
  if (block.length < 5) throw new Error('snappy block is shorter than its checksum');
  const body = block.subarray(0, block.length - 4);
  // The uncompressed length leads the Snappy block (a varint): checked before it is allocated.
  let n = 0;
  for (let i = 0, mul = 1; ; i++, mul *= 128) {
    if (i >= 5 || i >= body.length) throw new Error('snappy block has no valid length');
    n += (body[i]! & 0x7f) * mul;
    if (body[i]! < 0x80) break;
  }
  if (n > MAX_BLOCK_BYTES) throw new Error(`snappy block claims ${mib(n)} uncompressed, over the ${mib(MAX_BLOCK_BYTES)} read per block`);
  const out = new Uint8Array(n);
  try {
    snappyUncompress(body, out);
  } catch (e) {
    throw new Error(`snappy block is corrupt (${(e as Error).message})`, { cause: e });
  }
  const want = new DataView(block.buffer, block.byteOffset + block.length - 4, 4).getUint32(0, false);
  if (crc32(out) !== want) throw new Error('snappy block fails its CRC-32 check (corrupt)');
  return out;
}

class TooLarge extends Error {}

function zstandard(block: Uint8Array): Uint8Array {
  new ZstdWindowGuard().feed(block);
  const parts: Uint8Array[] = [];
  let total = 0;
  const d = new ZstdDecompress((chunk) => {
    total += chunk.length;
    if (total > MAX_BLOCK_BYTES) throw new TooLarge();
    parts.push(chunk);
  });
  try {
    d.push(block, true);
  } catch (e) {
    if (e instanceof TooLarge) throw new Error(`zstandard block inflates past ${mib(MAX_BLOCK_BYTES)} (decompression stopped there)`, { cause: e });
    throw new Error(`zstandard block is corrupt (${(e as Error).message})`, { cause: e });
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Decompressed output refused past MAX_BLOCK_BYTES (seek-bzip writes a byte at a time; core's CappedSink). */
function blockOutput(): CappedSink {
  return new CappedSink(MAX_BLOCK_BYTES, () => new TooLarge());
}

const require = createRequire(import.meta.url);

/** A bzip2 stream (the whole block), through seek-bzip. */
function bzip2(block: Uint8Array): Uint8Array {
  const out = blockOutput();
  try {
    (require('seek-bzip') as { decode(input: Uint8Array, output: CappedSink): void }).decode(block, out);
  } catch (e) {
    if (e instanceof TooLarge) throw new Error(`bzip2 block inflates past ${mib(MAX_BLOCK_BYTES)} (decompression stopped there)`, { cause: e });
    throw new Error(`bzip2 block is corrupt (${(e as Error).message ?? String(e)})`, { cause: e });
  }
  return out.result();
}

/** An xz stream (the whole block), through xz-decompress. */
async function xz(block: Uint8Array): Promise<Uint8Array> {
  const Xz = await loadXzStream();
  const out = blockOutput();
  const reader = new Xz(new Blob([block.slice()]).stream()).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    if (e instanceof TooLarge) throw new Error(`xz block inflates past ${mib(MAX_BLOCK_BYTES)} (decompression stopped there)`, { cause: e });
    throw new Error(`xz block is corrupt (${(e as Error).message ?? String(e)})`, { cause: e });
  }
  return out.result();
}
