import type { Asset, Relation } from './asset.js';
import type { Finding } from './finding.js';
import type { ScanIssue } from './report.js';
import type { RuleMeta } from './rule-meta.js';

/**
 * What the walker knows about a file before anyone reads it. Cheap: one stat and one small head
 * read. `sniffed` comes from magic bytes, never from the extension.
 */
export interface FileInfo {
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  /** Lower-cased base name (`requirements.txt`). */
  name: string;
  /** Lower-cased extension with the dot (`.py`), or `` for none. */
  ext: string;
  size: number;
  /** Content type from magic bytes: `pickle`, `zip`, `gzip`, `hdf5`, `gguf`, `safetensors`, `numpy`, `text`, `binary`, … */
  sniffed: string;
  /** The first bytes of the file (up to 4 KiB), for analyzers that decide on content. */
  head: Uint8Array;
}

/** A file handed to an analyzer: its metadata plus bounded ways to read it. */
export interface ScanFile extends FileInfo {
  /** Absolute path on disk, for streaming readers (model and data inspectors). */
  absPath: string;
  /** Reads the whole file. Only call for files under the walker's size cap (already enforced). */
  bytes(): Promise<Buffer>;
  /** Reads the whole file as UTF-8 (BOM stripped). */
  text(): Promise<string>;
}

/**
 * Loose, per-file facts an analyzer wants to share with later stages without inventing an asset,
 * e.g. a cloud URI read in code (`{ type: 'uri-read', value: 's3://bucket/key' }`), kept for joins.
 */
export interface Observation {
  type: string;
  value: string;
  assetId?: string;
  path?: string;
  line?: number;
  properties?: Record<string, unknown>;
}

export interface AnalyzerOutput {
  assets?: Asset[];
  relations?: Relation[];
  /** Findings only where the analyzer alone can judge (a model file's verdict, a secret in a file). */
  findings?: Finding[];
  observations?: Observation[];
  /** Things the analyzer could not read; the scan goes on and the report lists them. */
  issues?: ScanIssue[];
}

/** Options every analyzer sees; a plain object so it can cross a worker-thread boundary. */
export interface AnalyzerContext {
  /** Absolute scan root. */
  root: string;
  /** Free-form options per analyzer id from aispm.yaml (`analyzers: { data: { threshold: 0.6 } }`). */
  options: Record<string, unknown>;
  /**
   * How far a long analysis of one file has got (0..1), for the progress line: a multi-GB dataset
   * otherwise shows nothing for minutes. Optional to call; cheap (the caller throttles drawing).
   */
  progress?(path: string, fraction: number): void;
}

/**
 * The four-part contract of DESIGN §1. `wants` must do no I/O: it decides from the path and the
 * walker's `FileInfo` alone. `analyze` may read the file; it must not throw for bad input — it
 * returns an issue instead (the orchestrator still catches throws, as a last resort).
 */
export interface Analyzer {
  id: string;
  version: string;
  /** A line for `--help` and `--only`. */
  description: string;
  /** `discovery` runs on every scan; `inspector` is heavy content scanning (models, data). */
  stage?: 'discovery' | 'inspector';
  /** The rules this analyzer raises findings for directly (listed by `aispm rules list`). */
  rules?: RuleMeta[];
  wants(path: string, info: FileInfo): boolean;
  analyze(file: ScanFile, ctx: AnalyzerContext): Promise<AnalyzerOutput>;
  /**
   * Called once after every file of a target was analysed, with the context those files were given:
   * for checks that need all of them (near-duplicate records across a dataset's shards), which a
   * check made as each file arrives could only do by holding an index it may never use.
   */
  finish?(ctx: AnalyzerContext): Promise<AnalyzerOutput>;
}

/** Returns the analyzer unchanged; exists so definitions are typed at the point of writing. */
export function defineAnalyzer(a: Analyzer): Analyzer {
  return a;
}
