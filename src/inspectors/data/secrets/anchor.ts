/**
 * Does every match of a rule's regex begin with one of its keywords? Then the regex never needs to
 * scan the text: it is tried sticky, only where the prefilter saw a keyword — a few characters of
 * work per occurrence instead of a pass over the whole block per rule. This module reads the
 * regex source far enough to know the literal text every match starts with.
 */

/** Characters that end a literal run in a regex source (outside a class). */
const META = new Set(['[', ']', '(', ')', '.', '*', '+', '?', '{', '}', '|', '^', '$']);

/** Index just past the group that opens at `i` (src[i] === '('), or -1 when unbalanced. */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/** Top-level `|` branches of a group body. */
function branches(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === '\\') j++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, j));
      from = j + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** At most this many alternative prefixes are expanded (`(?:a|b)(?:c|d)` is four). */
const MAX_PREFIXES = 64;

/** The characters of a small bracket class (`[pe]`, `[a-c]`), or null when it is negated or large. */
function classChars(body: string): string[] | null {
  if (body.startsWith('^')) return null;
  const out: string[] = [];
  for (let j = 0; j < body.length; j++) {
    let c = body[j]!;
    if (c === '\\') {
      const e = body[++j];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return null;
      c = e;
    }
    if (body[j + 1] === '-' && j + 2 < body.length) {
      const to = body[j + 2]!;
      if (to === '\\' || to.charCodeAt(0) - c.charCodeAt(0) > 8) return null;
      for (let x = c.charCodeAt(0); x <= to.charCodeAt(0); x++) out.push(String.fromCharCode(x));
      j += 2;
    } else out.push(c);
    if (out.length > 8) return null;
  }
  return out.length ? out : null;
}

/** Index past a zero-width assertion starting at `i` (`\b`, `\B`, a lookaround), or `i` when there is none. */
function skipZeroWidth(src: string, i: number): number {
  for (;;) {
    if (src.startsWith('\\b', i) || src.startsWith('\\B', i)) i += 2;
    else if (src.startsWith('(?<=', i) || src.startsWith('(?<!', i) || src.startsWith('(?=', i) || src.startsWith('(?!', i)) {
      const end = groupEnd(src, i);
      if (end < 0) return i;
      i = end;
    } else return i;
  }
}

const QUANTIFIER = /^[?*+{]/;

/**
 * What every match of `src` starts with: the alternative literal prefixes (`complete` when they
 * are the whole of `src`, so a caller may append what follows a group). Groups of literal
 * branches and small classes multiply out, up to MAX_PREFIXES; zero-width assertions are skipped.
 */
function expand(src: string, depth: number): { lits: string[]; complete: boolean } | null {
  if (depth > 8) return null;
  let outs = [''];
  let i = 0;
  for (;;) {
    i = skipZeroWidth(src, i);
    if (i >= src.length) return { lits: outs, complete: true };
    let alts: string[];
    let next: number;
    let last = false;
    const c = src[i]!;
    if (c === '(') {
      const end = groupEnd(src, i);
      if (end < 0 || QUANTIFIER.test(src.slice(end, end + 1))) break;
      let bodyStart: number;
      if (src.startsWith('(?:', i)) bodyStart = i + 3;
      else if (src.startsWith('(?<', i)) bodyStart = src.indexOf('>', i) + 1; // named group
      else if (src.startsWith('(?', i)) break;
      else bodyStart = i + 1;
      alts = [];
      for (const b of branches(src.slice(bodyStart, end - 1))) {
        const sub = expand(b, depth + 1);
        if (!sub) return finish(outs);
        alts.push(...sub.lits);
        // A branch that is not all literal ends the prefix here.
        if (!sub.complete) last = true;
      }
      next = end;
    } else if (c === '[') {
      const close = src.indexOf(']', i + 2);
      const chars = close < 0 ? null : classChars(src.slice(i + 1, close));
      if (!chars || QUANTIFIER.test(src.slice(close + 1, close + 2))) break;
      alts = chars;
      next = close + 1;
    } else if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e) || QUANTIFIER.test(src.slice(i + 2, i + 3))) break;
      alts = [e];
      next = i + 2;
    } else {
      if (META.has(c) || QUANTIFIER.test(src.slice(i + 1, i + 2))) break;
      alts = [c];
      next = i + 1;
    }
    if (outs.length * alts.length > MAX_PREFIXES) break;
    const grown: string[] = [];
    for (const o of outs) for (const a of alts) grown.push(o + a);
    outs = grown;
    i = next;
    if (last) break;
  }
  return finish(outs);
}

function finish(outs: string[]): { lits: string[]; complete: boolean } | null {
  return outs.every((o) => o.length > 0) ? { lits: outs, complete: false } : null;
}

/**
 * The literal prefixes every match of `src` starts with (one per alternative), or null when some
 * match may start with something that is not a literal (a class, an optional character).
 */
export function leadingLiterals(src: string): string[] | null {
  // A top-level alternation (`abc|def`) is a choice of whole patterns: each must start with literals.
  const out: string[] = [];
  for (const b of branches(src)) {
    const r = expand(b, 0);
    if (!r || !r.lits.every((l) => l.length > 0)) return null;
    out.push(...r.lits);
  }
  return out.length <= MAX_PREFIXES ? out : null;
}

/**
 * True when every match of the rule starts with one of its keywords (compared case-insensitively,
 * as the prefilter finds them), so a sticky try at each keyword occurrence finds every match.
 */
export function anchoredOnKeyword(regex: string, keywords: readonly string[]): boolean {
  const lits = leadingLiterals(regex);
  if (!lits?.length) return false;
  const kws = keywords.map((k) => k.toLowerCase());
  return lits.every((l) => kws.some((k) => l.toLowerCase().startsWith(k)));
}
