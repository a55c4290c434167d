import type { Asset, Finding, ScanResult, Severity } from '../core/index.js';
import { postureFields } from './posture-fields.js';
import { defineWriter } from './writer.js';

/**
 * OCSF 1.3 Detection Finding (class_uid 2004, category_uid 2 "Findings") — what Amazon Security
 * Lake, Splunk, Sentinel and most SIEMs ingest. Output: one JSON array of events, one per failing
 * or manual-review finding (passing and not-applicable verdicts are not findings in OCSF terms).
 *
 * Mapping:
 * - severity_id: info 1, low 2, medium 3, high 4, critical 5.
 * - activity_id: 1 Create for a finding first seen in this scan (or when no store is used),
 *   2 Update for one seen before (open / reopened / suppressed / accepted).
 * - status_id: 1 New, 2 In Progress (open, reopened), 3 Suppressed (suppressed or accepted), 99 Other (manual review).
 * - finding_info: uid = the stable fingerprint, title, desc = the message, types = [category, rule id],
 *   first_seen_time / last_seen_time from the store's lifecycle (epoch ms), analytic = the rule.
 * - resources: the asset (uid, name, type = asset kind, data = provider, type and location).
 * - unmapped: aispm-only context (frameworks, owner, exception, location).
 */
export const OCSF_VERSION = '1.3.0';
const CLASS_UID = 2004;
const CATEGORY_UID = 2;

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<number, string> = { 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical' };

const ms = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

/** One OCSF Detection Finding event (a plain JSON object). */
export type OcsfEvent = Record<string, unknown>;

export function toOcsf(f: Finding, asset: Asset | undefined, result: ScanResult): OcsfEvent {
  const p = postureFields(f);
  const time = ms(result.scan.finishedAt) ?? Date.now();
  const seenBefore = p.lifecycle !== undefined && p.lifecycle !== 'new';
  const activityId = seenBefore ? 2 : 1;
  let statusId: number;
  let status: string;
  if (f.status === 'manual') [statusId, status] = [99, 'Manual review'];
  else if (p.exception) [statusId, status] = [3, 'Suppressed'];
  else if (seenBefore) [statusId, status] = [2, 'In Progress'];
  else [statusId, status] = [1, 'New'];
  const severityId = SEVERITY_ID[f.severity];
  const findingInfo: Record<string, unknown> = {
    uid: f.id,
    title: f.title,
    desc: f.message,
    types: [f.category, f.ruleId],
    analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' },
    created_time: ms(p.firstSeen) ?? time,
    first_seen_time: ms(p.firstSeen) ?? time,
    last_seen_time: ms(p.lastSeen) ?? time,
  };
  const resource: Record<string, unknown> = { uid: f.assetId, type: asset?.kind ?? 'unknown' };
  if (asset) {
    resource.name = asset.name;
    resource.data = { provider: asset.provider, ...(asset.type ? { type: asset.type } : {}), locations: asset.locations };
  }
  const unmapped: Record<string, unknown> = { frameworks: f.frameworks, location: f.location, aispm_status: f.status };
  if (p.owner) unmapped.owner = p.owner;
  if (p.lifecycle) unmapped.lifecycle = p.lifecycle;
  if (p.exception) unmapped.exception = { kind: p.exception, by: p.exceptionBy ?? null, reason: p.exceptionReason ?? null, expires: p.exceptionExpires ?? null };
  return {
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    activity_id: activityId,
    activity_name: activityId === 1 ? 'Create' : 'Update',
    type_uid: CLASS_UID * 100 + activityId,
    type_name: `Detection Finding: ${activityId === 1 ? 'Create' : 'Update'}`,
    severity_id: severityId,
    severity: SEVERITY_NAME[severityId],
    status_id: statusId,
    status,
    time,
    message: f.message,
    finding_info: findingInfo,
    resources: [resource],
    remediation: { desc: f.remediation },
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'aispm', vendor_name: 'aispm', version: result.tool.version },
      uid: `${result.scan.id}:${f.id}`,
      correlation_uid: result.scan.id,
      ...(p.owner ? { labels: [`owner:${p.owner}`] } : {}),
    },
    unmapped,
  };
}

export function ocsfEvents(result: ScanResult): OcsfEvent[] {
  const assets = new Map(result.assets.map((a) => [a.id, a]));
  return result.findings.filter((f) => f.status === 'fail' || f.status === 'manual').map((f) => toOcsf(f, assets.get(f.assetId), result));
}

export const ocsfWriter = defineWriter({
  format: 'ocsf',
  description: `OCSF ${OCSF_VERSION} Detection Findings (class 2004), a JSON array — for Security Lake and SIEMs`,
  extension: 'ocsf.json',
  write: (result) => `${JSON.stringify(ocsfEvents(result), null, 2)}\n`,
});
