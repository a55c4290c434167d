/**
 * The rules of a page's own stylesheet that hide what they select (`display:none`, off-screen, …),
 * and matching them against an element and its open ancestors as an HTML parser walks the page.
 * Selectors are read as far as a streaming walk can decide them: type, class, id and attribute
 * selectors (`[hidden]`, `[data-x="y"]`, `^=`, `$=`, `*=`, `~=`), compounds of those
 * (`div.note#x`), the universal `*`, and the descendant and child combinators
 * (`.article .ai-note`, `main > .x`) and the sibling combinators (`h2 + p`, `.marker ~ div`: an
 * element's earlier siblings are closed, so known, when it opens). A selector with a pseudo-class
 * or pseudo-element (`:hover`, `::before`) is not resolved. Rules inside `@media` apply
 * unless the query is for print only (a block hidden on screen is hidden from its readers);
 * `@supports` and `@layer` blocks apply; `@keyframes`, `@font-face` and the like hold no selectors.
 *
 * The scan is one linear pass over the stylesheet (a regex over brace-less text backtracks
 * quadratically), and at most MAX_RULES selectors are kept; matching a page is bounded by
 * PAGE_MATCH_BUDGET element checks.
 */

export interface SimpleSelector {
  tag?: string;
  ids: string[];
  classes: string[];
  attrs: { name: string; op?: string; value?: string }[];
}

export interface HidingSelector {
  /** Compound selectors from the outermost ancestor to the element itself. */
  parts: SimpleSelector[];
  /**
   * The combinator before each part (`' '` descendant, `'>'` child, `'+'` next sibling, `'~'` any
   * earlier sibling); the first is unused.
   */
  combinators: string[];
  /** The selector as written (whitespace collapsed), for the reason a finding gives. */
  text: string;
  why: string;
}

/** What the matcher needs of an open element. */
export interface ElementInfo {
  name: string;
  attribs: Record<string, string>;
  classes: string[];
  /** The element sibling just before it (closed by the time this one opens), for `+` and `~`. */
  prev?: ElementInfo;
}

const MAX_RULES = 2000;

/** Parses a compound selector chain; undefined when it uses what a streaming walk cannot decide. */
export function parseSelector(text: string): Pick<HidingSelector, 'parts' | 'combinators'> | undefined {
  const s = text.trim();
  if (!s || s.replace(/\[[^\]]*\]/g, '[]').includes(':')) return undefined;
  const parts: SimpleSelector[] = [];
  const combinators: string[] = [];
  let i = 0;
  let pending = ' ';
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    if (s[i] === '>' || s[i] === '+' || s[i] === '~') {
      pending = s[i]!;
      i++;
      continue;
    }
    const part: SimpleSelector = { ids: [], classes: [], attrs: [] };
    const start = i;
    while (i < s.length && !/[\s>+~]/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '*') i++;
      else if (c === '.' || c === '#') {
        const m = /^[\w-]+/.exec(s.slice(i + 1));
        if (!m) return undefined;
        (c === '.' ? part.classes : part.ids).push(m[0]);
        i += 1 + m[0].length;
      } else if (c === '[') {
        const end = s.indexOf(']', i);
        if (end < 0) return undefined;
        const m = /^\s*([\w-]+)\s*(?:([~^$*|]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]*))\s*(?:i\s*)?)?$/.exec(s.slice(i + 1, end));
        if (!m) return undefined;
        part.attrs.push({ name: m[1]!.toLowerCase(), op: m[2], value: m[3] ?? m[4] ?? m[5] });
        i = end + 1;
      } else {
        const m = /^[A-Za-z][\w-]*/.exec(s.slice(i));
        if (!m || i !== start) return undefined;
        part.tag = m[0].toLowerCase();
        i += m[0].length;
      }
    }
    combinators.push(parts.length ? pending : ' ');
    parts.push(part);
    pending = ' ';
  }
  return parts.length && parts.length <= MAX_PARTS ? { parts, combinators } : undefined;
}

/**
 * The hiding rules of a stylesheet (comments already stripped or not): each selector of each rule
 * whose declarations hide, with the reason `hidingStyle` gives.
 */
export function hidingSelectors(css: string, hidingStyle: (declarations: string) => string | undefined, out: HidingSelector[] = []): HidingSelector[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  walkBlocks(text, 0, text.length, hidingStyle, out);
  return out;
}

/** Reads the rules in `text[from, to)`, descending into the at-rules whose contents apply. */
function walkBlocks(text: string, from: number, to: number, hidingStyle: (d: string) => string | undefined, out: HidingSelector[]): void {
  let at = from;
  while (at < to && out.length < MAX_RULES) {
    const open = text.indexOf('{', at);
    if (open < 0 || open >= to) return;
    const close = matching(text, open, to);
    const prelude = text.slice(at, open).trim();
    if (prelude.startsWith('@')) {
      // A block at-rule: its rules apply on screen (@media screen/all/width, @supports, @layer).
      if (/^@(?:media|supports|layer|container|document)\b/i.test(prelude) && !/^@media\s+(?:only\s+)?print\s*$/i.test(prelude)) walkBlocks(text, open + 1, close, hidingStyle, out);
    } else {
      const why = hidingStyle(text.slice(open + 1, close));
      if (why) {
        for (const sel of prelude.split(',')) {
          const parsed = parseSelector(sel);
          if (parsed && out.length < MAX_RULES) out.push({ ...parsed, text: sel.trim().replace(/\s+/g, ' '), why });
        }
      }
    }
    at = close + 1;
  }
}

