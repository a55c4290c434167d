import { createRequire } from 'node:module';
import type { CappedSink } from './capped-sink.js';

const require = createRequire(import.meta.url);

interface ByteInput {
  readByte(): number;
  read(buf: Uint8Array, off: number, len: number): number;
  eof(): boolean;
}
interface LzmaDecoder {
  setDecoderPropertiesFromStream(s: ByteInput): boolean;
  code(input: ByteInput, output: CappedSink, outSize: number): boolean;
  /** lzma-purejs's output window: it holds up to a dictionary's worth of output until it fills or the stream ends. */
  _outWindow: { flush(): void };
}
interface LzmaModule {
  LZMA: { Decoder: new () => LzmaDecoder };
}

/** An LZMA-alone stream that read past its last byte: cut short, or not LZMA at all. */
export class LzmaInputEnded extends Error {
  constructor() {
    super('the lzma stream ends before its end marker (cut short or corrupt)');
  }
}

/** Header bytes: properties (1), dictionary size (4), uncompressed size (8); then the range coder's first byte, always 0. */
const HEADER = 13;
/** lc + lp·9 + pb·45 with lc ≤ 8, lp ≤ 4, pb ≤ 4. */
const MAX_PROPERTIES = 9 * 5 * 5;
/** The largest dictionary xz and the LZMA SDK write (1.5 GiB). */
const MAX_DICTIONARY = 1536 * 1024 * 1024;

/**
 * The output window for a header's dictionary size when at most `cap` bytes will be kept: a match
 * reaches no further back than the output so far, so a window past the cap is never used (and
 * lzma-purejs allocates all of it up front); never past 1.5 GiB, nor under lzma-purejs's 4 KiB.
 */
export function lzmaWindow(dictionary: number, cap: number): number {
  return Math.max(4096, Math.min(dictionary, MAX_DICTIONARY, cap + 1));
}

/** Reads `bytes`; a read past the end throws LzmaInputEnded (lzma-purejs's own stream returns -1 and decodes on). */
function strictInput(bytes: Uint8Array, from: number): ByteInput {
  let pos = from;
  return {
    readByte() {
      if (pos >= bytes.length) throw new LzmaInputEnded();
      return bytes[pos++]!;
    },
    read(buf, off, len) {
      const n = Math.min(len, bytes.length - pos);
      buf.set(bytes.subarray(pos, pos + n), off);
      pos += n;
      return n;
    },
    eof: () => pos >= bytes.length,
  };
}

/**
 * Decodes a legacy `.lzma` ("LZMA alone") stream into `sink` with lzma-purejs's decoder (pure JS),
 * guarded where it trusts its input:
 * - it feeds -1 for every byte past the input's end and decodes on, so a truncated stream with no
 *   size in its header made output until the sink's cap (a truncated joblib file was "over
 *   128 MiB"): here a read past the end throws LzmaInputEnded, after what was decoded so far is
 *   handed to the sink (its output window holds up to a dictionary's worth until it fills);
 * - it allocates the header's dictionary size up front (4 GiB for `ff ff ff ff`): the window is
 *   capped at the sink's cap (a match can reach no further back than the output so far) and at
 *   1.5 GiB, the largest dictionary encoders write;
 * - a header no encoder writes (properties past 224, a range coder whose first byte is not 0) is
 *   refused before decoding. Other corrupt data throws an Error.
 */
export function decodeLzmaAlone(input: Uint8Array, sink: CappedSink): void {
  if (input.length < HEADER + 5 || input[0]! >= MAX_PROPERTIES || input[HEADER] !== 0) throw new Error('lzma data is corrupt: not an LZMA-alone header');
  const view = new DataView(input.buffer, input.byteOffset, HEADER);
  const dictionary = lzmaWindow(view.getUint32(1, true), sink.cap);
  const props = new Uint8Array([input[0]!, 0, 0, 0, 0]);
  new DataView(props.buffer).setUint32(1, dictionary, true);
  const lo = view.getUint32(5, true);
  const hi = view.getUint32(9, true);
  // All ones: the size is not known and the stream ends with an end marker (as lzma-purejs reads it: sizes past 2^53 stream too).
  const outSize = (lo === 0xffffffff && hi === 0xffffffff) || hi >= 0x200000 ? -1 : hi * 0x100000000 + lo;
  const { LZMA } = require('lzma-purejs') as LzmaModule;
  const decoder = new LZMA.Decoder();
  if (!decoder.setDecoderPropertiesFromStream(strictInput(props, 0))) throw new Error('lzma data is corrupt: bad properties');
  let ok: boolean;
  try {
    ok = decoder.code(strictInput(input, HEADER), sink, outSize);
  } catch (e) {
    if (e instanceof LzmaInputEnded) decoder._outWindow.flush();
    if (e instanceof Error) throw e;
    // lzma-purejs throws strings.
    throw new Error(`lzma data is corrupt: ${String(e)}`, { cause: e });
  }
  if (!ok) throw new Error('lzma data is corrupt: error in the data stream');
}
