import type { FileHandle } from 'node:fs/promises';
import { MAX_BUFFER_BYTES } from './arrow-codecs.js';
import { mib } from './parquet-codecs.js';
import { FlatBuffer } from './arrow-flatbuffer.js';
import { CONTINUATION, isArrowFile, MAX_METADATA_BYTES } from '../../../core/index.js';

/**
 * The messages of an Arrow IPC file or stream, read one at a time with their sizes checked before
 * anything is allocated for them. Arrow's own reader trusts a message's declared body length; a
 * crafted 20-byte file claiming a 1 TB body must be turned away here, not by running out of memory.
 *
 * Layout (the IPC format): in the stream format every message is a continuation marker 0xFFFFFFFF
 * (absent before Arrow 0.15), an int32 metadata length, the metadata (a flatbuffer `Message`), then
 * the body; a metadata length of 0 ends the stream. The file format opens with `ARROW1\0\0` and
 * ends with a footer (a flatbuffer listing each batch's block, its length, and the magic again).
 */

/** Largest message body: one record batch's buffers, compressed or not. */
export const MAX_BODY_BYTES = MAX_BUFFER_BYTES;
/** The end-of-stream marker, handed to the decoder after the last message. */
export const END_OF_STREAM = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** The body length a `Message` flatbuffer declares (its field 3, an int64; 0 when absent). */
export function messageBodyLength(meta: Uint8Array): number {
  const fb = new FlatBuffer(meta, 'Arrow message metadata');
  const at = fb.field(fb.root(), 3);
  return at < 0 ? 0 : fb.int64(at, 'body length');
}

/** One record batch or dictionary as the file format's footer lists it. */
export interface Block {
  offset: number;
  metaDataLength: number;
  bodyLength: number;
}

/**
 * The file format's footer, read and checked: its dictionaries' and record batches' blocks must
 * lie inside the file before the footer, with metadata and bodies within the limits a stream's
 * messages are held to. Arrow's file reader then reads exactly these blocks.
 */
export async function fileBlocks(fh: FileHandle, size: number): Promise<{ dictionaries: Block[]; recordBatches: Block[] }> {
  if (size < 18) throw new Error(`Arrow file of ${size} bytes is too short for a footer (truncated?)`);
  const tail = await readExactly(fh, size - 10, 10, 'its footer');
  const footerLen = new DataView(tail.buffer).getInt32(0, true);
  if (!isArrowFile(tail.subarray(4))) throw new Error('Arrow file does not end with ARROW1 (truncated?)');
  if (footerLen <= 0 || footerLen > MAX_METADATA_BYTES || footerLen > size - 18) throw new Error(`Arrow file footer declares ${footerLen} bytes, which the file cannot hold (the limit is ${mib(MAX_METADATA_BYTES)})`);
  const footerStart = size - 10 - footerLen;
  const fb = new FlatBuffer(await readExactly(fh, footerStart, footerLen, 'its footer'), 'Arrow file footer');
  const root = fb.root();
  const blocks = (index: number): Block[] => {
    const field = fb.field(root, index);
    if (field < 0) return [];
    const { start, length } = fb.vector(field, 24, 'block list');
    const out: Block[] = [];
    for (let k = 0; k < length; k++) {
      const at = start + 24 * k;
      const b = { offset: fb.int64(at, 'block offset'), metaDataLength: fb.int32(at + 8, 'block metadata length'), bodyLength: fb.int64(at + 16, 'block body length') };
      if (b.metaDataLength <= 0 || b.metaDataLength > MAX_METADATA_BYTES) throw new Error(`Arrow file block at byte ${b.offset} declares ${b.metaDataLength} bytes of metadata (the limit is ${mib(MAX_METADATA_BYTES)})`);
      if (b.bodyLength > MAX_BODY_BYTES) throw new Error(`Arrow file block at byte ${b.offset} declares a body of ${mib(b.bodyLength)}, over the ${mib(MAX_BODY_BYTES)} limit for one record batch; not read`);
      if (b.offset + b.metaDataLength + b.bodyLength > footerStart) throw new Error(`Arrow file block at byte ${b.offset} runs past the footer (truncated?)`);
      out.push(b);
    }
    return out;
  };
  return { dictionaries: blocks(2), recordBatches: blocks(3) };
}

/** Reads exactly `length` bytes at `position`, or fails naming what was cut. */
async function readExactly(fh: FileHandle, position: number, length: number, what: string): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (!bytesRead) throw new Error(`Arrow file ends inside ${what} (byte ${position + got} of the ${length} bytes it needs from byte ${position}; truncated?)`);
    got += bytesRead;
  }
  return buf;
}

/**
 * Yields each message of a stream whole (marker, length, metadata, body, as in the file), in
 * order, and stops at the end-of-stream marker or the end of the file. `read` counts the bytes
 * read, for the scan's status.
 */
export async function* ipcMessages(fh: FileHandle, size: number, read: { bytes: number }): AsyncGenerator<Uint8Array> {
  let pos = 0;
  while (pos + 4 <= size) {
    const prefix = await readExactly(fh, pos, Math.min(8, size - pos), 'a message header');
    const view = new DataView(prefix.buffer);
    const marked = view.getUint32(0, true) === CONTINUATION;
    if (marked && prefix.length < 8) break;
    const metaLen = marked ? view.getInt32(4, true) : view.getInt32(0, true);
    const headerLen = marked ? 8 : 4;
    if (metaLen === 0) return;
    if (metaLen < 0 || metaLen > MAX_METADATA_BYTES) throw new Error(`Arrow message at byte ${pos} declares ${metaLen} bytes of metadata (the limit is ${mib(MAX_METADATA_BYTES)}); not a readable Arrow stream`);
    if (pos + headerLen + metaLen > size) throw new Error(`Arrow message at byte ${pos} declares ${metaLen} bytes of metadata, past the end of the file (truncated?)`);
    const meta = await readExactly(fh, pos + headerLen, metaLen, 'message metadata');
    let bodyLen: number;
    try {
      bodyLen = messageBodyLength(meta);
    } catch (e) {
      throw new Error(`${(e as Error).message} at byte ${pos}`, { cause: e });
    }
    if (bodyLen > MAX_BODY_BYTES) throw new Error(`Arrow message at byte ${pos} declares a body of ${mib(bodyLen)}, over the ${mib(MAX_BODY_BYTES)} limit for one record batch; not read`);
    const start = pos + headerLen + metaLen;
    if (start + bodyLen > size) throw new Error(`Arrow message at byte ${pos} declares a body of ${bodyLen} bytes, past the end of the file (truncated?)`);
    const message = new Uint8Array(headerLen + metaLen + bodyLen);
    message.set(prefix.subarray(0, headerLen), 0);
    message.set(meta, headerLen);
    if (bodyLen) message.set(await readExactly(fh, start, bodyLen, 'a message body'), headerLen + metaLen);
    read.bytes += message.length;
    pos = start + bodyLen;
    yield message;
  }
}
