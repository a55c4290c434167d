/**
 * How an Arrow IPC file or stream opens (Feather v2, Hugging Face `datasets` shards): asked by the
 * dataset inventory and the data inspector's classifier, neither of which loads a reader for it.
 */

export const FILE_MAGIC = 'ARROW1';
/** Marks each message of the stream format (and of the file format since Arrow 0.15). */
export const CONTINUATION = 0xffffffff;
/** Largest metadata flatbuffer (schemas with long custom metadata, such as Hugging Face's features, stay far below). */
export const MAX_METADATA_BYTES = 16 << 20;

/** Whether the first bytes are an Arrow IPC file (`ARROW1`). */
export function isArrowFile(head: Uint8Array): boolean {
  return head.length >= 6 && Buffer.from(head.buffer, head.byteOffset, 6).toString('latin1') === FILE_MAGIC;
}

/**
 * Whether the first bytes can open an Arrow IPC stream: a continuation marker, then a positive
 * metadata length (one over MAX_METADATA_BYTES still names the file as Arrow: the reader then says
 * why it cannot be read).
 */
export function mayBeArrowStream(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return view.getUint32(0, true) === CONTINUATION && view.getInt32(4, true) > 0;
}
