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

/** A `Message`'s header type (the IPC format's `MessageHeader` union). */
export const SCHEMA = 1;
export const DICTIONARY_BATCH = 2;
export const RECORD_BATCH = 3;

/**
 * What a message's metadata says of it, past its body length (which frames the stream, and throws
 * when it cannot be read): its header type, a record batch's row count, a dictionary batch's id.
 * These only name what is left out, so a field that cannot be read is left undefined.
 */
export interface MessageHead {
  bodyLength: number;
  type?: number;
  /** A record batch's declared rows (or a dictionary batch's values). */
  rows?: number;
  dictionaryId?: number;
}

export function messageHead(meta: Uint8Array): MessageHead {
  const head: MessageHead = { bodyLength: messageBodyLength(meta) };
  try {
    const fb = new FlatBuffer(meta, 'Arrow message metadata');
    const root = fb.root();
    const typeAt = fb.field(root, 1);
    const headerAt = fb.field(root, 2);
    if (typeAt < 0 || headerAt < 0) return head;
    head.type = fb.uint8(typeAt, 'header type');
    const header = fb.table(headerAt, 'header');
    // RecordBatch: length (field 0). DictionaryBatch: id (field 0), data (field 1, a RecordBatch).
    const batch = head.type === DICTIONARY_BATCH ? (fb.field(header, 1) < 0 ? -1 : fb.table(fb.field(header, 1), 'dictionary data')) : header;
    if (head.type === DICTIONARY_BATCH) {
      const id = fb.field(header, 0);
      head.dictionaryId = id < 0 ? 0 : fb.int64(id, 'dictionary id');
    }
    if (head.type === DICTIONARY_BATCH || head.type === RECORD_BATCH) {
      const length = batch < 0 ? -1 : fb.field(batch, 0);
      if (batch >= 0) head.rows = length < 0 ? 0 : fb.int64(length, 'row count');
    }
  } catch {
    // Named without them.
  }
  return head;
}

/** One message of a stream (or a file's block), whole, with where it starts and what it says of itself. */
export interface IpcMessage {
  at: number;
  bytes: Uint8Array;
  head: MessageHead;
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
export async function fileBlocks(fh: FileHandle, size: number): Promise<{ dictionaries: Block[]; recordBatches: Block[]; footer: Uint8Array }> {
  if (size < 18) throw new Error(`Arrow file of ${size} bytes is too short for a footer (truncated?)`);
  const tail = await readExactly(fh, size - 10, 10, 'its footer');
  const footerLen = new DataView(tail.buffer).getInt32(0, true);
  if (!isArrowFile(tail.subarray(4))) throw new Error('Arrow file does not end with ARROW1 (truncated?)');
  if (footerLen <= 0 || footerLen > MAX_METADATA_BYTES || footerLen > size - 18) throw new Error(`Arrow file footer declares ${footerLen} bytes, which the file cannot hold (the limit is ${mib(MAX_METADATA_BYTES)})`);
  const footerStart = size - 10 - footerLen;
  const footer = await readExactly(fh, footerStart, footerLen, 'its footer');
  const fb = new FlatBuffer(footer, 'Arrow file footer');
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
  return { dictionaries: blocks(2), recordBatches: blocks(3), footer };
}

/**
 * The messages of the blocks a file's footer lists (dictionaries first, then record batches, each
 * read whole with one read), as a stream would hold them. A block whose own framing does not match
 * what the footer says of it (a metadata length, a body length) is yielded as `broken`: it is not
 * handed to the decoder, whose reading of the messages after it would then be misaligned.
 */
export async function* fileMessages(fh: FileHandle, blocks: readonly Block[]): AsyncGenerator<IpcMessage | { at: number; broken: string }> {
  for (const b of blocks) {
    const bytes = await readExactly(fh, b.offset, b.metaDataLength + b.bodyLength, `the block at byte ${b.offset}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLen = bytes.length >= 8 && view.getUint32(0, true) === CONTINUATION ? 8 : 4;
    const metaLen = bytes.length >= headerLen ? view.getInt32(headerLen - 4, true) : -1;
    if (metaLen < 0 || headerLen + metaLen > b.metaDataLength) {
      yield { at: b.offset, broken: `its message declares ${metaLen} bytes of metadata where the footer gives ${b.metaDataLength - headerLen}` };
      continue;
    }
    let head: MessageHead;
    try {
      head = messageHead(bytes.subarray(headerLen, headerLen + metaLen));
    } catch (e) {
      yield { at: b.offset, broken: (e as Error).message };
      continue;
    }
    if (head.bodyLength !== b.bodyLength) {
      yield { at: b.offset, broken: `its message declares a body of ${head.bodyLength} bytes where the footer gives ${b.bodyLength}` };
      continue;
    }
    // The decoder reads the metadata the prefix declares, then the body: padding between them is skipped.
    yield { at: b.offset, bytes: headerLen + metaLen === b.metaDataLength ? bytes : Buffer.concat([bytes.subarray(0, headerLen + metaLen), bytes.subarray(b.metaDataLength)]), head };
  }
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
export async function* ipcMessages(fh: FileHandle, size: number, read: { bytes: number }): AsyncGenerator<IpcMessage> {
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
    let head: MessageHead;
    try {
      head = messageHead(meta);
    } catch (e) {
      throw new Error(`${(e as Error).message} at byte ${pos}`, { cause: e });
    }
    const bodyLen = head.bodyLength;
    if (bodyLen > MAX_BODY_BYTES) throw new Error(`Arrow message at byte ${pos} declares a body of ${mib(bodyLen)}, over the ${mib(MAX_BODY_BYTES)} limit for one record batch; not read`);
    const start = pos + headerLen + metaLen;
    if (start + bodyLen > size) throw new Error(`Arrow message at byte ${pos} declares a body of ${bodyLen} bytes, past the end of the file (truncated?)`);
    const message = new Uint8Array(headerLen + metaLen + bodyLen);
    message.set(prefix.subarray(0, headerLen), 0);
    message.set(meta, headerLen);
    if (bodyLen) message.set(await readExactly(fh, start, bodyLen, 'a message body'), headerLen + metaLen);
    read.bytes += message.length;
    const at = pos;
    pos = start + bodyLen;
    yield { at, bytes: message, head };
  }
}
