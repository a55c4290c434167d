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
  /** Keywords by their first two (ASCII, lower-case) characters, for the prefilter scan. */
  private readonly byPair = new Map<number, string[]>();
  private readonly pairTable = new Uint8Array(1 << 14);
  /** Keywords starting with a non-ASCII character (rare): checked with indexOf. */
  private readonly oddKeywords: string[] = [];
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
    for (const k of this.byKeyword.keys()) {
      const a = k.charCodeAt(0);
      const b = k.charCodeAt(1);
      if (k.length < 2 || a > 127 || b > 127) {
        this.oddKeywords.push(k);
        continue;
      }
      const pair = (a << 7) | b;
      this.pairTable[pair] = 1;
      const list = this.byPair.get(pair) ?? [];
      list.push(k);
      this.byPair.set(pair, list);
    }
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
   * The keyword prefilter: one pass over the lower-cased text looking up each two-character pair
   * in a 16K table (an Aho-Corasick-lite), confirming keywords only where a pair starts one. Much
   * cheaper than one regex alternation of 300 keywords, which V8 cannot turn into an automaton.
   */
  private candidates(text: string): Set<number> {
    const found = new Set<number>();
    const lower = text.toLowerCase();
    const seen = new Set<string>();
    const table = this.pairTable;
    const n = lower.length - 1;
    let b = lower.charCodeAt(0);
    for (let i = 0; i < n; i++) {
      const a = b;
      b = lower.charCodeAt(i + 1);
      if (a > 127 || b > 127) continue;
      const pair = (a << 7) | b;
      if (table[pair] === 0) continue;
      for (const k of this.byPair.get(pair)!) {
        if (seen.has(k) || !lower.startsWith(k, i)) continue;
        seen.add(k);
        for (const r of this.byKeyword.get(k)!) found.add(r);
      }
    }
    for (const k of this.oddKeywords) if (lower.includes(k)) for (const r of this.byKeyword.get(k)!) found.add(r);
    return found;
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
