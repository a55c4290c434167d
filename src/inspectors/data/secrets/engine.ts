import type { Severity } from '../../../core/index.js';
import type { SecretRuleDef } from './rule-types.js';
import { shannonEntropy } from './entropy.js';
import { insideNonSecretContext, isBareUuid, isPlaceholder } from './false-positives.js';

/** One secret found in a piece of text. Offsets are UTF-16 indices into that text. */
export interface SecretHit {
  ruleId: string;
  provider: string;
  description: string;
  severity: Severity;
  ai: boolean;
  /** Offset of the secret value (the capture group) in the scanned text. */
  start: number;
  end: number;
  /** The raw value. Never leaves the inspector: callers mask or hash it. */
  value: string;
}

interface CompiledRule {
  def: SecretRuleDef;
  re: RegExp;
  group: number;
  allow: RegExp[];
  stopwords: string[];
}

export interface ScanTextOptions {
  /** Drop keyword-context (generic) rules: lockfiles and minified bundles. */
  skipGeneric?: boolean;
}

/**
 * Compiled rule set. The keyword prefilter is one case-insensitive alternation over every keyword
 * of every rule; a chunk only runs the regexes of rules whose keywords occur in it, which is what
 * makes 150+ rules cost about as much as one pass.
 */
export class SecretEngine {
  private readonly rules: CompiledRule[] = [];
  private readonly byKeyword = new Map<string, number[]>();
  /** Distinct keywords (lower case) and, per keyword id, the rules it enables. */
  private readonly keywords: string[] = [];
  private readonly keywordRules: number[][] = [];
  /**
   * Keyword ids by their first three lower-cased ASCII characters, packed 7 bits each, and a 2 MB
   * bitmap of those trigrams for the prefilter's hot loop (one table read per character).
   */
  private readonly byTri = new Map<number, number[]>();
  private readonly triTable = new Uint8Array(1 << 21);
  /** Two-character keywords by their packed pair (rare). */
  private readonly byPair = new Map<number, number[]>();
  private readonly pairTable = new Uint8Array(1 << 14);
  /** Keywords with a non-ASCII character among their first three (rare): checked with indexOf. */
  private readonly oddKeywords: number[] = [];
  /** Per keyword id, the scan generation it was last confirmed in (no per-call Set). */
  private seenGen = new Int32Array(0);
  private gen = 0;
  /** Rules whose definitions failed to compile, with why; the analyzer reports them once. */
  readonly invalid: { id: string; message: string }[] = [];

  constructor(defs: readonly SecretRuleDef[]) {
    for (const def of defs) {
      try {
        const flags = 'g' + (def.flags ?? '').replace(/[gy]/g, '');
        const re = new RegExp(def.regex, flags);
        const hasGroup = new RegExp(`${def.regex}|`).exec('')!.length > 1;
        const compiled: CompiledRule = {
          def,
          re,
          group: def.secretGroup ?? (hasGroup ? 1 : 0),
          // Case-sensitive on purpose: 'i' turns patterns such as ^[a-z]+(?:[A-Z][a-z0-9]+)+$ into
          // catastrophic backtracking (every letter matches both classes).
          allow: (def.allowlist?.regexes ?? []).map((r) => new RegExp(r)),
          stopwords: (def.allowlist?.stopwords ?? []).map((s) => s.toLowerCase()),
        };
        if (!def.keywords.length) throw new Error('a rule needs at least one keyword');
        const idx = this.rules.push(compiled) - 1;
        for (const k of def.keywords) {
          const key = k.toLowerCase();
          const list = this.byKeyword.get(key) ?? [];
          list.push(idx);
          this.byKeyword.set(key, list);
        }
      } catch (e) {
        this.invalid.push({ id: def.id, message: (e as Error).message });
      }
    }
    for (const [k, rules] of this.byKeyword) {
      const id = this.keywords.push(k) - 1;
      this.keywordRules.push(rules);
      const a = k.charCodeAt(0);
      const b = k.charCodeAt(1);
      const c = k.charCodeAt(2);
      if (k.length < 2 || a > 127 || b > 127 || (k.length > 2 && c > 127)) {
        this.oddKeywords.push(id);
        continue;
      }
      if (k.length === 2) {
        const pair = (a << 7) | b;
        this.pairTable[pair] = 1;
        push(this.byPair, pair, id);
        continue;
      }
      const tri = (a << 14) | (b << 7) | c;
      this.triTable[tri] = 1;
      push(this.byTri, tri, id);
    }
    this.seenGen = new Int32Array(this.keywords.length);
  }

  get size(): number {
    return this.rules.length;
  }

