import type { Severity } from '../../../core/index.js';
import type { SecretRuleDef } from './rule-types.js';
import { shannonEntropy } from './entropy.js';
import { Base64Runs, insideNonSecretContext, isBareUuid, isPlaceholder } from './false-positives.js';
import { anchoredOnKeyword, leadingLiterals } from './anchor.js';
import { KeywordPrefilter, locatable } from './prefilter.js';
import { keepDisjoint } from '../keep-disjoint.js';

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
  /**
   * How the rule finds its matches: `keyword` — every match starts with one of its keywords, so the
   * sticky regex is tried at each keyword offset the prefilter reports; `literal` — every match
   * starts with one of its leading literals, which the prefilter also locates (they enable no
   * rule); `scan` — the global regex runs over the whole text.
   */
  mode: 'keyword' | 'literal' | 'scan';
  sticky?: RegExp;
  keywordIds: number[];
  /** The rule's keywords in lower case (a value's format prefix is looked up among them). */
  keywordsLower: string[];
  /** Prefilter ids whose offsets the sticky regex is tried at (keywords or leading literals). */
  anchorIds: number[];
  group: number;
  allow: RegExp[];
  stopwords: string[];
  allowMatch: RegExp[];
}

export interface ScanTextOptions {
  /** Drop keyword-context (generic) rules: lockfiles and minified bundles. */
  skipGeneric?: boolean;
}

/**
 * Compiled rule set. One prefilter pass finds which rules' keywords occur in the text; only those
 * rules run, and most of them (those whose matches start with a keyword or a literal) are tried
 * only where that keyword or literal sits, never as a pass over the whole text. That is what makes
 * 250 rules cost about one pass.
 */
export class SecretEngine {
  private readonly rules: CompiledRule[] = [];
  private readonly prefilter: KeywordPrefilter;
  /** Per keyword id, the rules it enables. */
  private readonly keywordRules: number[][] = [];
  /** Rules whose definitions failed to compile, with why; the analyzer reports them once. */
  readonly invalid: { id: string; message: string }[] = [];

  /** `wholeText: true` runs every rule as a global scan (the reference the anchored modes are tested against). */
  constructor(defs: readonly SecretRuleDef[], opts: { wholeText?: boolean } = {}) {
    const byKeyword = new Map<string, number>();
    const keywords: string[] = [];
    const positional: boolean[] = [];
    const idOf = (k: string): number => {
      const key = k.toLowerCase();
      let id = byKeyword.get(key);
      if (id === undefined) {
        id = keywords.push(key) - 1;
        byKeyword.set(key, id);
        this.keywordRules.push([]);
        positional.push(false);
      }
      return id;
    };
    for (const def of defs) {
      try {
        const extra = (def.flags ?? '').replace(/[gy]/g, '');
        const re = new RegExp(def.regex, 'g' + extra);
        const hasGroup = new RegExp(`${def.regex}|`).exec('')!.length > 1;
        if (!def.keywords.length) throw new Error('a rule needs at least one keyword');
        const onKeyword = !opts.wholeText && anchoredOnKeyword(def.regex, def.keywords) && def.keywords.every(locatable);
        const literals = onKeyword || opts.wholeText ? [] : (leadingLiterals(def.regex) ?? []);
        const onLiteral = literals.length > 0 && literals.every(locatable);
        const compiled: CompiledRule = {
          def,
          re,
          mode: onKeyword ? 'keyword' : onLiteral ? 'literal' : 'scan',
          sticky: onKeyword || onLiteral ? new RegExp(def.regex, 'y' + extra) : undefined,
          keywordIds: [],
          keywordsLower: def.keywords.map((k) => k.toLowerCase()),
          anchorIds: [],
          group: def.secretGroup ?? (hasGroup ? 1 : 0),
          // Case-sensitive on purpose: 'i' turns patterns such as ^[a-z]+(?:[A-Z][a-z0-9]+)+$ into
          // catastrophic backtracking (every letter matches both classes).
          allow: (def.allowlist?.regexes ?? []).map((r) => new RegExp(r)),
          stopwords: (def.allowlist?.stopwords ?? []).map((s) => s.toLowerCase()),
          allowMatch: (def.allowlist?.matchRegexes ?? []).map((r) => new RegExp(r, 'i')),
        };
        const idx = this.rules.push(compiled) - 1;
        for (const k of def.keywords) {
          const id = idOf(k);
          this.keywordRules[id]!.push(idx);
          compiled.keywordIds.push(id);
        }
        // The prefilter is case-insensitive: for a case-sensitive rule it reports a superset of
        // offsets, and the sticky regex decides.
        compiled.anchorIds = onKeyword ? compiled.keywordIds : onLiteral ? [...new Set(literals.map(idOf))] : [];
        for (const id of compiled.anchorIds) positional[id] = true;
      } catch (e) {
        this.invalid.push({ id: def.id, message: (e as Error).message });
      }
    }
    this.prefilter = new KeywordPrefilter(keywords, positional);
  }

