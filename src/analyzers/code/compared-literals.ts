import type { StringLit } from './lexer.js';
import type { SourceView } from './source.js';

/**
 * Model-id literals the code compares a value against rather than passes on: `model == "gpt-4"`,
 * `name.startswith(("o1", "o3"))`, `model in ("o1", "o3")`, `id.startsWith('gpt-4o')`. SDKs and
 * integrations branch on the model a caller chose (langchain_openai's base.py alone had 20 such
 * ids); the branch says which models the code knows, not which one it uses. The id the caller
 * passes is found where it is passed.
 */
export class ComparedLiterals {
  private spansCache?: [number, number][];

  constructor(private readonly v: SourceView) {}

  has(s: StringLit): boolean {
    const code = this.v.code;
    const before = code.slice(Math.max(0, s.start - 12), s.start);
    const after = code.slice(s.end, s.end + 12);
    if (/[=!]==?\s*$/.test(before) || /^\s*[=!]==?/.test(after)) return true;
    return this.spans().some(([a, b]) => s.start > a && s.start < b);
  }

  /**
   * Argument spans of prefix/suffix tests and the collection after a Python `in`: inside them every
   * literal is something compared against.
   */
  private spans(): [number, number][] {
    if (this.spansCache) return this.spansCache;
    const out: [number, number][] = [];
    const re = this.v.lang === 'python' ? /\.(?:starts|ends)with\s*\(|(?<![\w.])(?:not\s+)?in\s*[([{]/g : /\.(?:startsWith|endsWith)\s*\(/g;
    for (const m of this.v.code.matchAll(re)) {
      // `for m in ("gpt-4o", "o3"):` iterates the models to use each one: that is a use.
      if (!m[0].startsWith('.') && /\bfor\b[^\n]*$/.test(this.v.code.slice(this.v.code.lastIndexOf('\n', m.index) + 1, m.index))) continue;
      const open = m.index + m[0].length - 1;
      out.push([open, this.v.matching(open)]);
    }
    this.spansCache = out;
    return out;
  }
}
