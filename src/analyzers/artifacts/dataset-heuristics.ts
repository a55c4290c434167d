import { inInstalledPython, isArrowFile, isAvroFile, mayBeArrowStream, type FileInfo } from '../../core/index.js';

/**
 * When is a file a dataset? Calling every .json/.csv in a repo a dataset would bury the inventory,
 * so the rule is (this comment is its documentation; tests in index.test.ts pin it):
 *
 * - Parquet, Arrow IPC/Feather v2, Avro and ORC (by magic bytes): always — data formats and nothing else.
 * - HDF5 without Keras markers: only in a data-ish folder (elsewhere it stays a model file).
 * - CSV/TSV: the first lines have a consistent column count ≥ 2, and either the file sits in a
 *   data-ish folder or it has ≥ MIN_ROWS_OUTSIDE rows.
 * - JSONL/NDJSON: the sampled lines are JSON objects, and either a data-ish folder or ≥ MIN_ROWS_OUTSIDE records.
 * - JSON: only a top-level array of objects (records), and only in a data-ish folder or when ≥ 1 MiB.
 *   Config files (objects at the top) never count.
 * - Plain text (.txt): only in a data-ish folder (a corpus), never README/LICENSE/requirements-like names.
 * - gzip-compressed .csv.gz/.jsonl.gz/.json.gz/.txt.gz: only in a data-ish folder; for JSON/JSONL the
 *   inflated head must start like records (`[` / `{` per line), as for uncompressed files.
 * - Never under dependency or tool folders (node_modules, site-packages, .venv, …) or inside mlruns/
 *   metadata (the lineage analyzer owns MLflow stores).
 * - A scan rooted inside an installed Python package or the standard library (site-/dist-packages,
 *   lib/python3.x on the absolute path):
 *   JSON and plain text are package data (API models, test fixtures), not datasets; tabular and
 *   binary data formats stay datasets, as in the data inspector's classify.ts.
 */
export const DATA_FOLDERS = new Set([
  'data', 'datasets', 'dataset', 'corpus', 'corpora', 'training', 'training-data', 'training_data', 'train',
  'eval', 'evals', 'evaluation', 'benchmarks', 'raw', 'processed', 'interim', 'fine-tuning', 'finetune', 'finetuning',
]);
export const MIN_ROWS_OUTSIDE = 20;
export const BIG_JSON = 1024 * 1024;

const SKIP_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages', '.venv', 'venv', '__pycache__', '.git', '.tox', 'vendor', '.dvc', 'dist', 'build', 'target']);
const NOT_CORPUS = /^(readme|license|licence|notice|changelog|requirements.*|constraints.*|robots|cmakelists|version|authors|contributing)\.txt$/;

export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet' | 'text' | 'arrow' | 'avro' | 'orc' | 'hdf5';

/**
 * Columnar/row formats the walker does not name, told apart by their own magic bytes; an Arrow IPC
 * stream (how Hugging Face `datasets` writes its `.arrow` shards) has no magic, only a first marker,
 * so its name must say Arrow too.
 */
function binaryDataFormat(head: Uint8Array, name: string): DatasetFormat | undefined {
  if (isArrowFile(head) || (mayBeArrowStream(head) && /\.(?:arrow|arrows|ipc)$/i.test(name))) return 'arrow';
  if (isAvroFile(head)) return 'avro';
  const s = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 6)).toString('latin1');
  if (s.startsWith('ORC')) return 'orc';
  return undefined;
}

function segments(path: string): string[] {
  return path.split('/').slice(0, -1).map((s) => s.toLowerCase());
}

/** Any folder on the path named like data (`data/`, `datasets/`, `training-data/`, `acme_data/`…). */
export function inDataFolder(path: string): boolean {
  return segments(path).some((s) => DATA_FOLDERS.has(s) || /[-_]data$/.test(s) || /^data[-_]/.test(s));
}

function skipped(path: string): boolean {
  const segs = segments(path);
  if (segs.some((s) => SKIP_SEGMENTS.has(s))) return true;
  // MLflow metadata (params/tags/metrics/meta.yaml) is the lineage analyzer's; logged artifacts are fair game.
  const ml = segs.indexOf('mlruns');
  return ml >= 0 && !segs.slice(ml).includes('artifacts');
}

/** The dataset format a file could be, from its name and sniffed type; no I/O. */
export function datasetCandidate(info: FileInfo): DatasetFormat | undefined {
  if (skipped(info.path)) return undefined;
  if (info.sniffed === 'parquet') return 'parquet';
  if (info.sniffed === 'binary') return binaryDataFormat(info.head, info.name);
  // HDF5 without Keras markers in a data folder holds arrays, not a model (the model check runs first).
  if (info.sniffed === 'hdf5') return inDataFolder(info.path) ? 'hdf5' : undefined;
  const name = info.name;
  if (info.sniffed === 'gzip') {
    const inner = /\.(csv|tsv|jsonl|ndjson|json|txt)\.gz$/.exec(name)?.[1];
    if (!inner || !inDataFolder(info.path)) return undefined;
    return inner === 'ndjson' ? 'jsonl' : inner === 'txt' ? 'text' : (inner as DatasetFormat);
  }
  if (info.sniffed !== 'text') return undefined;
  switch (info.ext) {
    case '.csv':
      return 'csv';
    case '.tsv':
      return 'tsv';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.json':
      return inDataFolder(info.path) || info.size >= BIG_JSON ? 'json' : undefined;
    case '.txt':
      return inDataFolder(info.path) && !NOT_CORPUS.test(name) && info.size > 0 ? 'text' : undefined;
    default:
      return undefined;
  }
}

/**
 * True when a JSON or text candidate sits in an installed Python package, seen from its absolute
 * path (a scan of `/usr/lib/python3/dist-packages` has relative paths such as `scipy/…/tests/data/`).
 * Debian's dist-packages gave 39 such "datasets" (scipy/numpy test vectors), CPython's stdlib
 * 48 (test_email's messages).
 */
export function installedPackageData(format: DatasetFormat, absPath: string): boolean {
  return (format === 'json' || format === 'text') && inInstalledPython(absPath);
}
