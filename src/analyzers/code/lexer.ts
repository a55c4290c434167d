/**
 * A light, single-pass lexer per language. It does not build tokens; it produces a *masked view*
 * of the source of the same length where comments (and Python docstrings) are blanked and string
 * interiors are blanked, plus the list of string literals with their decoded-enough values.
 *
 * Why this shape: detectors run plain regexes over `code`, so commented-out calls and code-like
 * text inside strings never match, while offsets and line numbers stay those of the original
 * file. When a detector needs an argument's value it asks for the literal at an offset.
 */

export type Lang = 'python' | 'js' | 'go' | 'java';

export interface StringLit {
  /** Offset of the opening quote (after any prefix such as `f`/`r`/`b`). */
  start: number;
  /** Offset just past the closing quote. */
  end: number;
  /** The literal's text between the quotes; escapes are left as written (good enough for ids, URLs). */
  value: string;
  /** An f-string / template literal with interpolation: the value is a pattern, not a constant. */
  interpolated: boolean;
}

export interface Lexed {
  lang: Lang;
  /** Same length as the source: comments → spaces, string interiors → spaces, newlines kept. */
  code: string;
  strings: StringLit[];
}

function isIdentStart(ch: number): boolean {
  return (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95 || ch === 36;
}

function isIdentPart(ch: number): boolean {
  return isIdentStart(ch) || (ch >= 48 && ch <= 57);
}

/**
 * Ranges of the source to blank, in increasing order (the lexer is one forward pass). Building the
 * masked string from slices is several times faster than editing a char buffer.
 */
type Blanks = number[];

/** Blanks `src[from, to)` in the output, keeping newlines so line numbers hold. */
function blank(out: Blanks, _src: string, from: number, to: number): void {
  if (to <= from) return;
  const last = out.length - 1;
  // Adjacent or overlapping ranges merge (a docstring's prefix then its body).
  if (last > 0 && out[last]! >= from) {
    out[last] = Math.max(out[last]!, to);
    return;
  }
  out.push(from, to);
}

function render(src: string, ranges: Blanks): string {
  const parts: string[] = [];
  let prev = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const from = Math.max(ranges[k]!, prev);
    const to = ranges[k + 1]!;
    if (to <= from) continue;
    parts.push(src.slice(prev, from), src.slice(from, to).replace(/[^\n]/g, ' '));
    prev = to;
  }
  parts.push(src.slice(prev));
  return parts.join('');
}

/** Scans a quoted string starting at `i` (the opening quote); returns the offset past its end. */
function scanQuoted(src: string, i: number, quote: string, triple: boolean, multiline: boolean): number {
  const n = src.length;
  let j = i + (triple ? 3 : 1);
  while (j < n) {
    const c = src[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (!triple) return j + 1;
      if (src[j + 1] === quote && src[j + 2] === quote) return j + 3;
    } else if (c === '\n' && !triple && !multiline) {
      return j; // unterminated single-line string: stop at the line end, like the real tokenizers
    }
    j++;
  }
  return n;
}

/** Which characters before a `/` mean it starts a regex literal rather than dividing. */
const REGEX_PREV = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

