import { Lz4FrameStream } from '../../../core/index.js';

/**
 * Compressed bytes pushed to the decoder at a time: LZ4 expands at most ~255 times, so one slice
 * is at most ~16 MiB of output in memory before it is handed on.
 */
const LZ4_SLICE = 64 * 1024;

/**
 * A `.lz4` stream (LZ4 frames: python-lz4, joblib's `compress='lz4'`, the `lz4` command) decoded by
 * core's `Lz4FrameStream`, streaming: the output of each 64 KiB of input is handed on before more
 * is read (the byte budget stops the file as for any other codec). Corrupt or truncated data throws.
 */
export async function* lz4Chunks(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let out: Uint8Array[] = [];
  const d = new Lz4FrameStream((c) => out.push(c));
  const flush = function* () {
    for (const o of out) yield Buffer.from(o.buffer, o.byteOffset, o.byteLength);
    out = [];
  };
  for await (const c of raw) {
    for (let i = 0; i < c.length; i += LZ4_SLICE) {
      d.push(c.subarray(i, i + LZ4_SLICE));
      yield* flush();
    }
  }
  d.push(new Uint8Array(0), true);
  yield* flush();
}
