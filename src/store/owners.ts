import ignore from 'ignore';
import type { Asset, Finding, JsonValue } from '../core/index.js';

/**
 * Owners for findings, most specific first:
 * 1. aispm.yaml `owners:` (what the security team wrote down for aispm wins),
 * 2. an owner / team tag or label on the IaC resource or cloud asset,
 * 3. CODEOWNERS (last matching pattern wins, as on GitHub / GitLab).
 * Every finding gets `properties.owner` (a string, or null when nobody matches) and `ownerSource`.
 */
export interface OwnerRule {
  /** gitignore-style path pattern. */
  path?: string;
  rule?: string;
  kind?: string;
  owner: string;
}

export interface CodeownersEntry {
  pattern: string;
  owners: string[];
}

/** CODEOWNERS: `pattern owner…`, `#` comments, blank lines; entries without owners unset ownership. */
export function parseCodeowners(text: string): CodeownersEntry[] {
  const out: CodeownersEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('[')) continue; // GitLab sections: `[Section]`
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern) out.push({ pattern, owners });
  }
  return out;
}

function matches(pattern: string, p: string): boolean {
  try {
    return ignore().add(pattern).ignores(p);
  } catch {
    return false;
  }
}

/** The owners of a path: the last matching entry wins (an entry with no owners means none). */
export function codeownersFor(entries: readonly CodeownersEntry[], p: string): string[] {
  const rel = p.replace(/^\/+/, '');
  for (let i = entries.length - 1; i >= 0; i--) if (matches(entries[i]!.pattern, rel)) return entries[i]!.owners;
  return [];
}

type Bag = { [k: string]: JsonValue | undefined };
const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);

/** owner / team (any case, also `Owner`, `owner-team`) from tags or labels on an asset. */
export function tagOwner(a: Asset): string | undefined {
  const p = a.properties as Bag;
  const res = isBag(p.resource) ? p.resource : undefined;
  const attrs = res && isBag(res.attributes) ? res.attributes : undefined;
  const bags = [attrs?.tags, attrs?.labels, attrs?.tags_all, res?.tags, res?.labels, p.tags, p.labels, isBag(attrs?.metadata) ? attrs.metadata.labels : undefined];
  for (const key of ['owner', 'team', 'owner-team', 'owner_team']) {
    for (const b of bags) {
      if (!isBag(b)) continue;
      for (const [k, v] of Object.entries(b)) if (k.toLowerCase() === key && typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return undefined;
}

export interface OwnerSources {
  config?: readonly OwnerRule[];
  codeowners?: readonly CodeownersEntry[];
}

/** Sets `properties.owner` and `properties.ownerSource` on every finding. */
export function assignOwners(findings: Finding[], assets: readonly Asset[], src: OwnerSources): void {
  const byId = new Map(assets.map((a) => [a.id, a]));
  for (const f of findings) {
    const a = byId.get(f.assetId);
    const p = f.location.path ?? a?.locations.find((l) => l.path)?.path;
    let owner: string | undefined;
    let source: string | undefined;
    const rule = src.config?.find(
      (r) => (!r.path || (p !== undefined && matches(r.path, p.replace(/^\/+/, '')))) && (!r.rule || r.rule === f.ruleId) && (!r.kind || r.kind === a?.kind) && (r.path || r.rule || r.kind),
    );
    if (rule) [owner, source] = [rule.owner, 'config'];
    if (!owner && a) {
      const t = tagOwner(a);
      if (t) [owner, source] = [t, 'tag'];
    }
    if (!owner && p && src.codeowners?.length) {
      const o = codeownersFor(src.codeowners, p);
      if (o.length) [owner, source] = [o.join(' '), 'codeowners'];
    }
    f.properties = { ...f.properties, owner: owner ?? null, ...(source ? { ownerSource: source } : {}) };
  }
}
