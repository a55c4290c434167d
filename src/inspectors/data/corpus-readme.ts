import { opendirSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether a README or changelog in a data folder is one of a corpus's documents rather than the
 * dataset's documentation. Beside a table (`data/README.md` next to `train.csv`) it describes the
 * data and is read for secrets only; in a folder of documents of its own kind (a RAG store built
 * from a project's Markdown: nodejs's `README.md` among `BUILDING.md`, `glossary.md`,
 * `onboarding.md`) it is one of them, and a model reads it as it reads the rest: PII and injection
 * apply. Judged from the file's folder on disk: at least two other documents of the same kind that
 * are not themselves such docs, and no table or record file beside it. Without a folder on disk
 * (an archive's member, a version from history) it stays documentation.
 */
export function amongDocuments(absPath: string | undefined, name: string): boolean {
  const kind = docKind(name);
  if (!absPath || !kind) return false;
  const dir = path.dirname(absPath);
  let seen = folders.get(dir);
  if (!seen) {
    if (folders.size >= MAX_FOLDERS) folders.clear();
    folders.set(dir, (seen = folderKinds(dir)));
  }
  return !seen.tables && (seen.docs.get(kind) ?? 0) >= 2;
}

/** What a folder holds: documents by kind (its own docs by name not counted) and whether any table. */
interface FolderKinds {
  docs: Map<string, number>;
  tables: boolean;
}

/** Folders listed so far (a corpus's files share a few folders; cleared when this many are held). */
const folders = new Map<string, FolderKinds>();
const MAX_FOLDERS = 1024;
/** Entries read from one folder: a folder of a million files is judged by its first ones. */
const MAX_ENTRIES = 4096;

/**
 * A dataset's own documentation (README, dataset card, licence, changelog) describes the data; it
 * is not part of it. Its maintainer contacts and example rows are not a leak, so it is read like
 * source: secrets only — unless it is one of a corpus's documents (`amongDocuments`).
 */
export const DATASET_DOC = /^(?:readme|changelog|changes|history|license|licence|copying|notice|contributing|code_of_conduct|security|authors|citation|dataset[-_]?card|datasheet|model[-_]?card|dataset_infos?|dataset_dict)(?:\.[a-z0-9]+)*$/i;
/** Tables and records, compressed or not: a README beside one describes it. */
const TABLE = /\.(?:csv|tsv|psv|tab|jsonl|ndjson|jsonlines|parquet|arrow|feather|avro|tfrecords?|xlsx|xls|ods|sqlite3?|db|dta|sav|zsav|por|sas7bdat|xpt|h5|hdf5|pkl|pickle|joblib|lance)(?:\.(?:gz|zst|bz2|xz|lz4))?$/i;

/** A document's kind by its extension (Markdown, plain text, HTML, none), or undefined for other files. */
function docKind(name: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === undefined) return name.startsWith('.') ? undefined : 'plain';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx' || ext === 'rst') return 'markdown';
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  return undefined;
}

function folderKinds(dir: string): FolderKinds {
  const out: FolderKinds = { docs: new Map(), tables: false };
  let d;
  try {
    d = opendirSync(dir);
  } catch {
    return out;
  }
  try {
    for (let n = 0; n < MAX_ENTRIES; n++) {
      const e = d.readSync();
      if (!e) break;
      if (!e.isFile()) continue;
      if (TABLE.test(e.name)) out.tables = true;
      const kind = DATASET_DOC.test(e.name) ? undefined : docKind(e.name);
      if (kind) out.docs.set(kind, (out.docs.get(kind) ?? 0) + 1);
    }
  } catch {
    // An unreadable entry ends the listing: what was read decides.
  } finally {
    d.closeSync();
  }
  return out;
}
