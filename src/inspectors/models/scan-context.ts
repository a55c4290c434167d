import type { RuleMeta } from '../../core/index.js';
import { DEFAULT_VM_LIMITS, newEvidence, type PickleEvidence, type VmLimits } from './pickle/vm.js';

export type Verdict = 'malicious' | 'suspicious' | 'clean' | 'inconclusive';

/** One reason a file is not clean. */
export interface Problem {
  rule: RuleMeta;
  level: Exclude<Verdict, 'clean'>;
  message: string;
  /** Archive member (or nested path) the problem is in. */
  member?: string;
  /** Every member that shows the same weakness (a TorchScript method's code/ source and its bytecode.pkl), `member` first. */
  members?: string[];
  offset?: number;
  /** What was found, for the finding fingerprint. */
  key: string;
}

export interface ModelLimits {
  /** Archives inside archives. */
  maxDepth: number;
  /** Members listed per archive. */
  maxMembers: number;
  /** Largest decompressed member or wrapped stream held in memory. */
  maxMemberBytes: number;
  /** Decompressed/compressed ratio above which a member is treated as a bomb (past 16 MiB). */
  maxRatio: number;
  /** Wall-clock budget per file; kept under the scan's per-file timeout so the verdict is ours. */
  timeLimitMs: number;
}

export const DEFAULT_MODEL_LIMITS: ModelLimits = {
  maxDepth: 4,
  maxMembers: 20_000,
  maxMemberBytes: 128 * 1024 * 1024,
  maxRatio: 200,
  timeLimitMs: 45_000,
};

/** What one file's scan accumulates while recursing through containers. */
export class ModelScanContext {
  readonly problems: Problem[] = [];
  readonly ev: PickleEvidence = newEvidence();
  readonly notes: string[] = [];
  /** Formats seen, outermost first (`zip`, `pytorch`, `pickle`). */
  readonly formats: string[] = [];
  /** Whether anything model-shaped was found (an archive of photos is not a model file). */
  modelLike = false;
  /** Pickle machine limits, with this file's deadline. */
  readonly vmLimits: VmLimits;

  constructor(
    /** The scanned file's report path (members are reported relative to it). */
    readonly fileName: string,
    readonly limits: ModelLimits = DEFAULT_MODEL_LIMITS,
  ) {
    this.vmLimits = { ...DEFAULT_VM_LIMITS, deadline: performance.now() + limits.timeLimitMs };
  }

  format(f: string, modelLike = true): void {
    if (!this.formats.includes(f)) this.formats.push(f);
    if (modelLike) this.modelLike = true;
  }

  add(p: Problem): void {
    if (this.problems.length < 500) this.problems.push(p);
  }

  incomplete(rule: RuleMeta, message: string, member?: string): void {
    this.add({ rule, level: 'inconclusive', message, key: `incomplete:${member ?? ''}:${message.slice(0, 60)}`, ...(member ? { member } : {}) });
  }

  note(n: string): void {
    if (this.notes.length < 200) this.notes.push(n);
  }
}

const RANK: Record<Verdict, number> = { clean: 0, inconclusive: 1, suspicious: 2, malicious: 3 };

/** The worse of two verdicts: malicious > suspicious > inconclusive > clean. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}
