import type { Severity } from '../../core/index.js';
import type { InjectionKind } from './poisoning/injection.js';
import type { PoisonHit } from './poisoning/dataset.js';
import type { ReadStatus } from './readers/types.js';

/**
 * The serialisable result of scanning one file (or one chunk of a large file): what a worker
 * thread sends back. Values are already masked or hashed; nothing raw crosses the boundary.
 */
export interface Where {
  line?: number;
  column?: number;
  row?: number;
  field?: string;
  cell?: number;
}

export interface SecretOcc {
  ruleId: string;
  provider: string;
  description: string;
  severity: Severity;
  ai: boolean;
  masked: string;
  /** sha256 of the value (hex, truncated) — the secret's identity, never the value. */
  valueHash: string;
  where: Where;
  count: number;
}

export interface PiiGroup {
  entity: string;
  field?: string;
  phi: boolean;
  severity: Severity;
  count: number;
  maxScore: number;
  samples: string[];
  where: Where[];
}

export interface InjectionOcc {
  kind: InjectionKind;
  detail: string;
  evidence: string;
  where: Where;
}

export interface ColumnStat {
  name: string;
  nonEmpty: number;
  hits: Record<string, number>;
}

export interface PartResult {
  secrets: SecretOcc[];
  pii: PiiGroup[];
  injection: InjectionOcc[];
  columns: ColumnStat[];
  poison: PoisonHit[];
  status: ReadStatus;
  /** Lines in this part (to offset the next chunk's line numbers). */
  lines: number;
  records: number;
  /** Things that went wrong but did not stop the read. */
  problems: string[];
}

export function emptyPart(): PartResult {
  return { secrets: [], pii: [], injection: [], columns: [], poison: [], status: { truncated: false, bytes: 0, rows: 0 }, lines: 0, records: 0, problems: [] };
}
