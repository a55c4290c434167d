/**
 * A reader for the Python literals `ast.literal_eval` accepts in a `.npy` header: dicts, lists,
 * tuples, strings (any quoting, prefixes, escapes, and adjacent strings joined as Python joins
 * them), numbers, True/False/None. numpy evaluates the header this way, so reading it with a
 * regex let `'descr': '|' 'O'` or `'descr': '\x4f'` declare an object array the scanner missed.
 * Anything outside the subset (an unknown `\N{…}` name, an f-string) is `undefined`: unread.
 */
export type PyLit = string | number | boolean | null | PyLit[] | { tuple: PyLit[] } | Map<PyLit, PyLit> | { bytes: string };

class Fail extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

function unescape(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Fail();
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length - 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Fail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new Fail();
      out += String.fromCodePoint(cp);
      i += n;
    } else if (e === 'N') throw new Fail(); // a named character: not resolvable here
    else out += `\\${e}`;
  }
  return out;
}

class Reader {
  i = 0;
  constructor(
    readonly s: string,
    private readonly py2Longs: boolean,
  ) {}

  ws(): void {
    // Whitespace, line continuations and comments are all ignored by the tokenizer.
    for (;;) {
      const m = /^(?:[ \t\f\r\n]+|\\\r?\n|#[^\n]*)/.exec(this.s.slice(this.i, this.i + 4096));
      if (!m || m[0].length === 0) return;
      this.i += m[0].length;
    }
  }

  peek(): string | undefined {
    this.ws();
    return this.s[this.i];
  }

  eat(c: string): boolean {
    if (this.peek() !== c) return false;
    this.i++;
    return true;
  }

  /** One string token (prefix, quotes, body), or undefined when none starts here. */
  stringToken(): { raw: boolean; bytes: boolean; text: string } | undefined {
    this.ws();
    const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(this.s.slice(this.i, this.i + 5));
    if (!m) return undefined;
    const prefix = m[1]!.toLowerCase();
    if (prefix.includes('u') && prefix.length > 1) throw new Fail();
    const q = m[2]!;
    let j = this.i + m[0].length;
    const start = j;
    for (;;) {
      if (j >= this.s.length) throw new Fail();
      if (this.s[j] === '\\') j += 2;
      else if (this.s.startsWith(q, j)) break;
      else if (q.length === 1 && this.s[j] === '\n') throw new Fail();
      else j++;
    }
    const body = this.s.slice(start, j);
    this.i = j + q.length;
    const raw = prefix.includes('r');
    return { raw, bytes: prefix.includes('b'), text: raw ? body : unescape(body) };
  }

  value(depth = 0): PyLit {
    if (depth > 64) throw new Fail();
    const c = this.peek();
    if (c === undefined) throw new Fail();
    const first = this.stringToken();
    if (first) {
      // Adjacent literals are one string; mixing bytes and str is a SyntaxError.
      let text = first.text;
      for (let t = this.stringToken(); t; t = this.stringToken()) {
        if (t.bytes !== first.bytes) throw new Fail();
        text += t.text;
      }
      return first.bytes ? { bytes: text } : text;
    }
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.seq(']', depth);
    if (c === '(') {
      const items = this.seq(')', depth, true);
      return items;
    }
    const m = /^[-+]?\s*(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)[jJ]?|^(True|False|None)\b/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) throw new Fail();
    this.i += m[0].length;
    // numpy's _filter_header drops an `L` token straight after a number (a Python 2 long) and reads again.
    if (this.py2Longs && m[1] === undefined && /^L(?![\w])/.test(this.s.slice(this.i, this.i + 2))) this.i++;
    if (m[1] === 'True') return true;
    if (m[1] === 'False') return false;
    if (m[1] === 'None') return null;
    return Number(m[0].replace(/[\s_]/g, '').replace(/[jJ]$/, '')) || 0;
  }

  /** `[...]`, or `(...)`: a parenthesised single value unless a comma makes it a tuple. */
  seq(close: string, depth: number, paren = false): PyLit {
    this.i++;
    const items: PyLit[] = [];
    let comma = false;
    while (!this.eat(close)) {
      items.push(this.value(depth + 1));
      if (this.eat(',')) comma = true;
      else if (this.peek() !== close) throw new Fail();
    }
    if (!paren) return items;
    if (items.length === 1 && !comma) return items[0]!;
    return { tuple: items };
  }

  dict(depth: number): PyLit {
    this.i++;
    const d = new Map<PyLit, PyLit>();
    while (!this.eat('}')) {
      const k = this.value(depth + 1);
      if (!this.eat(':')) throw new Fail();
      d.set(k, this.value(depth + 1));
      if (!this.eat(',') && this.peek() !== '}') throw new Fail();
    }
    return d;
  }
}

/**
 * The literal `text` holds (surrounding whitespace allowed), or undefined if it is not one this reads.
 * `py2Longs`: also read Python 2 long literals (`2L`), as numpy does for a version 1 or 2 `.npy`
 * header that `literal_eval` rejects (a file Python 2 wrote: `'shape': (2L,)`).
 */
export function parsePyLiteral(text: string, opts: { py2Longs?: boolean } = {}): PyLit | undefined {
  const r = new Reader(text, opts.py2Longs ?? false);
  try {
    const v = r.value();
    if (r.peek() !== undefined) return undefined;
    return v;
  } catch (e) {
    if (e instanceof Fail) return undefined;
    throw e;
  }
}
