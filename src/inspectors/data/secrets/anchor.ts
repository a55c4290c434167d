/**
 * Does every match of a rule's regex begin with one of its keywords? Then the regex never needs to
 * scan the text: it is tried sticky, only where the prefilter saw a keyword — a few characters of
 * work per occurrence instead of a pass over the whole block per rule. This module reads the
 * regex source far enough to know the literal text every match starts with.
 */

/** Characters that end a literal run in a regex source (outside a class). */
const META = new Set(['[', ']', '(', ')', '.', '*', '+', '?', '{', '}', '|', '^', '$']);
/** Escapes that stand for a class or an assertion, not a literal character. */
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'p', 'P', 'u', 'x', 'c', 'k', 'n', 'r', 't', 'f', 'v', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

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

/**
 * The literal prefixes every match of `src` starts with (one per alternative), or null when some
 * match may start with something that is not a literal (a class, an optional character).
 * Zero-width prefixes (\b, lookbehind) are skipped: they do not consume text.
 */
export function leadingLiterals(src: string, depth = 0): string[] | null {
  if (depth > 8) return null;
  let i = 0;
  for (;;) {
    if (src.startsWith('\\b', i)) i += 2;
    else if (src.startsWith('(?<=', i) || src.startsWith('(?<!', i)) {
      const end = groupEnd(src, i);
      if (end < 0) return null;
      i = end;
    } else break;
  }
  if (src[i] === '(') {
    const end = groupEnd(src, i);
    if (end < 0) return null;
    // A quantified group (`(...)?`, `(...){0,2}`) may match nothing.
    if (/^[?*{]/.test(src.slice(end, end + 1))) return null;
    let bodyStart: number;
    if (src.startsWith('(?:', i)) bodyStart = i + 3;
    else if (src.startsWith('(?<', i)) bodyStart = src.indexOf('>', i) + 1; // named group (lookbehinds were skipped above)
    else if (src.startsWith('(?', i)) return null; // a lookahead first: zero-width, then anything
    else bodyStart = i + 1;
    const body = src.slice(bodyStart, end - 1);
    const out: string[] = [];
    for (const b of branches(body)) {
      const lits = leadingLiterals(b, depth + 1);
      if (!lits) return null;
      out.push(...lits);
    }
    return out;
  }
  let lit = '';
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined || CLASS_ESCAPES.has(e) || /[A-Za-z]/.test(e)) break;
      // A quantifier after the escaped character makes it optional or repeated: stop before it.
      if (/^[?*{+]/.test(src.slice(i + 2, i + 3))) break;
      lit += e;
      i += 2;
      continue;
    }
    if (META.has(c)) break;
    if (/^[?*{+]/.test(src.slice(i + 1, i + 2))) break;
    lit += c;
    i++;
  }
  return lit ? [lit] : null;
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
