import ignore from 'ignore';
import type { Asset, Finding, JsonValue, Location } from '../core/index.js';
import { isExpired } from './dates.js';

/**
 * Exceptions: suppressions (from the store, aispm.yaml, or inline `aispm:ignore` comments) and
 * dataset approvals bound to a content hash. Pure except for the callbacks the caller passes
 * (reading a file's lines, hashing a file), so the CLI decides what may be read.
 *
 * A covered finding keeps `status: 'fail'` — nothing vanishes from the report — and gains
 * `properties.suppressed` or `properties.accepted`; such findings do not count for `--fail-on`.
 * An expired exception does not apply; the finding gains `properties.exceptionExpired` instead.
 */
export interface SuppressionRule {
  /** `store` (aispm suppress), `config` (aispm.yaml) or `inline` (a comment at the finding). */
  by: 'store' | 'config' | 'inline';
  id?: string;
  /** A finding fingerprint, a rule id, or `*`. */
  selector: string;
  /** gitignore-style pattern on the finding's path. */
  path?: string;
  reason: string;
  owner?: string;
  expires?: string;
}

export interface ApprovalRule {
  sha256: string;
  path: string;
  approver: string;
  expires?: string;
  reason?: string;
}

/** Which findings a dataset approval accepts: the data-content ones, not poison or secrets. */
export const APPROVABLE_CATEGORIES: readonly string[] = ['sensitive-data', 'governance'];

/** `aispm:ignore RULE_ID[,RULE_ID…] reason…` in any comment syntax (#, //, --, <!-- -->, /* *\/). */
const INLINE = /aispm:ignore[ \t]+([A-Za-z0-9_.:/*-]+(?:,[A-Za-z0-9_.:/*-]+)*)(?:[ \t]+(.*?))?[ \t]*(?:-->|\*\/)?[ \t]*$/;

export interface InlineIgnore {
  rules: string[];
  reason: string;
}

/** Parses an inline ignore on one line, if any. */
export function parseInlineIgnore(line: string): InlineIgnore | undefined {
  // A plain search first: the pattern, tried at every offset of a long minified line, cost more
  // than everything else done for the finding.
  if (!line.includes('aispm:ignore')) return undefined;
  const m = INLINE.exec(line);
  if (!m) return undefined;
  return { rules: m[1]!.split(','), reason: (m[2] ?? '').trim() || '(no reason given)' };
}

function pathMatches(pattern: string | undefined, p: string | undefined): boolean {
  if (!pattern) return true;
  if (!p) return false;
  try {
    return ignore().add(pattern).ignores(p.replace(/^\/+/, ''));
  } catch {
    return false;
  }
}

function selects(rule: SuppressionRule, f: Finding): boolean {
  return (rule.selector === '*' || rule.selector === f.id || rule.selector === f.ruleId) && pathMatches(rule.path, f.location.path);
}

function marker(r: { by: string; id?: string; reason?: string; owner?: string; expires?: string }): { [k: string]: JsonValue } {
  const m: { [k: string]: JsonValue } = { by: r.by };
  if (r.id) m.id = r.id;
  if (r.reason) m.reason = r.reason;
  m.owner = r.owner ?? null;
  m.expires = r.expires ?? null;
  return m;
}

/** Reads the lines of the file (or notebook cell) a location points at; undefined when unreadable. */
export type LineReader = (loc: Location) => Promise<readonly string[] | undefined>;

/**
 * Marks findings covered by a valid suppression. Inline ignores are looked up on the finding's line
 * and the line above it. Only failing findings are considered. Returns how many were suppressed.
 */
export async function applySuppressions(findings: Finding[], rules: readonly SuppressionRule[], opts: { today: string; readLines?: LineReader }): Promise<number> {
  let n = 0;
  // Many findings share a line (every MCP server of a one-line .mcp.json): each line is read once.
  // The lines come from one cached array per file, so the keys are the same string objects.
  const parsed = new Map<string, InlineIgnore | undefined>();
  const inline = (l: string): InlineIgnore | undefined => {
    if (!parsed.has(l)) parsed.set(l, parseInlineIgnore(l));
    return parsed.get(l);
  };
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    let hit = rules.find((r) => selects(r, f) && !isExpired(r.expires, opts.today));
    const expired = hit ? undefined : rules.find((r) => selects(r, f));
    if (!hit && opts.readLines && f.location.path && f.location.line) {
      const lines = await opts.readLines(f.location);
      const line = f.location.line;
      for (const l of [lines?.[line - 1], lines?.[line - 2]]) {
        const ig = l === undefined ? undefined : inline(l);
        if (ig && (ig.rules.includes(f.ruleId) || ig.rules.includes(f.id) || ig.rules.includes('*'))) {
          hit = { by: 'inline', selector: f.ruleId, reason: ig.reason };
          break;
        }
      }
    }
    if (hit) {
      f.properties = { ...f.properties, suppressed: marker(hit) };
      n++;
    } else if (expired) f.properties = { ...f.properties, exceptionExpired: marker(expired) };
  }
  return n;
}

/**
 * Marks the findings of an approved dataset as `accepted`. `hashOf` returns the sha256 of the file
 * at a report path now; an approval matches only when the bytes are the ones that were approved,
 * so any change to the file voids it.
 */
export async function applyApprovals(
  findings: Finding[],
  assets: readonly Asset[],
  approvals: readonly ApprovalRule[],
  opts: { today: string; hashOf: (reportPath: string) => Promise<string | undefined> },
): Promise<number> {
  if (!approvals.length) return 0;
  const kinds = new Map(assets.map((a) => [a.id, a]));
  const hashes = new Map<string, string | undefined>();
  let n = 0;
  for (const f of findings) {
    if (f.status !== 'fail' || !APPROVABLE_CATEGORIES.includes(f.category)) continue;
    const a = kinds.get(f.assetId);
    const p = f.location.path ?? a?.locations[0]?.path;
    if (!p) continue;
    if (!hashes.has(p)) hashes.set(p, await opts.hashOf(p));
    const sha = hashes.get(p);
    if (!sha) continue;
    const match = approvals.filter((x) => x.sha256 === sha);
    const valid = match.find((x) => !isExpired(x.expires, opts.today));
    if (valid) {
      f.properties = { ...f.properties, accepted: { approver: valid.approver, expires: valid.expires ?? null, sha256: sha, ...(valid.reason ? { reason: valid.reason } : {}) } };
      n++;
    } else if (match[0]) f.properties = { ...f.properties, exceptionExpired: { by: 'approval', approver: match[0].approver, expires: match[0].expires ?? null } };
  }
  return n;
}

/** Baseline: fingerprints already failing in the baseline are `existing`; the rest are `new`. */
export function applyBaseline(findings: Finding[], baseline: ReadonlySet<string>): number {
  let fresh = 0;
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const existing = baseline.has(f.id);
    if (!existing) fresh++;
    f.properties = { ...f.properties, baseline: existing ? 'existing' : 'new' };
  }
  return fresh;
}

/** Whether a finding should fail the build: failing, not excepted, not already in the baseline. */
export function isGating(f: Finding): boolean {
  const p = f.properties;
  return f.status === 'fail' && !p?.suppressed && !p?.accepted && p?.baseline !== 'existing';
}
