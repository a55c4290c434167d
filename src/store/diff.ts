import { stableHash, type Asset, type Finding, type JsonValue, type Location, type Properties, type ScanResult } from '../core/index.js';
import { isFailing } from './lifecycle.js';

/** One property that differs between two scans of the same asset (dotted path, before → after). */
export interface PropertyChange {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

export interface AssetRef {
  id: string;
  kind: string;
  name: string;
  provider: string;
  type?: string;
  path?: string;
}

export interface AssetChange extends AssetRef {
  changes: PropertyChange[];
}

export interface FindingRef {
  id: string;
  ruleId: string;
  severity: string;
  title: string;
  message: string;
  assetId: string;
  location: Location;
  owner?: string;
}

export interface ScanRef {
  id: string;
  at: string;
  targetKey?: string;
}

/** What changed between two scans of one target. */
export interface ScanDiff {
  schema: 'aispm.diff/v1';
  from: ScanRef | null;
  to: ScanRef;
  assets: { added: AssetRef[]; removed: AssetRef[]; changed: AssetChange[] };
  /** MCP servers whose definition (command, args, package, definition hash, tools) changed: a possible rug pull. */
  mcp: AssetChange[];
  findings: { new: FindingRef[]; resolved: FindingRef[]; reopened: FindingRef[] };
}

/**
 * Properties of an `mcp-server` asset that define what the server is; a change in any of them
 * between scans, with the same server name, is what a "rug pull" looks like.
 */
export const MCP_DEFINITION_KEYS = ['definitionHash', 'command', 'args', 'runner', 'package', 'packageVersion', 'version', 'url', 'transport', 'envVars', 'headers', 'tools', 'image'] as const;

const MAX_DEPTH = 8;

function isObject(v: unknown): v is Record<string, JsonValue | undefined> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deterministic JSON (sorted keys), for digests and array comparison. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/**
 * True only when `a` and `b` are surely equal as JSON (same values, same keys ignoring undefined
 * ones, any key order), without serialising either: the diff's fast path for the 98% of assets that
 * did not change. A false answer only sends the pair to the exact (canonical JSON) comparison.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    n++;
    if (!Object.hasOwn(y, k) || !jsonEqual(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

/** Digest of what an asset *is* (not where it was seen): equal digests mean no drift. */
export function assetDigest(a: Asset): string {
  return stableHash([canonicalJson({ kind: a.kind, name: a.name, provider: a.provider, type: a.type ?? null, properties: a.properties })], 24);
}

/** Pure: the leaf-level differences of two property bags; arrays compare as whole values. */
export function diffProperties(before: Properties | undefined, after: Properties | undefined, prefix = '', depth = 0): PropertyChange[] {
  const out: PropertyChange[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of [...keys].sort()) {
    const b = before?.[k];
    const a = after?.[k];
    const p = prefix ? `${prefix}.${k}` : k;
    if (isObject(b) && isObject(a) && depth < MAX_DEPTH) {
      out.push(...diffProperties(b, a, p, depth + 1));
      continue;
    }
    if (canonicalJson(b) === canonicalJson(a)) continue;
    const change: PropertyChange = { path: p };
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    out.push(change);
  }
  return out;
}

export function assetRef(a: Asset): AssetRef {
  const r: AssetRef = { id: a.id, kind: a.kind, name: a.name, provider: a.provider };
  if (a.type) r.type = a.type;
  const loc = a.locations[0];
  const where = loc?.path ?? loc?.resource ?? loc?.uri;
  if (where) r.path = where;
  return r;
}

export function findingRef(f: Finding): FindingRef {
  const r: FindingRef = { id: f.id, ruleId: f.ruleId, severity: f.severity, title: f.title, message: f.message, assetId: f.assetId, location: f.location };
  const owner = f.properties?.owner;
  if (typeof owner === 'string') r.owner = owner;
  return r;
}

/** Pure: compares the same asset in two scans; returns the change, or undefined when equal. */
export function diffAsset(before: Asset, after: Asset): AssetChange | undefined {
  // Fast path: equal properties are the common case and need no serialisation or property walk.
  if (before.name === after.name && before.provider === after.provider && before.type === after.type && jsonEqual(before.properties, after.properties)) return undefined;
  const changes = diffProperties(
    { name: before.name, provider: before.provider, type: before.type, ...before.properties },
    { name: after.name, provider: after.provider, type: after.type, ...after.properties },
  );
  return changes.length ? { ...assetRef(after), changes } : undefined;
}

/** The definition changes of an MCP server (a subset of its property changes). */
export function mcpChange(change: AssetChange): AssetChange | undefined {
  if (change.kind !== 'mcp-server') return undefined;
  const keys: readonly string[] = MCP_DEFINITION_KEYS;
  const changes = change.changes.filter((c) => keys.includes(c.path.split('.')[0]!));
  return changes.length ? { ...change, changes } : undefined;
}

const lifecycleOf = (f: Finding): string | undefined => {
  const l = f.properties?.lifecycle;
  return isObject(l) && typeof l.state === 'string' ? l.state : undefined;
};

/** Pure: asset drift between two asset lists (the internet node is not an asset of anybody's). */
export function diffAssets(before: readonly Asset[], after: readonly Asset[]): ScanDiff['assets'] & { mcp: AssetChange[] } {
  const prev = new Map(before.filter((a) => a.kind !== 'internet').map((a) => [a.id, a]));
  const next = new Map(after.filter((a) => a.kind !== 'internet').map((a) => [a.id, a]));
  const added: AssetRef[] = [];
  const removed: AssetRef[] = [];
  const changed: AssetChange[] = [];
  const mcp: AssetChange[] = [];
  for (const [id, a] of next) {
    const b = prev.get(id);
    if (!b) {
      added.push(assetRef(a));
      continue;
    }
    const c = diffAsset(b, a);
    if (!c) continue;
    changed.push(c);
    const m = mcpChange(c);
    if (m) mcp.push(m);
  }
  for (const [id, b] of prev) if (!next.has(id)) removed.push(assetRef(b));
  return { added, removed, changed, mcp };
}

/**
 * The slim per-scan view of findings that diffs need: `[fingerprint, failing (1/0), lifecycle label
 * or null]`, in report order. The store keeps it beside the full findings so a diff of two 100,000-
 * finding scans parses only these and the few findings that changed.
 */
export type FindingIndexEntry = [id: string, failing: 0 | 1, lifecycle: string | null];

export function findingIndex(findings: readonly Finding[]): FindingIndexEntry[] {
  return findings.map((f) => [f.id, isFailing(f) ? 1 : 0, lifecycleOf(f) ?? null]);
}

const EXCEPTED = new Set(['suppressed', 'accepted']);

/**
 * Pure: positions of the findings that started failing (`new`, or `reopened` when the later scan's
 * lifecycle says so, or when an exception lapsed while it kept failing) — in `after` — and of those
 * that stopped failing (`resolved`) — in `before`. Duplicate fingerprints count once.
 */
export function diffFindingIndex(before: readonly FindingIndexEntry[], after: readonly FindingIndexEntry[]): { new: number[]; reopened: number[]; resolved: number[] } {
  const prev = new Map<string, string | null>();
  for (const [id, failing, lc] of before) if (failing && !prev.has(id)) prev.set(id, lc);
  const now = new Set<string>();
  const out = { new: [] as number[], reopened: [] as number[], resolved: [] as number[] };
  after.forEach(([id, failing, lc], i) => {
    if (!failing || now.has(id)) return;
    now.add(id);
    if (prev.has(id)) {
      // Failing in both is no change, unless an exception lapsed in between (expired or removed).
      if (EXCEPTED.has(prev.get(id) ?? '') && !EXCEPTED.has(lc ?? '')) out.reopened.push(i);
      return;
    }
    (lc === 'reopened' ? out.reopened : out.new).push(i);
  });
  const seen = new Set<string>();
  before.forEach(([id, failing], i) => {
    if (failing && !now.has(id) && !seen.has(id)) {
      seen.add(id);
      out.resolved.push(i);
    }
  });
  return out;
}

/** Pure: new / reopened / resolved findings between two finding lists (see `diffFindingIndex`). */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): ScanDiff['findings'] {
  const d = diffFindingIndex(findingIndex(before), findingIndex(after));
  return { new: d.new.map((i) => findingRef(after[i]!)), reopened: d.reopened.map((i) => findingRef(after[i]!)), resolved: d.resolved.map((i) => findingRef(before[i]!)) };
}

