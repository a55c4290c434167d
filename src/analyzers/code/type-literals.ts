import type { StringLit } from './lexer.js';
import type { SourceView } from './source.js';

/**
 * Where a model-id literal names the model without using it: the members of a type, and the keys of
 * a per-model table. SDKs spell out every model they accept — openai's
 * `ChatModel = Literal["gpt-4o", …]` and `Union[str, Literal[…]]` parameters, `type ChatModel =
 * 'gpt-4o' | …` in TypeScript — and price / context-window tables (`{"gpt-4.1": 0.002, …}` in
 * langchain's openai_info.py, `{"claude-…": 8192}` in anthropic's _constants.py, deprecation dates,
 * model profiles). Scanning the
 * openai wheel made 127 ai-model assets with 2,000+ locations from these. A value is still a use:
 * `model="gpt-4o"`, `{"model": "gpt-4o"}`, `MODEL = "gpt-4o"`.
 */
/** The last non-blank character before `pos` (masked comments read as blanks), or ''. */
function prevChar(code: string, pos: number): string {
  let i = pos - 1;
  while (i >= 0 && /\s/.test(code[i]!)) i--;
  return i >= 0 ? code[i]! : '';
}

export class TypeLiterals {
  private literalSpans?: [number, number][];

  constructor(private readonly v: SourceView) {}

  /** True when `s` is a type member or a table key rather than a value the code passes on. */
  has(s: StringLit): boolean {
    const code = this.v.code;
    // `{"gpt-4.1": 0.002, …}`, `{"claude-1.3": "November 6th, 2024"}`, `{"gpt-4o": {…profile}}`: a
    // key of a per-model table. Only after `{` or `,`, so a ternary's `? 'gpt-4o' : …` stays a use.
    if (/^\s*:(?!:)/.test(code.slice(s.end, s.end + 40)) && '{,'.includes(prevChar(code, s.start) || '?')) return true;
    if (this.v.lang === 'js') {
      // A member of a TS union type: `'a' | 'b'`. Strings are never bitwise-or'ed at run time; `||` is
      // a run-time fallback (`model || 'gpt-4o'`) and stays a use.
      const before = code.slice(Math.max(0, s.start - 40), s.start);
      const after = code.slice(s.end, s.end + 40);
      return /(?<!\|)\|\s*$/.test(before) || /^\s*\|(?!\|)/.test(after);
    }
    if (this.v.lang === 'python') return this.spans().some(([a, b]) => s.start > a && s.start < b);
    return false;
  }

  /** The bracket spans of Python `Literal[…]` subscripts (typing / typing_extensions). */
  private spans(): [number, number][] {
    if (this.literalSpans) return this.literalSpans;
    const out: [number, number][] = [];
    for (const m of this.v.code.matchAll(/(?<![\w])(?:[\w]+\.)?Literal\s*\[/g)) {
      const open = m.index + m[0].length - 1;
      out.push([open, this.v.matching(open)]);
    }
    this.literalSpans = out;
    return out;
  }
}
