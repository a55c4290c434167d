import { z } from 'zod';
import { SEVERITIES } from '../core/index.js';

/** aispm.yaml, validated. Flags override it; `resolveOptions` merges the two. */
export const configFileSchema = z
  .object({
    /** Analyzer ids to run (default: all). */
    only: z.array(z.string()).optional(),
    /** Analyzer ids to skip. */
    skip: z.array(z.string()).optional(),
    /** gitignore-style patterns to leave out, relative to each target. */
    ignore: z.array(z.string()).optional(),
    failOn: z.enum(SEVERITIES).optional(),
    limits: z
      .object({
        maxReadBytes: z.number().int().positive().optional(),
        maxDepth: z.number().int().positive().optional(),
        concurrency: z.number().int().positive().max(256).optional(),
        fileTimeoutMs: z.number().int().positive().optional(),
        inspectorTimeoutMs: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /**
     * Also scan the git history of each target (its folder in the repository it is in): `true`,
     * or `{ maxCommits, since }` to bound the walk or read only what HEAD adds to `since`.
     */
    history: z.union([z.boolean(), z.object({ maxCommits: z.number().int().positive().optional(), since: z.string().min(1).optional() }).strict()]).optional(),
    /** Per-analyzer options, keyed by analyzer id. */
    analyzers: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    /** Sections other features own (suppressions, owners, notify, …) are kept as-is for them. */
  })
  .passthrough();

export type ConfigFile = z.infer<typeof configFileSchema>;

export interface ScanLimits {
  /** Whole-file reads above this are skipped as `too-large`; streaming inspectors are not bound by it. */
  maxReadBytes: number;
  maxDepth: number;
  /** Files analysed at once. */
  concurrency: number;
  /** An analyzer that takes longer than this on one file is abandoned and reported. */
  fileTimeoutMs: number;
  /**
   * The same bound for the deep inspectors (models, data), which stream files of many GB: a
   * discovery-sized budget would abandon a large training set half read.
   */
  inspectorTimeoutMs: number;
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxReadBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  concurrency: 16,
  fileTimeoutMs: 60_000,
  inspectorTimeoutMs: 30 * 60_000,
};

export interface HistoryOptions {
  /** Commits read at most per repository, newest refs first; past it the scan says how many were left. */
  maxCommits: number;
  /**
   * Only what HEAD adds to this revision (a branch, tag or remote ref name, or a full commit id):
   * `git log <since>..HEAD`, the commits of a pull request.
   */
  since?: string;
}

export const DEFAULT_HISTORY: HistoryOptions = { maxCommits: 50_000 };

/** Everything one scan needs, after flags and config are merged. */
export interface ScanOptions {
  targets: string[];
  only?: string[];
  skip?: string[];
  ignore: string[];
  limits: ScanLimits;
  analyzerOptions: Record<string, Record<string, unknown>>;
  /** Scan each repository's history too (secrets and personal data in committed files since deleted or changed). */
  history?: HistoryOptions;
  /** The raw validated config, for features that read their own sections. */
  config: ConfigFile;
}