  /** Every secret in `text`, overlaps resolved in favour of the earlier (more specific) rule. */
  scan(text: string, opts: ScanTextOptions = {}): SecretHit[] {
    const candidates = this.candidates(text);
    if (!candidates.size) return [];
    const hits: (SecretHit & { order: number })[] = [];
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const r = this.rules[i]!;
      if (opts.skipGeneric && r.def.generic) continue;
      r.re.lastIndex = 0;
      for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
        if (m[0].length === 0) {
          r.re.lastIndex++;
          continue;
        }
        const value = m[r.group];
        if (!value) continue;
        // A group captured inside a leading lookbehind sits just before the match.
        const rel = r.group === 0 ? 0 : m[0].indexOf(value);
        const start = rel >= 0 ? m.index + rel : text.lastIndexOf(value, m.index);
        if (!this.accept(r, value, text, start)) continue;
        hits.push({
          ruleId: r.def.id,
          provider: r.def.provider,
          description: r.def.description,
          severity: r.def.severity ?? 'high',
          ai: r.def.ai ?? false,
          start,
          end: start + value.length,
          value,
          order: i,
        });
      }
    }
    return resolveOverlaps(hits);
  }

  /**
   * The keyword prefilter: one pass over the text keeping the last three characters, lower-cased
   * through a table, as a 21-bit trigram that indexes a bitmap; keywords are confirmed only where
   * a trigram starts one and only until each is found once. No lower-cased copy of the text, no
   * per-position Map lookups: common pairs ("se", "co", "pa") no longer cost a lookup each.
   */
  private candidates(text: string): Set<number> {
    const found = new Set<number>();
    const gen = ++this.gen;
    const tri = this.triTable;
    const pairs = this.byPair.size > 0 ? this.pairTable : undefined;
    const n = text.length;
    // Trigrams whose keywords have all been found are switched off for the rest of this call (and
    // restored after), so a common trigram ("pas", "sec") costs one table read once it is done.
    const off: number[] = [];
    let h = 0;
    try {
      for (let i = 0; i < n; i++) {
        const raw = text.charCodeAt(i);
        h = ((h << 7) | (raw < 128 ? LOWER[raw]! : 0)) & 0x1fffff;
        if (pairs !== undefined && pairs[h & 0x3fff] === 1) this.confirm(this.byPair.get(h & 0x3fff)!, text, i - 1, gen, found);
        if (tri[h] === 0 || i < 2) continue;
        if (this.confirm(this.byTri.get(h)!, text, i - 2, gen, found)) {
          tri[h] = 0;
          off.push(h);
        }
      }
    } finally {
      for (const t of off) tri[t] = 1;
    }
    if (this.oddKeywords.length) {
      const lower = text.toLowerCase();
      for (const id of this.oddKeywords) if (lower.includes(this.keywords[id]!)) for (const r of this.keywordRules[id]!) found.add(r);
    }
    return found;
  }

  /** Confirms the keywords starting at `at`; true when every keyword of the list is now found. */
  private confirm(ids: number[], text: string, at: number, gen: number, found: Set<number>): boolean {
    let done = true;
    for (const id of ids) {
      if (this.seenGen[id] === gen) continue;
      const k = this.keywords[id]!;
      if (!startsWithLower(text, k, at)) {
        done = false;
        continue;
      }
      this.seenGen[id] = gen;
      for (const r of this.keywordRules[id]!) found.add(r);
    }
    return done;
  }

  private accept(r: CompiledRule, value: string, text: string, start: number): boolean {
    if (r.def.entropy !== undefined && shannonEntropy(value) < r.def.entropy) return false;
    if (isPlaceholder(value)) return false;
    if (r.def.generic && isBareUuid(value) && !r.def.regex.includes('[0-9a-f]{8}-')) return false;
    const lower = value.toLowerCase();
    if (r.stopwords.some((s) => lower.includes(s))) return false;
    if (r.allow.some((a) => a.test(value))) return false;
    return !insideNonSecretContext(text, start);
  }
}

/** ASCII lower-case table; NUL marks "not ASCII" in the trigram (no keyword contains NUL). */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

function push(m: Map<number, number[]>, key: number, id: number): void {
  const list = m.get(key);
  if (list) list.push(id);
  else m.set(key, [id]);
}

/** `text.slice(at).toLowerCase().startsWith(k)` for a lower-case keyword, without the copies. */
function startsWithLower(text: string, k: string, at: number): boolean {
  if (at < 0 || at + k.length > text.length) return false;
  for (let j = 0; j < k.length; j++) {
    const c = text.charCodeAt(at + j);
    const want = k.charCodeAt(j);
    if (c < 128) {
      if (LOWER[c] !== want) return false;
    } else if (c !== want && text[at + j]!.toLowerCase() !== k[j]) return false;
  }
  return true;
}

function resolveOverlaps(hits: (SecretHit & { order: number })[]): SecretHit[] {
  hits.sort((a, b) => a.order - b.order || a.start - b.start);
  const kept: SecretHit[] = [];
  for (const h of hits) {
    if (kept.some((k) => h.start < k.end && k.start < h.end)) continue;
    const { order: _order, ...rest } = h;
    kept.push(rest);
  }
  return kept.sort((a, b) => a.start - b.start);
}
