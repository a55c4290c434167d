import { leaves, recordOf } from './json.js';
import { tarMembers } from './tar-members.js';
import type { DataRow } from './types.js';

/**
 * Tar shards of a training set in the WebDataset layout (LAION and most multimodal sets:
 * `00042.tar` holding `000420001.jpg`, `000420001.txt`, `000420001.json`, …): the members that share
 * a key (the path up to the first dot of the file name) are one sample, one row, and each text
 * member is a cell named by its extension (`txt`, `caption`, `cls`; a JSON member's values as
 * `json.url`, `json.caption`). Images, audio and other binary members are passed over unread.
 *
 * The tar is streamed header by header (POSIX ustar, GNU long names, pax `path` records); a member's
 * size is checked before its bytes are taken, a text member over MAX_MEMBER_BYTES is passed over and
 * said so, and a header that is not one (a bad checksum) stops the file with the byte it is at.
 */

/** Largest text member read (a caption, a JSON of metadata, a document). */
export const MAX_MEMBER_BYTES = 16 << 20;
/** Members read as text, by the extension WebDataset gives them. */
const TEXT = new Set(['txt', 'text', 'caption', 'cls', 'cls2', 'json', 'md', 'html', 'htm', 'vtt', 'srt', 'transcript', 'prompt', 'response', 'label']);

/** A member's sample key and extension: `a/b/000042.seg.txt` → `a/b/000042` and `seg.txt`. */
export function keyOf(path: string): { key: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dot = path.indexOf('.', slash + 1);
  return dot < 0 ? { key: path, ext: '' } : { key: path.slice(0, dot), ext: path.slice(dot + 1).toLowerCase() };
}

/** Whether WebDataset reads a member of this extension (`seg.txt` → `txt`) as a sample's text. */
export function isSampleText(ext: string): boolean {
  return TEXT.has(ext.slice(ext.lastIndexOf('.') + 1));
}

/** Members that are data files of their own rather than sample text (read apart: `archive.ts`). */
const DATA_MEMBER = /\.(?:csv|tsv|psv|jsonl|ndjson|parquet|sqlite3?|db|xlsx|xlsm|xls|docx|pptx|odt|ods|odp|fodt|fods|fodp|pdf|arrow|feather|avro|ipynb|pkl|pickle)(?:\.gz|\.zst|\.bz2|\.xz)?$/i;

/**
 * Reads a tar byte stream's samples as rows, `maxRows` at most; `problems` collects members passed
 * over, `seen.dataMembers` counts the members that are data files of their own.
 */
export async function* readWebDataset(chunks: AsyncIterable<Uint8Array>, status: { rows: number; truncated: boolean }, maxRows: number, problems: string[], seen: { dataMembers: number } = { dataMembers: 0 }): AsyncGenerator<DataRow> {
  let key: string | undefined;
  let sample: Record<string, unknown> = {};
  let row = 0;
  const emit = (): DataRow | undefined => {
    const ls = leaves(sample, '', [], 0);
    sample = {};
    if (!ls.length) return undefined;
    return { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: false })), record: recordOf(ls) };
  };
  // A sample read before a broken header still counts: it is handed on before the error.
  let failure: Error | undefined;
  const members = tarMembers(chunks, (name, size) => isSampleText(keyOf(name).ext) && size <= MAX_MEMBER_BYTES);
  try {
    for await (const m of members) {
      const { key: k, ext } = keyOf(m.name);
      if (k !== key) {
        if (key !== undefined) {
          const out = emit();
          if (out) yield out;
        }
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        key = k;
        status.rows = ++row;
      }
      if (m.body) {
        const text = Buffer.from(m.body).toString('utf8');
        if (ext.endsWith('json')) {
          try {
            sample[ext] = JSON.parse(text) as unknown;
          } catch {
            sample[ext] = text;
          }
        } else sample[ext] = text;
      } else if (isSampleText(ext)) problems.push(`tar member ${m.name} is ${m.size} bytes, over the ${MAX_MEMBER_BYTES >> 20} MiB read per member; not read`);
      else if (DATA_MEMBER.test(m.name)) seen.dataMembers++;
    }
  } catch (e) {
    failure = e as Error;
  }
  if (key !== undefined) {
    const out = emit();
    if (out) yield out;
  }
  if (failure) throw failure;
}