function lexPython(src: string, out: Blanks, strings: StringLit[]): void {
  const n = src.length;
  let depth = 0;
  let prevSig = ''; // last significant code character (for the docstring test)
  let lineHasCode = false;
  let i = 0;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      lineHasCode = false;
      i++;
      continue;
    }
    if (c === '#') {
      const e = src.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(out, src, i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      // String prefixes (f, r, b, u, rb, fr …) sit just before the quote.
      let p = i;
      while (p > 0 && /[rRbBuUfF]/.test(src[p - 1]!) && p > i - 2) p--;
      const prefixOk = p === i || p === 0 || !/[\w]/.test(src[p - 1]!);
      const prefix = prefixOk ? src.slice(p, i).toLowerCase() : '';
      const triple = src[i + 1] === c && src[i + 2] === c;
      const end = scanQuoted(src, i, c, triple, false);
      const q = triple ? 3 : 1;
      const closed = end - q >= i + q;
      const value = src.slice(i + q, closed ? end - q : end);
      // A string that is a statement on its own (not inside brackets, nothing before it on the
      // line, nothing after) is a docstring or a commented-out block: treat it as a comment.
      const after = src.slice(end, (src.indexOf('\n', end) + 1 || n + 1) - 1);
      const isStatement = depth === 0 && !lineHasCode && prevSig !== '\\' && prevSig !== ',' && prevSig !== '=' && /^\s*(#.*)?$/.test(after);
      if (isStatement) {
        blank(out, src, p, end);
      } else {
        blank(out, src, i + q, closed ? end - q : end);
        strings.push({ start: i, end, value, interpolated: prefix.includes('f') && value.includes('{') });
        prevSig = c;
        lineHasCode = true;
      }
      i = end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    if (c !== ' ' && c !== '\t' && c !== '\r') {
      prevSig = c;
      lineHasCode = true;
    }
    i++;
  }
}

function lexCLike(src: string, out: Blanks, strings: StringLit[], lang: Lang): void {
  const n = src.length;
  let prevSig = '';
  let prevWord = '';
  // Template literals (JS): the open `${` interpolations, each with its template's start offset and
  // the brace depth at which it opened, so the matching `}` resumes the right template.
  const templateStack: { start: number; depth: number }[] = [];
  let braceDepth = 0;
  let i = 0;
  const pushString = (start: number, end: number, q: number, interpolated = false) => {
    const closed = end - q >= start + q;
    blank(out, src, start + q, closed ? end - q : end);
    strings.push({ start, end, value: src.slice(start + q, closed ? end - q : end), interpolated });
    prevSig = '"';
    prevWord = '';
  };
  /** Scans template text from `from` to the closing backtick (recording the whole literal) or to a `${`. */
  const scanTemplate = (from: number, tplStart: number): void => {
    let j = from;
    while (j < n) {
      const c = src[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        blank(out, src, from, j);
        const raw = src.slice(tplStart + 1, j);
        strings.push({ start: tplStart, end: j + 1, value: raw, interpolated: raw.includes('${') });
        i = j + 1;
        prevSig = '"';
        return;
      }
      if (c === '$' && src[j + 1] === '{') {
        blank(out, src, from, j);
        templateStack.push({ start: tplStart, depth: braceDepth });
        braceDepth++;
        i = j + 2;
        return;
      }
      j++;
    }
    blank(out, src, from, n);
    strings.push({ start: tplStart, end: n, value: src.slice(tplStart + 1), interpolated: true });
    i = n;
  };
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const e = src.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(out, src, i, end);
      i = end;
      continue;
    }
    if (c === '/' && d === '*') {
      const e = src.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      blank(out, src, i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = lang === 'java' && c === '"' && d === '"' && src[i + 2] === '"';
      const end = scanQuoted(src, i, c, triple, false);
      pushString(i, end, triple ? 3 : 1);
      i = end;
      continue;
    }
    if (c === '`') {
      if (lang === 'go') {
        const e = src.indexOf('`', i + 1);
        const end = e < 0 ? n : e + 1;
        pushString(i, end, 1);
        i = end;
        continue;
      }
      if (lang === 'js') {
        scanTemplate(i + 1, i);
        continue;
      }
    }
    if (lang === 'js' && c === '/' && (REGEX_PREV.has(prevSig) || prevWord === 'return' || prevWord === 'typeof')) {
      // A regex literal: skip it (classes may hold `/` and quotes).
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== '\n') {
        const ch = src[j];
        if (ch === '\\') j++;
        else if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) break;
        j++;
      }
      blank(out, src, i + 1, j);
      i = j + 1;
      prevSig = ')';
      continue;
    }
    if (c === '{') braceDepth++;
    else if (c === '}') {
      braceDepth--;
      const top = templateStack[templateStack.length - 1];
      if (top && top.depth === braceDepth) {
        templateStack.pop();
        scanTemplate(i + 1, top.start);
        continue;
      }
    }
    if (isIdentStart(src.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      prevWord = src.slice(i, j);
      prevSig = 'a';
      i = j;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') {
      prevSig = c;
      prevWord = '';
    }
    i++;
  }
}

/** Lexes `src` as `lang`. Never throws; unterminated constructs run to the end of the file. */
export function lex(src: string, lang: Lang): Lexed {
  const out: Blanks = [];
  const strings: StringLit[] = [];
  if (lang === 'python') lexPython(src, out, strings);
  else lexCLike(src, out, strings, lang);
  // Ranges are pushed in order except where a JS template's tail closes after inner code; sort pairs.
  const pairs: [number, number][] = [];
  for (let k = 0; k < out.length; k += 2) pairs.push([out[k]!, out[k + 1]!]);
  let sorted = true;
  for (let k = 1; k < pairs.length; k++) if (pairs[k]![0] < pairs[k - 1]![0]) sorted = false;
  if (!sorted) pairs.sort((a, b) => a[0] - b[0]);
  return { lang, code: render(src, sorted ? out : pairs.flat()), strings };
}
