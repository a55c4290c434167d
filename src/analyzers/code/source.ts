import { LineIndex } from '../../core/index.js';
import { lex, type Lang, type Lexed, type StringLit } from './lexer.js';

/** The longest argument list we follow (real calls are far shorter; see `matching`). */
const MAX_SPAN = 50_000;

/** A call site found in the masked code: callee text, the argument span and its line. */
export interface CallSite {
  /** The callee as written, dotted (`torch.load`, `AutoModel.from_pretrained`). */
  callee: string;
  /** Offset of the callee's first character. */
  start: number;
  /** Offsets of the argument text: just after `(` up to (not including) the matching `)`. */
  argStart: number;
  argEnd: number;
  line: number;
}

/**
 * The lexed source plus the cheap queries detectors need: line of an offset, the literal at an
 * offset, call argument spans, keyword arguments and simple constant propagation
 * (`MODEL = "org/name"` … `from_pretrained(MODEL)`).
 */
export class SourceView {
  readonly lang: Lang;
  readonly code: string;
  readonly strings: StringLit[];
  private readonly lines: LineIndex;
  private readonly byStart = new Map<number, StringLit>();
  private constants?: Map<string, StringLit>;

  constructor(
    readonly text: string,
    lang: Lang,
  ) {
    const lexed: Lexed = lex(text, lang);
    this.lang = lang;
    this.code = lexed.code;
    this.strings = lexed.strings;
    for (const s of this.strings) this.byStart.set(s.start, s);
    this.lines = new LineIndex(text);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    return this.lines.lineOf(offset);
  }

  /** The string literal starting at `pos` after whitespace and string prefixes, if any. */
  literalAt(pos: number): StringLit | undefined {
    let p = pos;
    while (p < this.code.length && /\s/.test(this.code[p]!)) p++;
    for (let k = 0; k < 3; k++) {
      const s = this.byStart.get(p);
      if (s) return s;
      if (!/[rRbBuUfF@$]/.test(this.code[p] ?? '')) break;
      p++;
    }
    return undefined;
  }

  /**
   * Offset of the bracket matching the one at `open`; an unbalanced bracket ends at most
   * MAX_SPAN characters later, so a file of unclosed calls stays linear, not quadratic.
   */
  matching(open: number): number {
    const o = this.code[open];
    const c = o === '(' ? ')' : o === '[' ? ']' : '}';
    let depth = 0;
    const end = Math.min(this.code.length, open + MAX_SPAN);
    for (let i = open; i < end; i++) {
      const ch = this.code[i];
      if (ch === o) depth++;
      else if (ch === c && --depth === 0) return i;
    }
    return end;
  }

  /** Every call whose callee matches `re` (a regex source ending before the `(`), in order. */
  calls(calleeRe: RegExp): CallSite[] {
    const out: CallSite[] = [];
    const re = new RegExp(`(${calleeRe.source})\\s*\\(`, calleeRe.flags.includes('g') ? calleeRe.flags : `${calleeRe.flags}g`);
    for (const m of this.code.matchAll(re)) {
      const start = m.index;
      const open = start + m[0].length - 1;
      const close = this.matching(open);
      out.push({ callee: m[1]!.replace(/\s+/g, ''), start, argStart: open + 1, argEnd: close, line: this.lineOf(start) });
    }
    return out;
  }

  /** The masked argument text of a call. */
  args(c: CallSite): string {
    return this.code.slice(c.argStart, c.argEnd);
  }

  /**
   * The value expression of a keyword argument (`name=` in Python, `name:` in JS objects) inside
   * a call, as an offset, or undefined. Nested calls are searched too, which is what callers want
   * for builder-style code.
   */
  kwarg(c: CallSite, names: readonly string[]): number | undefined {
    const text = this.args(c);
    const re = new RegExp(`(?:^|[\\s,({])(?:${names.join('|')})\\s*(?:=(?!=)|:)\\s*`, 'g');
    const m = re.exec(text);
    return m ? c.argStart + m.index + m[0].length : undefined;
  }

  /** The word (identifier / keyword constant) at an offset: `True`, `False`, `model_id`. */
  wordAt(pos: number): string {
    const m = /^\s*([A-Za-z_][\w.]*)/.exec(this.code.slice(pos, pos + 200));
    return m?.[1] ?? '';
  }

  /** Offset of the first positional argument's start, or undefined when the call has none. */
  firstArg(c: CallSite): number | undefined {
    const t = this.args(c);
    const m = /\S/.exec(t);
    if (!m) return undefined;
    // A keyword argument first means no positional one.
    if (/^[A-Za-z_]\w*\s*=(?!=)/.test(t.slice(m.index))) return undefined;
    return c.argStart + m.index;
  }

  /** Offset of the n-th (0-based) top-level positional argument, or undefined. */
  nthArg(c: CallSite, n: number): number | undefined {
    let depth = 0;
    let idx = 0;
    let argStart = c.argStart;
    for (let i = c.argStart; i <= c.argEnd; i++) {
      const ch = i === c.argEnd ? ',' : this.code[i];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (ch === ',' && depth === 0) {
        if (idx === n) {
          const t = this.code.slice(argStart, i);
          const m = /\S/.exec(t);
          return m ? argStart + m.index : undefined;
        }
        idx++;
        argStart = i + 1;
      }
    }
    return undefined;
  }

  /**
   * The constant string an expression at `pos` evaluates to: a literal, or a name bound once to a
   * literal in this file (`MODEL_ID = "…"`, `const MODEL = "…"`, `String MODEL = "…"`, `model := "…"`).
   */
  resolve(pos: number): StringLit | undefined {
    const lit = this.literalAt(pos);
    if (lit) return lit;
    const word = this.wordAt(pos);
    if (!word) return undefined;
    return this.constantsMap().get(word);
  }

  private constantsMap(): Map<string, StringLit> {
    if (this.constants) return this.constants;
    const map = new Map<string, StringLit>();
    const re = /\b([A-Za-z_]\w*)\s*(?::\s*[\w.[\]]+\s*)?:?=(?!=)\s*/g;
    for (const m of this.code.matchAll(re)) {
      const before = this.code.slice(Math.max(0, m.index - 40), m.index).trimEnd();
      const prev = before[before.length - 1];
      // `f(model="x")` is a keyword argument, not a binding.
      if (prev === '(' || prev === ',') continue;
      const lit = this.literalAt(m.index + m[0].length);
      if (!lit) continue;
      // `x = "a" + y` or `x = "a" if …` is not a plain constant (comments are already blanked).
      const eol = this.code.indexOf('\n', lit.end);
      if (!/^\s*[;,)]?\s*$/.test(this.code.slice(lit.end, eol < 0 ? undefined : eol))) continue;
      if (!map.has(m[1]!)) map.set(m[1]!, lit);
    }
    this.constants = map;
    return map;
  }
}
