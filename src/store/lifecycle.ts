import type { Finding } from '../core/index.js';

/**
 * A finding's lifecycle across scans of one target, keyed by its stable fingerprint.
 * Labels on a failing finding in a scan:
 * - `new`: never failed before on this target;
 * - `open`: failed in the previous scan too;
 * - `reopened`: was resolved, or was excepted (suppressed / accepted) and the exception expired or went away;
 * - `suppressed` / `accepted`: failing, but under a valid exception or dataset approval.
 * A finding that failed before and no longer fails is `resolved` (it appears only in the diff).
 */
export type LifecycleLabel = 'new' | 'open' | 'reopened' | 'suppressed' | 'accepted';

/** The remembered state of one fingerprint on one target. */
export interface FindingState {
  findingId: string;
  ruleId: string;
  severity: string;
  state: 'open' | 'resolved' | 'excepted';
  firstSeen: string;
  lastSeen: string;
  firstScan: string;
  lastScan: string;
  resolvedAt: string | null;
  /** How many times it came back; the notification episode. */
  reopenedCount: number;
}

/** True for the findings lifecycle tracks: the ones that fail. */
export function isFailing(f: Finding): boolean {
  return f.status === 'fail';
}

/** `suppressed` / `accepted` when a valid exception covers the finding (set by the exceptions step). */
export function exceptionOf(f: Finding): 'suppressed' | 'accepted' | undefined {
  const p = f.properties;
  if (p?.suppressed && typeof p.suppressed === 'object') return 'suppressed';
  if (p?.accepted && typeof p.accepted === 'object') return 'accepted';
  return undefined;
}

export interface LifecycleResult {
  /** The state of every failing finding after this scan. */
  next: FindingState[];
  /** The subset of `next` whose stored row must be written (first seen, or its state changed). */
  writes: FindingState[];
  labels: Map<string, LifecycleLabel>;
  /** States that were open or excepted and are no longer failing. */
  resolved: FindingState[];
}

/**
 * Pure: the previous states of a target plus this scan's findings → the next states and a label per
 * failing finding. Duplicate fingerprints count once.
 */
export function computeLifecycle(prev: ReadonlyMap<string, FindingState>, findings: readonly Finding[], scan: { id: string; at: string }): LifecycleResult {
  const next: FindingState[] = [];
  const writes: FindingState[] = [];
  const labels = new Map<string, LifecycleLabel>();
  for (const f of findings) {
    if (!isFailing(f) || labels.has(f.id)) continue;
    const before = prev.get(f.id);
    const exception = exceptionOf(f);
    let label: LifecycleLabel;
    let reopenedCount = before?.reopenedCount ?? 0;
    if (exception) label = exception;
    else if (!before) label = 'new';
    else if (before.state === 'open') label = 'open';
    else {
      label = 'reopened';
      reopenedCount++;
    }
    labels.set(f.id, label);
    const state: FindingState = {
      findingId: f.id,
      ruleId: f.ruleId,
      severity: f.severity,
      state: exception ? 'excepted' : 'open',
      firstSeen: before?.firstSeen ?? scan.at,
      lastSeen: scan.at,
      firstScan: before?.firstScan ?? scan.id,
      lastScan: scan.id,
      resolvedAt: null,
      reopenedCount,
    };
    next.push(state);
    if (!before || before.state !== state.state || before.reopenedCount !== reopenedCount) writes.push(state);
  }
  const resolved: FindingState[] = [];
  for (const s of prev.values()) if (s.state !== 'resolved' && !labels.has(s.findingId)) resolved.push({ ...s, state: 'resolved', resolvedAt: scan.at });
  return { next, writes, labels, resolved };
}

/** Writes the lifecycle onto the findings (`properties.lifecycle = {state, firstSeen, lastSeen}`). */
export function annotateLifecycle(findings: Finding[], result: LifecycleResult): void {
  const byId = new Map(result.next.map((s) => [s.findingId, s]));
  for (const f of findings) {
    const label = result.labels.get(f.id);
    const s = byId.get(f.id);
    if (!label || !s) continue;
    // A new object, never in place: analyzers may share one properties object between findings.
    f.properties = { ...f.properties, lifecycle: { state: label, firstSeen: s.firstSeen, lastSeen: s.lastSeen } };
  }
}
