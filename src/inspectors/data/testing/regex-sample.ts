import type { Rng } from './random.js';

/**
 * Random strings drawn from a regular expression, for tests: literals, escapes (`\d \w \s`,
 * `\xHH`, `\uHHHH`, escaped punctuation), classes with ranges and negation, groups, alternation
 * and quantifiers. A positive lookbehind is drawn like a group (it is text that must come
 * first); other assertions (`^ $ \b`, lookaheads, negative lookbehinds) produce nothing, so a sample
 * can miss a constraint they add: callers check a sample against the pattern and draw again.
 */
type Node =
  | { t: 'chars'; set: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'none' };

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const WORD = UPPER + LOWER + DIGITS + '_';
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alt();
    if (this.i < this.src.length) throw new Error(`unexpected '${this.src[this.i]}' at ${this.i} in ${this.src}`);
    return n;
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.quantified(this.atom()));
    return { t: 'seq', items };
  }

  private quantified(node: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, 3];
    else if (c === '+') [min, max] = [1, 4];
    else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : min + 3;
      this.i += m[0].length - 1;
    } else return node;
    this.i++;
    if (this.src[this.i] === '?' || this.src[this.i] === '+') this.i++; // lazy / possessive
    return { t: 'rep', node, min, max };
  }

  private atom(): Node {
    const c = this.src[this.i++]!;
    if (c === '(') {
      // A positive lookbehind is text that must come before: drawn like any group. Lookaheads and
      // negative lookarounds draw nothing.
      let drop = false;
      if (this.src[this.i] === '?') {
        const rest = this.src.slice(this.i);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?<=')) this.i += 3;
        else if (/^\?<?[=!]/.test(rest)) {
          drop = true;
          this.i += rest[1] === '<' ? 3 : 2;
        } else if (rest.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
      }
      const inner = this.alt();
      if (this.src[this.i++] !== ')') throw new Error(`unclosed group in ${this.src}`);
      return drop ? { t: 'none' } : inner;
    }
    if (c === '[') return this.klass();
    if (c === '\\') return this.escape(false);
    if (c === '.') return { t: 'chars', set: WORD };
    if (c === '^' || c === '$') return { t: 'none' };
    return { t: 'chars', set: c };
  }

  /** After a backslash: a class, an assertion, or a literal character. */
  private escape(inClass: boolean): Node {
    const c = this.src[this.i++]!;
    if (c === 'd') return { t: 'chars', set: DIGITS };
    if (c === 'w') return { t: 'chars', set: WORD };
    if (c === 's') return { t: 'chars', set: ' ' };
    if (c === 'S' || c === 'W' || c === 'D') return { t: 'chars', set: c === 'D' ? LOWER : c === 'W' ? '-' : WORD };
    if ((c === 'b' || c === 'B') && !inClass) return { t: 'none' };
    if (c === 'n') return { t: 'chars', set: '\n' };
    if (c === 't') return { t: 'chars', set: '\t' };
    if (c === 'r') return { t: 'chars', set: '\r' };
    if (c === 'x' || c === 'u') {
      const len = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.i, this.i + len);
      this.i += len;
      return { t: 'chars', set: String.fromCharCode(parseInt(hex, 16)) };
    }
    return { t: 'chars', set: c };
  }

  private klass(): Node {
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    let set = '';
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let from: string;
      if (this.src[this.i] === '\\') {
        this.i++;
        const e = this.escape(true);
        if (e.t !== 'chars') continue;
        if (e.set.length > 1) {
          set += e.set;
          continue;
        }
        from = e.set;
      } else from = this.src[this.i++]!;
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++]!;
        if (to === '\\') to = (this.escape(true) as { set: string }).set;
        for (let k = from.charCodeAt(0); k <= to.charCodeAt(0); k++) set += String.fromCharCode(k);
      } else set += from;
    }
    this.i++;
    if (negate) set = [...PRINTABLE].filter((ch) => !set.includes(ch) && ch !== ' ').join('');
    return { t: 'chars', set };
  }
}

function draw(n: Node, r: Rng): string {
  switch (n.t) {
    case 'chars':
      return n.set[r.int(0, n.set.length - 1)]!;
    case 'seq':
      return n.items.map((x) => draw(x, r)).join('');
    case 'alt':
      return draw(r.pick(n.options), r);
    case 'rep': {
      const k = r.int(n.min, Math.min(n.max, n.min + 12));
      let out = '';
      for (let j = 0; j < k; j++) out += draw(n.node, r);
      return out;
    }
    default:
      return '';
  }
}

/** A sampler for `source` (parsed once); each call draws a new string. */
export function regexSampler(source: string): (r: Rng) => string {
  const tree = new Parser(source).parse();
  return (r) => draw(tree, r);
}