  get size(): number {
    return this.rules.length;
  }

  /** Every secret in `text`, overlaps resolved in favour of the earlier (more specific) rule. */
  scan(text: string, opts: ScanTextOptions = {}): SecretHit[] {
    const pf = this.prefilter;
    pf.scan(text);
    if (!pf.seen.length) return [];
    const candidates = new Set<number>();
    for (const id of pf.seen) for (const r of this.keywordRules[id]!) candidates.add(r);
    const hits: (SecretHit & { order: number })[] = [];
    const runs = new Base64Runs();
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const r = this.rules[i]!;
      if (opts.skipGeneric && r.def.generic) continue;
      const take = (m: RegExpExecArray) => {
        const value = m[r.group];
        if (!value) return;
        // A group captured inside a leading lookbehind sits just before the match.
        const rel = r.group === 0 ? 0 : m[0].indexOf(value);
        const start = rel >= 0 ? m.index + rel : text.lastIndexOf(value, m.index);
        if (!this.accept(r, value, text, start, runs, m[0])) return;
        hits.push({ ruleId: r.def.id, provider: r.def.provider, description: r.def.description, severity: r.def.severity ?? 'high', ai: r.def.ai ?? false, start, end: start + value.length, value, order: i });
      };
      if (r.mode === 'scan' || r.anchorIds.some((id) => pf.overflowed(id))) {
        r.re.lastIndex = 0;
        for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
          if (m[0].length === 0) r.re.lastIndex++;
          else take(m);
        }
        continue;
      }
      // Tried in order, never inside the previous match: the same matches a global scan finds.
      let doneTo = 0;
      for (const p of this.anchorOffsets(r)) {
        if (p < doneTo) continue;
        r.sticky!.lastIndex = p;
        const m = r.sticky!.exec(text);
        if (!m || m[0].length === 0) continue;
        take(m);
        doneTo = p + m[0].length;
      }
    }
    return resolveOverlaps(hits);
  }

  /** Ascending offsets of a rule's anchors (keywords or leading literals) in the last prefiltered text. */
  private anchorOffsets(r: CompiledRule): readonly number[] {
    if (r.anchorIds.length === 1) return this.prefilter.positionsOf(r.anchorIds[0]!);
    const all: number[] = [];
    for (const id of r.anchorIds) for (const p of this.prefilter.positionsOf(id)) all.push(p);
    return all.sort((a, b) => a - b);
  }

  private accept(r: CompiledRule, value: string, text: string, start: number, runs: Base64Runs, match: string): boolean {
    if (r.def.entropy !== undefined && shannonEntropy(value) < r.def.entropy) return false;
    if (isPlaceholder(value, keywordPrefix(value, r.keywordsLower))) return false;
    if (r.def.generic && isBareUuid(value) && !UUID_VALUED.test(r.def.regex)) return false;
    const lower = value.toLowerCase();
    if (r.stopwords.some((s) => lower.includes(s))) return false;
    if (r.allow.some((a) => a.test(value))) return false;
    if (r.allowMatch.length && r.allowMatch.some((a) => a.test(match))) return false;
    return !insideNonSecretContext(text, start, runs);
  }
}

/**
 * A rule whose value is itself a UUID (a Pinecone legacy key, an Exa key): bare UUIDs are not
 * dropped for it. Matched on either order of the hex class — `[a-f0-9]{8}-` was missed, and both
 * such rules never reported anything.
 */
const UUID_VALUED = /\[(?:0-9a-f|a-f0-9)(?:A-F)?\]\{8\}-/i;

/** Length of the longest of a rule's (lower-case) keywords the value opens with, in any case; else 0. */
function keywordPrefix(value: string, lower: readonly string[]): number {
  let n = 0;
  for (const k of lower) if (k.length > n && value.length > k.length && value.slice(0, k.length).toLowerCase() === k) n = k.length;
  return n;
}

function resolveOverlaps(hits: (SecretHit & { order: number })[]): SecretHit[] {
  hits.sort((a, b) => a.order - b.order || a.start - b.start);
  return keepDisjoint(hits)
    .map(({ order: _order, ...rest }) => rest)
    .sort((a, b) => a.start - b.start);
}