/** Pure: the whole diff of two in-memory reports (`from` may be null: everything is new). */
export function diffScans(from: ScanResult | null, to: ScanResult, targetKey?: string): ScanDiff {
  const assets = diffAssets(from?.assets ?? [], to.assets);
  const ref = (r: ScanResult): ScanRef => ({ id: r.scan.id, at: r.scan.finishedAt, ...(targetKey ? { targetKey } : {}) });
  return {
    schema: 'aispm.diff/v1',
    from: from ? ref(from) : null,
    to: ref(to),
    assets: { added: assets.added, removed: assets.removed, changed: assets.changed },
    mcp: assets.mcp,
    findings: diffFindings(from?.findings ?? [], to.findings),
  };
}

/** One drift event per change, for `aispm watch` JSON lines and notifications. */
export type DriftEvent =
  | { type: 'asset-added' | 'asset-removed'; asset: AssetRef }
  | { type: 'asset-changed' | 'mcp-definition-changed'; asset: AssetRef; changes: PropertyChange[] }
  | { type: 'finding-new' | 'finding-resolved' | 'finding-reopened'; finding: FindingRef };

export function driftEvents(d: ScanDiff): DriftEvent[] {
  const strip = ({ changes: _c, ...a }: AssetChange): AssetRef => a;
  return [
    ...d.assets.added.map((asset) => ({ type: 'asset-added' as const, asset })),
    ...d.assets.removed.map((asset) => ({ type: 'asset-removed' as const, asset })),
    ...d.assets.changed.map((c) => ({ type: 'asset-changed' as const, asset: strip(c), changes: c.changes })),
    ...d.mcp.map((c) => ({ type: 'mcp-definition-changed' as const, asset: strip(c), changes: c.changes })),
    ...d.findings.new.map((finding) => ({ type: 'finding-new' as const, finding })),
    ...d.findings.reopened.map((finding) => ({ type: 'finding-reopened' as const, finding })),
    ...d.findings.resolved.map((finding) => ({ type: 'finding-resolved' as const, finding })),
  ];
}
