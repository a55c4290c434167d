import { severityAtLeast, type Finding, type Location, type Severity } from '../core/index.js';

/** One finding as sinks see it: enough to act on, nothing secret (messages are already masked). */
export interface NotifyFinding {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  category: string;
  message: string;
  remediation: string;
  location: Location;
  assetId: string;
  /** `new` or `reopened`. */
  lifecycle: string;
  owner: string | null;
  /** Notification episode: a reopened finding is a new episode and is sent again. */
  episode: number;
}

/** What one scan hands to the sinks. */
export interface NotifyEvent {
  schema: 'aispm.notify/v1';
  target: string;
  scanId: string;
  at: string;
  findings: NotifyFinding[];
}

const lifecycleOf = (f: Finding): string | undefined => {
  const l = f.properties?.lifecycle;
  return l && typeof l === 'object' && !Array.isArray(l) && typeof l.state === 'string' ? l.state : undefined;
};

/**
 * The findings worth telling someone about: failing, `new` or `reopened` in this scan, at or above
 * the threshold, and not under a valid exception (a suppressed finding has `lifecycle: suppressed`).
 */
export function selectForNotify(findings: readonly Finding[], minSeverity: Severity, episodes: ReadonlyMap<string, number>): NotifyFinding[] {
  const out: NotifyFinding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const lc = lifecycleOf(f);
    if (f.status !== 'fail' || (lc !== 'new' && lc !== 'reopened') || !severityAtLeast(f.severity, minSeverity) || seen.has(f.id)) continue;
    if (f.properties?.suppressed || f.properties?.accepted) continue;
    seen.add(f.id);
    const owner = f.properties?.owner;
    out.push({
      id: f.id,
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      category: f.category,
      message: f.message,
      remediation: f.remediation,
      location: f.location,
      assetId: f.assetId,
      lifecycle: lc,
      owner: typeof owner === 'string' ? owner : null,
      episode: episodes.get(f.id) ?? 0,
    });
  }
  return out;
}

/** `path:line (resource)` for messages. */
export function whereOf(l: Location): string {
  let s = l.path ?? l.uri ?? '';
  if (l.line) s += `:${l.line}`;
  if (l.resource) s += s ? ` (${l.resource})` : l.resource;
  return s;
}
