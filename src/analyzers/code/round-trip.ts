import type { CallSite, SourceView } from './source.js';

/**
 * A serialiser whose output a `loads` may read back: the pickle family, a bare imported `dumps`, or
 * an object's own `.dumps()` (numpy's `ndarray.dumps()` returns its pickle).
 */
const DUMPS = /^(?:[A-Za-z_][\w.]*\.)?dumps\s*\(/;

/**
 * Bytes literals only, possibly concatenated and parenthesised, as the masked code shows them
 * (quotes and prefixes kept, contents blanked): a pickle written into the source is code already.
 */
const BYTES_LITERALS = /^\s*\(?(?:\s*(?:[bB][rR]?|[rR][bB])(?:"""\s*"""|'''\s*'''|"[ \t]*"|'[ \t]*'))+\s*\)?\s*$/;

/** End of the top-level argument that starts at `at` (the next top-level comma, or the call's end). */
function argEnd(v: SourceView, c: CallSite, at: number): number {
  let depth = 0;
  for (let i = at; i < c.argEnd; i++) {
    const ch = v.code[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) return i;
  }
  return c.argEnd;
}

/**
 * True when the expression from `at` to `end` is bytes this code made itself: exactly one
 * `dumps(…)` call with nothing after it, or bytes literals.
 */
function isOwnBytes(v: SourceView, at: number, end: number): boolean {
  if (BYTES_LITERALS.test(v.code.slice(at, end))) return true;
  const m = DUMPS.exec(v.code.slice(at, end));
  if (!m) return false;
  const close = v.matching(at + m[0].length - 1);
  return /^\s*$/.test(v.code.slice(close + 1, end));
}

/** Offset of the first line at or after `from` that has code and is indented `max` or less. */
function dedentAfter(code: string, from: number, max: number): number {
  const re = /\n([ \t]*)\S/g;
  re.lastIndex = from;
  for (let m = re.exec(code); m; m = re.exec(code)) if (m[1]!.length <= max) return m.index;
  return code.length;
}

/**
 * The span of the innermost `def` still open at `offset` (its header to the first line indented no
 * deeper than the `def`), or the whole file at module level. A name assigned in a function is
 * local to it, so bindings elsewhere in the file do not reach this call. Masked code keeps line
 * breaks, so docstrings and comments read as blank lines here.
 */
function scopeOf(code: string, offset: number): [number, number] {
  const defs = [...code.slice(0, offset).matchAll(/^([ \t]*)(?:async[ \t]+)?def[ \t]/gm)];
  for (let i = defs.length - 1; i >= 0; i--) {
    const d = defs[i]!;
    const indent = d[1]!.length;
    // A header split over lines with `):` at the def's column looks closed here; an outer scope is
    // taken then, which only widens the search for other bindings (never drops a finding wrongly).
    const end = dedentAfter(code, code.indexOf('\n', d.index), indent);
    if (end >= offset) return [d.index, end];
  }
  return [0, code.length];
}

/**
 * True when, in the function (or module) holding the call, every way `name` gets a value is
 * `name = pickle.dumps(…)` or a bytes literal, and one of them comes before the call. Any other binding — another
 * assignment, a parameter, a loop or `with … as` target, an unpacking, a `global` — means the bytes
 * may come from outside, so the call stays a finding.
 */
function boundOnlyToOwnBytes(v: SourceView, name: string, before: number): boolean {
  const [from, to] = scopeOf(v.code, before);
  const code = v.code.slice(from, to);
  const esc = name.replace(/[.]/g, '\\.');
  let dumps = 0;
  for (const m of code.matchAll(new RegExp(`(?<![\\w.])${esc}\\s*(?::[^=\\n]+)?=(?!=)`, 'g'))) {
    const prev = code.slice(Math.max(0, m.index - 40), m.index).trimEnd().slice(-1);
    // `f(name=…)` is a keyword argument, not a binding.
    if (prev === '(' || prev === ',') continue;
    const at = m.index + m[0].length;
    const eol = code.indexOf('\n', at);
    const valueAt = at + (/^\s*/.exec(code.slice(at))?.[0].length ?? 0);
    // A parenthesised value may run over lines (`data = (b"…"\n b"…")`).
    const valueEnd = code[valueAt] === '(' ? v.matching(from + valueAt) + 1 : from + (eol < 0 ? code.length : eol);
    if (!isOwnBytes(v, from + valueAt, valueEnd)) return false;
    if (from + m.index < before) dumps++;
  }
  if (dumps === 0) return false;
  const w = `(?<![\\w.])${esc}(?![\\w])`;
  const otherBinding = new RegExp(
    [
      `\\bdef\\s+\\w+\\s*\\([^)]*${w}`, // a parameter
      `\\blambda\\b[^:\\n]*${w}[^:\\n]*:`,
      `\\bfor\\b[^\\n]*${w}[^\\n]*\\bin\\b`,
      `\\bas\\s+${esc}(?![\\w])`,
      `^[ \\t]*[([]?(?:[\\w.*]+\\s*,\\s*)*${esc}\\s*,[^=\\n]*=(?!=)`, // tuple unpacking: `s, t = …`
      `^[ \\t]*[([]?(?:[\\w.*]+\\s*,\\s*)+${esc}\\s*[)\\]]?\\s*=(?!=)`, // `a, s = …`
      `(?<![\\w.])${esc}\\s*(?:[-+*/|&^%@]|//|>>|<<)=`, // augmented assignment
      `${w}\\s*:=`,
      `\\b(?:global|nonlocal)\\b[^\\n]*${w}`,
    ].join('|'),
    'm',
  );
  return !otherBinding.test(code);
}

/**
 * True when a `*.loads(x)` call reads back bytes this same code made: `pickle.loads(pickle.dumps(obj))`,
 * `s = pickle.dumps(obj)` … `pickle.loads(s)`, or a pickle written as a bytes literal in the source.
 * Libraries do this by the hundred in their tests (numpy, scipy, matplotlib, sympy, CPython's own)
 * to check that their objects pickle; the bytes never came from outside the code, so nothing
 * untrusted is unpickled and no model is loaded. A file, socket or argument read through `loads`
 * is still a finding.
 */
export function isPickleRoundTrip(v: SourceView, c: CallSite): boolean {
  if (!/(?:^|\.)loads$/.test(c.callee)) return false;
  const at = v.firstArg(c);
  if (at === undefined) return false;
  const end = argEnd(v, c, at);
  if (isOwnBytes(v, at, end)) return true;
  const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(v.code.slice(at, end))?.[1];
  return !!name && boundOnlyToOwnBytes(v, name, c.start);
}
