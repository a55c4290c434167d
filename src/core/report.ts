import type { Asset, Properties, Relation } from './asset.js';
import type { Finding } from './finding.js';
import type { RelationKind, Severity } from './vocabulary.js';

export const REPORT_SCHEMA_ID = 'aispm.report/v1';

/** A file or input the scan could not (fully) read, and why. The report always says what it skipped. */
export interface ScanIssue {
  path: string;
  /** `too-large`, `unreadable`, `parse-error`, `symlink-loop`, `limit`, `timeout`, `binary`, … */
  reason: string;
  message: string;
  /** Which analyzer or stage hit it (`walker` for listing problems). */
  source: string;
}

export interface PathStep {
  assetId: string;
  /** The relation followed to reach this step (absent on the first step). */
  via?: RelationKind;
  /** Why this hop is possible: the finding ids or evidence behind it. */
  findingIds?: string[];
  note?: string;
}

/** One attack path: a chain from an entry point to a crown jewel. */
export interface AttackPath {
  id: string;
  severity: Severity;
  title: string;
  score?: number;
  steps: PathStep[];
  findingIds: string[];
  explanation: string;
  /** The single change that breaks the path, when one exists. */
  fix?: { findingId?: string; assetId?: string; description: string };
}

export type ControlStatus = 'pass' | 'fail' | 'manual' | 'not-assessed';

export interface ComplianceControlResult {
  id: string;
  title?: string;
  status: ControlStatus;
  findingIds: string[];
}

export interface ComplianceResult {
  framework: string;
  name?: string;
  controls: ComplianceControlResult[];
  coverage?: { assessed: number; total: number };
}

export interface ScanStats {
  filesSeen: number;
  filesAnalyzed: number;
  bytesRead: number;
  filesSkipped: number;
  durationMs: number;
  assetsByKind: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  analyzers: Record<string, { files: number; ms: number }>;
  /** Per target read with `--history`: commits walked, historical file versions inspected, their bytes. */
  history?: HistoryStats[];
  [k: string]: unknown;
}

export interface HistoryStats {
  target: string;
  commits: number;
  files: number;
  bytes: number;
}

export interface ScanInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  targets: string[];
  stats: ScanStats;
  issues: ScanIssue[];
}

/** The `aispm.report/v1` object (DESIGN §4). Every writer, the store and the server read this. */
export interface ScanResult {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: 'aispm'; version: string };
  scan: ScanInfo;
  assets: Asset[];
  relations: Relation[];
  findings: Finding[];
  paths: AttackPath[];
  compliance: ComplianceResult[];
  /** Lineage per model (datasets trained on, where stored, who can reach it). Optional extension. */
  lineage?: Properties[];
}
