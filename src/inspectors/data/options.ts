import { z } from 'zod';
import type { SecretRuleDef } from './secrets/rule-types.js';
import { secretRuleSchema } from './secrets/user-rules.js';

export const DETECTORS = ['secrets', 'pii', 'injection', 'poisoning'] as const;
export type Detector = (typeof DETECTORS)[number];

/**
 * `analyzers.data` in aispm.yaml. Everything has a default; a bad value is reported as a config
 * issue by the analyzer rather than crashing the scan.
 */
export const dataOptionsSchema = z
  .object({
    /** Presidio-style score threshold for PII/PHI hits (0..1). */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Entities to report (default: all). */
    entities: z.array(z.string()).optional(),
    /** Extra secret rules, inline, in the built-in rule shape. */
    secretRules: z.array(secretRuleSchema).optional(),
    /** A YAML file of extra secret rules (`rules: [...]`), relative to the scan root. */
    secretRulesFile: z.string().optional(),
    /** Built-in secret rule ids to switch off. */
    disableSecretRules: z.array(z.string()).optional(),
    /** Decompressed bytes read per data file (default 4 GiB). */
    maxDataBytes: z.number().int().positive().default(4 * 1024 ** 3),
    /** Source / config files above this are not scanned for secrets (default 8 MiB). */
    maxSourceBytes: z.number().int().positive().default(8 * 1024 ** 2),
    /** Whole-document formats (JSON, notebooks) parsed up to this size (default 64 MiB). */
    maxDocumentBytes: z.number().int().positive().default(64 * 1024 ** 2),
    /** Records kept for near-duplicate / trigger analysis per file. */
    maxRecords: z.number().int().positive().default(50_000),
    /** Worker threads for data files (0 = scan in the main thread). Default: cores − 1 (one per core on one or two cores), at most 4. */
    workers: z.number().int().min(0).max(64).optional(),
    /** Files at or above this size are split into chunks scanned in parallel (text, Markdown, JSONL, CSV/TSV; not gzipped). */
    chunkBytes: z.number().int().positive().default(64 * 1024 ** 2),
    /** Run the record-level poisoning analysis (duplicates, labels, triggers). */
    poisoning: z.boolean().default(true),
    /**
     * Detectors to run (default: all). `[secrets]` is a secrets-only scan (a pre-commit or CI
     * secret gate): every file is then read as raw text, without parsing tables or records.
     */
    detectors: z.array(z.enum(DETECTORS)).min(1).optional(),
  })
  .strict();

export type DataOptions = z.infer<typeof dataOptionsSchema> & {
  userRules?: SecretRuleDef[];
  /**
   * Set per file, never by a user: the file is the only one of its kind in its folder, so its
   * records have no other shard to be near-duplicates in and are not sketched for that check.
   */
  loneShard?: boolean;
};

/** Whether a detector runs under these options (`poisoning: false` switches poisoning off too). */
export function detectorOn(options: Pick<DataOptions, 'detectors' | 'poisoning'>, d: Detector): boolean {
  if (d === 'poisoning' && options.poisoning === false) return false;
  return options.detectors ? options.detectors.includes(d) : true;
}

/** Parses `analyzers.data`; returns the defaults plus an error message when the options are invalid. */
export function parseDataOptions(raw: unknown): { options: DataOptions; error?: string } {
  const r = dataOptionsSchema.safeParse(raw ?? {});
  if (r.success) return { options: r.data };
  const first = r.error.issues[0];
  return { options: dataOptionsSchema.parse({}), error: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid options' };
}