/** The `}` closing the block opened at `open` (or `to` when the sheet ends first). */
function matching(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return to;
}

/** Whether `el` matches one compound selector. */
function matchesPart(el: ElementInfo, p: SimpleSelector): boolean {
  if (p.tag !== undefined && p.tag !== el.name) return false;
  for (const id of p.ids) if (el.attribs.id !== id) return false;
  for (const c of p.classes) if (!el.classes.includes(c)) return false;
  for (const a of p.attrs) {
    const v = el.attribs[a.name];
    if (v === undefined) return false;
    if (a.op === undefined) continue;
    const want = a.value ?? '';
    const ok =
      a.op === '=' ? v === want
      : a.op === '~=' ? v.split(/\s+/).includes(want)
      : a.op === '^=' ? want !== '' && v.startsWith(want)
      : a.op === '$=' ? want !== '' && v.endsWith(want)
      : a.op === '*=' ? want !== '' && v.includes(want)
      : v === want || v.startsWith(`${want}-`);
    if (!ok) return false;
  }
  return true;
}

/**
 * Ancestor checks left for a page: a hostile page (a deep nest under a long descendant chain that
 * ends on a common class) would otherwise cost elements × parts × ancestors. When it runs out, the
 * selectors that need ancestors stop matching, and the reader says so.
 */
export interface MatchBudget {
  left: number;
}
export const PAGE_MATCH_BUDGET = 1_000_000;

/**
 * Ancestors looked at for a descendant combinator: real pages nest a few dozen deep; a hostile one
 * nested 200,000 deep would otherwise cost the depth for every element.
 */
const MAX_ANCESTORS = 256;

/** Longest selector chain resolved (parts); a longer one is not. */
const MAX_PARTS = 32;
const failedAt = new Uint32Array(MAX_PARTS * (MAX_ANCESTORS + 1));
let generation = 0;

/** Earlier siblings looked at for a `~` combinator. */
const MAX_SIBLINGS = 256;

/**
 * Whether `sel` selects the innermost element of `stack` (the open elements, outermost first):
 * right to left, a child combinator needing the parent, a descendant one any of the nearest
 * MAX_ANCESTORS, `+` the element just before, `~` any of the MAX_SIBLINGS before (a sibling
 * shares the parent, so the ancestors above it are the stack's). A (part, open ancestor) pair that
 * failed is not tried again, so a long chain of descendant selectors costs at most parts ×
 * MAX_ANCESTORS; sibling steps are held by the page's budget.
 */
export function selects(sel: HidingSelector, stack: readonly ElementInfo[], budget: MatchBudget): boolean {
  const last = sel.parts.length - 1;
  if (!stack.length || !matchesPart(stack[stack.length - 1]!, sel.parts[last]!)) return false;
  if (last === 0) return true;
  if (budget.left <= 0) return false;
  const floor = Math.max(0, stack.length - 1 - MAX_ANCESTORS);
  // (part, open ancestor) pairs that failed in this call carry this call's stamp.
  const stamp = ++generation;
  /** Whether parts[0..part] match with parts[part] on stack[k] (an open ancestor). */
  const onAncestor = (part: number, k: number): boolean => {
    const key = part * (MAX_ANCESTORS + 1) + (stack.length - 1 - k);
    if (failedAt[key] === stamp) return false;
    if (--budget.left < 0) return false;
    if (matchesPart(stack[k]!, sel.parts[part]!) && before(part, stack[k]!, k - 1)) return true;
    failedAt[key] = stamp;
    return false;
  };
  /** Whether parts[0..part) match left of `el` (matched by parts[part]), whose parent is stack[parent]. */
  const before = (part: number, el: ElementInfo, parent: number): boolean => {
    if (part === 0) return true;
    const combinator = sel.combinators[part]!;
    if (combinator === '>') return parent >= floor && onAncestor(part - 1, parent);
    if (combinator === ' ') {
      for (let k = parent; k >= floor; k--) if (onAncestor(part - 1, k)) return true;
      return false;
    }
    let sib = el.prev;
    for (let n = 0; sib && n < MAX_SIBLINGS; n++, sib = combinator === '~' ? sib.prev : undefined) {
      if (--budget.left < 0) return false;
      if (matchesPart(sib, sel.parts[part - 1]!) && before(part - 1, sib, parent)) return true;
    }
    return false;
  };
  return before(last, stack[stack.length - 1]!, stack.length - 2);
}
