import type { FileHandle } from 'node:fs/promises';
import type { RecordBatch, Schema, Vector } from 'apache-arrow';
import { isArrowFile } from '../../../core/index.js';
import { DICTIONARY_BATCH, END_OF_STREAM, fileBlocks, fileMessages, ipcMessages, type IpcMessage } from './arrow-messages.js';

type ArrowModule = typeof import('apache-arrow');

const NOTHING = new Uint8Array(0);

/**
 * The record batches of an Arrow IPC file or stream, read past the messages that do not decode.
 * apache-arrow decodes a stream of whole messages handed to it one at a time ({@link ipcMessages}
 * for a stream, {@link fileMessages} for the blocks a file's footer lists, after a schema message
 * made from the footer's schema). When it fails on one (a body or a compressed buffer that does not
 * decode, metadata it cannot read), that message is left out and a fresh decoder goes on with the
 * next, given the schema again and the dictionaries read so far: the framing is ours, checked
 * before the decoder sees a byte, so the next message starts where the last one's body ends. A
 * framing that does not hold (a metadata length, a body length that cannot be read or runs past the
 * file) stops the read, as it did before: nothing after it can be found.
 *
 * A dictionary batch that does not decode leaves its columns without values: they are left out
 * of the batches after it (`lost`, the dictionary ids not read) and an empty dictionary stands in
 * for it, so the other columns of those batches still decode.
 */

export type BatchItem =
  | { batch: RecordBatch; at: number; body: number; lost?: ReadonlySet<number> }
  | { leftOut: 'batch'; at: number; rows?: number; body: number; why: string }
  | { leftOut: 'dictionary'; at: number; id?: number; columns: string[]; why: string };

/** The file's batches (its footer checked by `fileBlocks`) or the stream's. `read` counts the bytes read. */
export async function* recordBatches(m: ArrowModule, fh: FileHandle, size: number, read: { bytes: number }): AsyncGenerator<BatchItem> {
  const head = new Uint8Array(8);
  await fh.read(head, 0, 8, 0);
  if (isArrowFile(head)) {
    const { dictionaries, recordBatches, footer } = await fileBlocks(fh, size);
    read.bytes = dictionaries.concat(recordBatches).reduce((a, b) => a + b.metaDataLength + b.bodyLength, 0);
    // The footer's schema, as the message a stream opens with (a file need not hold one: apache-arrow's writer does not).
    const { Footer } = await import('apache-arrow/ipc/metadata/file');
    yield* decoded(m, framed(m.Message.encode(m.Message.from(Footer.decode(footer).schema))), fileMessages(fh, [...dictionaries, ...recordBatches]));
    return;
  }
  const messages = ipcMessages(fh, size, read);
  const first = await messages.next();
  if (first.done) return;
  yield* decoded(m, first.value.bytes, messages);
}

/** A message's metadata as the stream holds it: the continuation marker, its length, the flatbuffer padded to 8 bytes. */
function framed(meta: Uint8Array): Uint8Array {
  const len = (meta.length + 7) & ~7;
  const out = new Uint8Array(8 + len);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xffffffff, true);
  view.setInt32(4, len, true);
  out.set(meta, 8);
  return out;
}

async function* decoded(m: ArrowModule, schemaMessage: Uint8Array, source: AsyncIterator<IpcMessage | { at: number; broken: string }>): AsyncGenerator<BatchItem> {
  // Dictionaries read so far, handed to each fresh decoder; ids whose dictionary did not decode.
  let carried: Map<number, Vector> | undefined;
  const lost = new Set<number>();
  // Blocks left out before the decoder saw them (a file's block that does not match its footer).
  const pending: BatchItem[] = [];
  for (;;) {
    let current: IpcMessage | undefined;
    let framing: { error: unknown } | undefined;
    const feed = async function* (): AsyncGenerator<Uint8Array> {
      yield schemaMessage;
      for (;;) {
        let r: IteratorResult<IpcMessage | { at: number; broken: string }>;
        try {
          r = await source.next();
        } catch (e) {
          framing = { error: e };
          throw e;
        }
        if (r.done) break;
        if ('broken' in r.value) {
          pending.push({ leftOut: 'batch', at: r.value.at, body: 0, why: r.value.broken });
          continue;
        }
        current = r.value;
        // A dictionary sent again in full replaces the one that did not decode.
        if (current.head.type === DICTIONARY_BATCH && current.head.dictionaryId !== undefined) lost.delete(current.head.dictionaryId);
        yield current.bytes;
        // apache-arrow's byte queue asks for the next piece when a read takes all it holds (each
        // message's last read): given this empty one, it asks for the next message only when it
        // starts on it, after this one decoded — so `current` is the message a batch or a failure
        // comes from.
        yield NOTHING;
      }
      current = undefined;
      yield END_OF_STREAM;
    };
    const reader = await m.RecordBatchReader.from(feed());
    await reader.open();
    if (carried) for (const [id, v] of carried) reader.dictionaries.set(id, v);
    try {
      for await (const batch of reader) {
        yield* pending.splice(0);
        yield { batch, at: current?.at ?? 0, body: current?.head.bodyLength ?? 0, ...(lost.size ? { lost: new Set(lost) } : {}) };
      }
      yield* pending.splice(0);
      return;
    } catch (e) {
      if (framing || !current) throw framing?.error ?? e;
      const failed = current;
      const why = (e as Error).message?.split('\n')[0] ?? String(e);
      carried = new Map(reader.dictionaries);
      yield* pending.splice(0);
      if (failed.head.type === DICTIONARY_BATCH) {
        const id = failed.head.dictionaryId;
        if (id !== undefined) {
          lost.add(id);
          const stand = emptyDictionary(m, reader.schema, id);
          if (stand) carried.set(id, stand);
        }
        yield { leftOut: 'dictionary', at: failed.at, id, columns: id === undefined ? [] : columnsUsing(m, reader.schema, id), why };
      } else {
        yield { leftOut: 'batch', at: failed.at, rows: failed.head.rows, body: failed.head.bodyLength, why };
      }
    }
  }
}

/** An empty vector of dictionary `id`'s value type: the batches after a dictionary that did not decode still decode. */
function emptyDictionary(m: ArrowModule, schema: Schema, id: number): Vector | undefined {
  const type = schema.dictionaries.get(id);
  if (!type) return undefined;
  try {
    return new m.Vector([m.makeData({ type, length: 0 } as never)]);
  } catch {
    return undefined;
  }
}

interface TypeTree {
  typeId: number;
  id?: number;
  children?: { type: TypeTree }[];
  dictionary?: TypeTree;
}

/** Whether a column's type reads values from one of the dictionaries `ids`, at any depth. */
export function usesDictionary(m: ArrowModule, type: TypeTree, ids: ReadonlySet<number>, depth = 0): boolean {
  if (depth > 64) return false;
  if (type.typeId === m.Type.Dictionary && type.id !== undefined && ids.has(type.id)) return true;
  if (type.dictionary && usesDictionary(m, type.dictionary, ids, depth + 1)) return true;
  return (type.children ?? []).some((c) => usesDictionary(m, c.type, ids, depth + 1));
}

function columnsUsing(m: ArrowModule, schema: Schema, id: number): string[] {
  const ids = new Set([id]);
  return schema.fields.filter((f) => usesDictionary(m, f.type as TypeTree, ids)).map((f) => f.name);
}
