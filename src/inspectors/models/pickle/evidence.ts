import type { GlobalLevel } from './policy.js';
import type { PVal } from './values.js';

/**
 * What the pickle machine records (imported globals, signals, notes, where it stopped) and the
 * limits it runs under. Shared across the stacked and nested pickles of one file.
 */

/** One imported global, as evidence: where, what, and how bad. */
export interface GlobalHit {
  module: string;
  name: string;
  /** Canonical reading that decided the level (`os.system` for `random._os.system`). */
  resolved: string;
  level: GlobalLevel;
  reason: string;
  /** Byte offset of the first opcode that named it. */
  offset: number;
  opcode: string;
  count: number;
  /** First argument seen when it was called, truncated. */
  arg?: string;
  /** Archive member (and nested pickle) path, filled by containers. */
  member?: string;
}

/** A structural oddity that is not a global: dynamic calls, EXT codes, unresolvable names. */
export interface PickleSignal {
  level: 'malicious' | 'suspicious';
  code: string;
  message: string;
  offset: number;
  member?: string;
}

/** Shared accumulator across the stacked and nested pickles of one file. */
export interface PickleEvidence {
  hits: GlobalHit[];
  /** member + module + name → hit, so repeated imports are classified once. */
  hitIndex: Map<string, { hit: GlobalHit; value: PVal }>;
  signals: PickleSignal[];
  notes: string[];
  /** Set when the stream could not be followed to its end; makes the verdict inconclusive at best. */
  incomplete: { message: string; offset: number; member?: string }[];
  opcodes: number;
}

export function newEvidence(): PickleEvidence {
  return { hits: [], hitIndex: new Map(), signals: [], notes: [], incomplete: [], opcodes: 0 };
}

export class PickleError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface VmLimits {
  /** Wall-clock budget for the whole file (shared by stacked and nested pickles), checked every 1024 opcodes. */
  deadline?: number;
  maxStack: number;
  maxMemo: number;
  maxOpcodes: number;
  maxNesting: number;
}

export const DEFAULT_VM_LIMITS: VmLimits = { maxStack: 4_000_000, maxMemo: 4_000_000, maxOpcodes: 200_000_000, maxNesting: 4 };
