import { spawnSync } from 'node:child_process';
import { compressionRegistry, CompressionType, Message, RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatch } from 'apache-arrow';
import { messageHead } from '../readers/arrow-messages.js';

/**
 * Arrow IPC with really compressed bodies, laid out as the columnar format's BodyCompression says
 * (and as pyarrow writes them): each buffer is the int64 little-endian UNCOMPRESSED length, then the
 * LZ4 or zstd frame (or -1, then the bytes as they are, when compressing did not make them smaller).
 *
 * apache-arrow's JS writer (21.x) frames the bodies but writes the frame's own, compressed length in
 * that prefix (ipc/writer `_compressBodyBuffers`; fixed upstream in apache/arrow-js#470), which
 * pyarrow and this reader refuse. So its output is kept (buffer regions, padding, footer blocks
 * are right) and only the prefixes are set to the length each buffer had before it was compressed.
 * The frames come from the `lz4` and `zstd` tools: liblz4's and libzstd's frames, the libraries
 * pyarrow's codecs call.
 */

export type IpcCodec = CompressionType.LZ4_FRAME | CompressionType.ZSTD;

/** One buffer through the codec's command-line tool. */
function frame(codec: IpcCodec, data: Uint8Array): Uint8Array {
  const tool = codec === CompressionType.ZSTD ? 'zstd' : 'lz4';
  const r = spawnSync(tool, ['-c', '-q'], { input: data, maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw new Error(`${tool} (needed to write compressed Arrow IPC) failed: ${r.error?.message ?? r.stderr}`);
  return new Uint8Array(r.stdout);
}

/** Where each message of a stream (or of a file, past its magic) starts, its kind, where its body starts and how long it is. */
export function ipcMessagesOf(bytes: Uint8Array): { at: number; type?: number; metaAt: number; metaLen: number; bodyAt: number; body: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { at: number; type?: number; metaAt: number; metaLen: number; bodyAt: number; body: number }[] = [];
  for (let pos = bytes[0] === 0x41 ? 8 : 0; pos + 8 <= bytes.length && view.getUint32(pos, true) === 0xffffffff; ) {
    const metaLen = view.getInt32(pos + 4, true);
    if (metaLen <= 0) break;
    const head = messageHead(bytes.subarray(pos + 8, pos + 8 + metaLen));
    out.push({ at: pos, type: head.type, metaAt: pos + 8, metaLen, bodyAt: pos + 8 + metaLen, body: head.bodyLength });
    pos += 8 + metaLen + head.bodyLength;
  }
  return out;
}

/**
 * `batches` as an Arrow stream (or a file, `format: 'file'`) compressed with `codec`, spec-conformant.
 * `prefixes: 'apache-arrow'` keeps the JS writer's compressed-length prefixes (files as it writes them).
 * Returns the bytes and how many buffers hold a compressed frame.
 */
export function compressedIpc(batches: RecordBatch[], codec: IpcCodec, format: 'stream' | 'file', prefixes: 'spec' | 'apache-arrow' = 'spec'): { bytes: Uint8Array; framed: number } {
  const previous = compressionRegistry.get(codec);
  // Each frame written, with the size of what it holds (the writer does not encode in body order; the same input gives the same frame).
  const sizes = new Map<string, number>();
  compressionRegistry.set(codec, {
    ...previous,
    encode(data: Uint8Array) {
      const out = frame(codec, data);
      sizes.set(Buffer.from(out).toString('base64'), data.length);
      return out;
    },
  });
  let bytes: Uint8Array;
  try {
    bytes = (format === 'file' ? RecordBatchFileWriter : RecordBatchStreamWriter).writeAll(batches, { compressionType: codec }).toUint8Array(true);
  } finally {
    if (previous) compressionRegistry.set(codec, previous);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let framed = 0;
  for (const m of ipcMessagesOf(bytes)) {
    const message = Message.decode(bytes.subarray(m.metaAt, m.metaAt + m.metaLen));
    const header = message.isRecordBatch() ? message.header() : message.isDictionaryBatch() ? message.header().data : undefined;
    if (!header) continue;
    for (const { offset, length } of header.buffers) {
      const at = m.bodyAt + offset;
      if (length === 0 || view.getBigInt64(at, true) === -1n) continue;
      const before = sizes.get(Buffer.from(bytes.subarray(at + 8, at + length)).toString('base64'));
      if (before === undefined) throw new Error(`buffer at byte ${at} is not a frame the codec wrote`);
      framed++;
      if (prefixes === 'spec') view.setBigInt64(at, BigInt(before), true);
    }
  }
  return { bytes, framed };
}
