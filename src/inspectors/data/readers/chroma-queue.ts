import { recordKey } from '../split-overlap.js';
import { leaves } from './json.js';

/**
 * Chroma's embeddings queue (`embeddings_queue`: its write-ahead log of add / update / upsert /
 * delete operations) keeps each submitted record's metadata as JSON, the document text under
 * `chroma:document`. A value the collection still holds is the same value `embedding_metadata`
 * gives, and reading it twice doubled every PII count of a Chroma store. So the collection's own
 * values are remembered as they are read (that table is read first), and the queue gives only what
 * the collection no longer holds: a document deleted or overwritten since, still in the file.
 */

/** Field prefix of what only the queue still holds. */
export const QUEUE_ONLY = 'embeddings_queue (not in the collection)';

/** At most this many values are remembered (8 bytes each in a Set): past it, a queued copy may be read again. */
const MAX_REMEMBERED = 2_000_000;

export function isChromaQueue(table: string, columns: readonly string[]): boolean {
  return table === 'embeddings_queue' && columns.includes('metadata') && columns.includes('operation');
}

/** The values a Chroma collection holds, by key, as folded-text hashes (never the text). */
export class ChromaValues {
  private readonly seen = new Set<number>();

  remember(key: string, value: string): void {
    if (this.seen.size < MAX_REMEMBERED) this.seen.add(recordKey(key + '\u0000' + value));
  }

  has(key: string, value: string): boolean {
    return this.seen.has(recordKey(key + '\u0000' + value));
  }
}

/**
 * One queue row's metadata values the collection does not hold, by field (a metadata value that is
 * no JSON object is kept whole), and then the queued record's `id` to name it; nothing when the
 * collection holds it all. The vector BLOB is numbers, not text.
 */
export function queueValues(values: readonly unknown[], columns: readonly string[], collection: ChromaValues): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const raw = values[columns.indexOf('metadata')];
  if (typeof raw !== 'string') return o;
  let meta: unknown;
  try {
    meta = JSON.parse(raw);
  } catch {
    meta = undefined;
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) o[`${QUEUE_ONLY}.metadata`] = raw;
  else {
    for (const [key, value] of Object.entries(meta as Record<string, unknown>)) {
      const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (text !== undefined && collection.has(key, text)) continue;
      for (const l of leaves(value, `${QUEUE_ONLY}.${key}`)) o[l.path] = l.value;
    }
  }
  const id = values[columns.indexOf('id')];
  if (Object.keys(o).length && (typeof id === 'string' || typeof id === 'number')) o[`${QUEUE_ONLY}.id`] = id;
  return o;
}
