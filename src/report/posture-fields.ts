import type { Finding, JsonValue } from '../core/index.js';

/**
 * Reads the posture annotations the store and exceptions steps put on findings
 * (`properties.lifecycle`, `owner`, `suppressed`, `accepted`, `baseline`), for the writers.
 */
type Bag = { [k: string]: JsonValue | undefined };
const bag = (v: unknown): Bag | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Bag) : undefined);

export interface PostureFields {
  lifecycle?: string;
  firstSeen?: string;
  lastSeen?: string;
  owner?: string;
  /** `suppressed` or `accepted` when an exception covers the finding. */
  exception?: 'suppressed' | 'accepted';
  exceptionBy?: string;
  exceptionReason?: string;
  exceptionExpires?: string;
  baseline?: string;
}

const str = (v: JsonValue | undefined) => (typeof v === 'string' ? v : undefined);

export function postureFields(f: Finding): PostureFields {
  const p = f.properties ?? {};
  const out: PostureFields = {};
  const lc = bag(p.lifecycle);
  if (lc) {
    if (str(lc.state)) out.lifecycle = str(lc.state);
    if (str(lc.firstSeen)) out.firstSeen = str(lc.firstSeen);
    if (str(lc.lastSeen)) out.lastSeen = str(lc.lastSeen);
  }
  if (str(p.owner)) out.owner = str(p.owner);
  const s = bag(p.suppressed);
  const a = bag(p.accepted);
  if (s) {
    out.exception = 'suppressed';
    if (str(s.owner)) out.exceptionBy = str(s.owner);
    if (str(s.reason)) out.exceptionReason = str(s.reason);
    if (str(s.expires)) out.exceptionExpires = str(s.expires);
  } else if (a) {
    out.exception = 'accepted';
    if (str(a.approver)) out.exceptionBy = str(a.approver);
    if (str(a.reason)) out.exceptionReason = str(a.reason);
    if (str(a.expires)) out.exceptionExpires = str(a.expires);
  }
  if (str(p.baseline)) out.baseline = str(p.baseline);
  return out;
}

/** `path:line#cell (resource) @ commit` for one-line displays. */
export function whereText(f: Finding): string {
  const l = f.location;
  // No file: the resource is the place, and a line is in it (a line of a commit message).
  const named = l.path ?? l.uri ?? (l.line ? l.resource : undefined);
  let s = named ?? '';
  if (l.cell !== undefined) s += `#cell${l.cell + 1}`;
  if (l.line) s += `:${l.line}`;
  if (l.field) s += s ? ` [${l.field}]` : l.field;
  if (l.resource && named !== l.resource) s += s ? ` (${l.resource})` : l.resource;
  if (l.commit) s += ` @ commit ${l.commit.slice(0, 12)}`;
  return s;
}
