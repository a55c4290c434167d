/**
 * A fast, bounded parser for HCL2 native syntax producing the same JSON shape as
 * `@cdktf/hcl2json` (blocks nested by label into arrays of bodies; expressions kept as `${…}`
 * strings for the evaluator). The WASM parser reads about 30 KB/s, far too slow for large estates,
 * so it is only used as the fallback when this parser rejects a file (see hcl.ts).
 */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;
const MAX_DEPTH = 64;

class Reader {
  i = 0;
  line = 1;
  constructor(readonly s: string) {}
  peek(o = 0): string {
    return this.s[this.i + o] ?? '';
  }
  next(): string {
    const c = this.s[this.i++] ?? '';
    if (c === '\n') this.line++;
    return c;
  }
  eof(): boolean {
    return this.i >= this.s.length;
  }
  /** Skips spaces, tabs and comments; newlines too when `nl`. */
  skip(nl: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (nl && c === '\n')) this.next();
      else if (c === '#' || (c === '/' && this.peek(1) === '/')) while (!this.eof() && this.peek() !== '\n') this.next();
      else if (c === '/' && this.peek(1) === '*') {
        const start = this.line;
        this.i += 2;
        while (!this.eof() && !(this.peek() === '*' && this.peek(1) === '/')) this.next();
        if (this.eof()) throw new HclSyntaxError('unterminated comment', start);
        this.i += 2;
      } else return;
    }
  }
  fail(msg: string): never {
    throw new HclSyntaxError(msg, this.line);
  }
}

function ident(r: Reader): string | undefined {
  const m = /^[A-Za-z_][\w-]*/.exec(r.s.slice(r.i, r.i + 256));
  if (!m) return undefined;
  r.i += m[0].length;
  return m[0];
}

/** A quoted string; returns its raw content (escapes decoded, `${…}` kept for the evaluator). */
function quoted(r: Reader): string {
  const start = r.line;
  r.next();
  let out = '';
  let depth = 0;
  for (;;) {
    if (r.eof()) throw new HclSyntaxError('unterminated string', start);
    const c = r.next();
    if (c === '\n' && depth === 0) throw new HclSyntaxError('newline in string', r.line - 1);
    if (depth === 0 && c === '\\') {
      const n = r.next();
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '"' ? '"' : n === '\\' ? '\\' : n === 'u' ? String.fromCharCode(parseInt(r.s.slice(r.i, (r.i += 4)), 16)) : `\\${n}`;
      continue;
    }
    if ((c === '$' || c === '%') && r.peek() === '{') {
      depth++;
      out += c + r.next();
      continue;
    }
    if (depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"') {
        // A nested string inside an interpolation.
        out += c;
        while (!r.eof() && r.peek() !== '"') {
          if (r.peek() === '\\') out += r.next();
          out += r.next();
        }
        out += r.next();
        continue;
      }
      out += c;
      continue;
    }
    if (c === '"') return out;
    out += c;
  }
}

/** `<<EOF` / `<<-EOF` heredoc content. */
function heredoc(r: Reader): string {
  const start = r.line;
  r.i += 2;
  const indent = r.peek() === '-';
  if (indent) r.i++;
  const tag = ident(r);
  if (!tag) r.fail('heredoc without a delimiter');
  while (!r.eof() && r.peek() !== '\n') r.next();
  r.next();
  const lines: string[] = [];
  for (;;) {
    if (r.eof()) throw new HclSyntaxError(`unterminated heredoc ${tag}`, start);
    let line = '';
    while (!r.eof() && r.peek() !== '\n') line += r.next();
    r.next();
    if (line.trim() === tag) break;
    lines.push(line);
  }
  if (indent) {
    const min = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
    return lines.map((l) => l.slice(Number.isFinite(min) ? min : 0)).join('\n') + '\n';
  }
  return lines.join('\n') + '\n';
}

/** Reads the raw text of one expression, up to a newline (or `,` in a collection) or an unmatched closer. */
function readRaw(r: Reader, inCollection: boolean): string {
  r.skip(false);
  const startLine = r.line;
  const begin = r.i;
  let depth = 0;
  for (;;) {
    if (r.eof()) {
      if (depth > 0) throw new HclSyntaxError('unclosed bracket in expression', startLine);
      break;
    }
    const ch = r.peek();
    if (ch === '"') {
      quoted(r);
      continue;
    }
    if (ch === '<' && r.peek(1) === '<' && /[A-Z_-]/i.test(r.peek(2))) {
      heredoc(r);
      // At the top level a heredoc ends the expression (it consumed its closing line).
      if (depth === 0) return r.s.slice(begin, r.i).trimEnd();
      continue;
    }
    if (ch === '#' || (ch === '/' && (r.peek(1) === '/' || r.peek(1) === '*'))) {
      if (depth === 0) break;
      r.skip(true);
      continue;
    }
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (ch === '\n' || (inCollection && ch === ','))) break;
    r.next();
  }
  const raw = r.s.slice(begin, r.i).trim();
  if (!raw) throw new HclSyntaxError('expected an expression', startLine);
  return raw;
}

/** Converts raw expression text into hcl2json's shape (literal collections become JSON). */
function convert(raw: string, line: number, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new HclSyntaxError('nesting too deep', line);
  if (raw.startsWith('<<')) {
    const sub = new Reader(raw + '\n');
    return heredoc(sub);
  }
  if (raw.startsWith('"')) {
    const sub = new Reader(raw);
    const content = quoted(sub);
    if (sub.i === raw.length) return content;
  }
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  const open = raw[0];
  if ((open === '{' || open === '[') && !/^[{[]\s*for\s/.test(raw)) {
    const close = open === '{' ? '}' : ']';
    const sub = new Reader(raw);
    sub.line = line;
    sub.next();
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    for (;;) {
      sub.skip(true);
      while (sub.peek() === ',') {
        sub.next();
        sub.skip(true);
      }
      if (sub.peek() === close) {
        sub.next();
        break;
      }
      if (sub.eof()) return `\${${raw}}`;
      if (open === '[') {
        const l = sub.line;
        arr.push(convert(readRaw(sub, true), l, depth + 1));
        continue;
      }
      const key = sub.peek() === '"' ? quoted(sub) : ident(sub);
      sub.skip(false);
      if (key === undefined || (sub.peek() !== '=' && sub.peek() !== ':')) return `\${${raw}}`;
      sub.next();
      const l = sub.line;
      obj[key] = convert(readRaw(sub, true), l, depth + 1);
    }
    sub.skip(true);
    if (sub.i === raw.length) return open === '{' ? obj : arr;
  }
  return `\${${raw}}`;
}

/** One attribute value, in hcl2json's shape. */
function expression(r: Reader): unknown {
  r.skip(false);
  const line = r.line;
  return convert(readRaw(r, false), line);
}

function body(r: Reader, depth: number, closing: boolean): Body {
  if (depth > MAX_DEPTH) r.fail('nesting too deep');
  const out: Body = {};
  for (;;) {
    r.skip(true);
    if (r.eof()) {
      if (closing) r.fail('missing closing brace');
      return out;
    }
    if (r.peek() === '}') {
      if (!closing) r.fail('unexpected closing brace');
      r.next();
      return out;
    }
    const name = r.peek() === '"' ? quoted(r) : ident(r);
    if (!name) r.fail(`unexpected character "${r.peek()}"`);
    r.skip(false);
    if (r.peek() === '=' && r.peek(1) !== '=') {
      r.next();
      r.skip(false);
      const isHeredoc = r.peek() === '<' && r.peek(1) === '<';
      out[name] = expression(r);
      if (isHeredoc) continue; // the heredoc consumed its closing line
      r.skip(false);
      if (!r.eof() && r.peek() !== '\n' && r.peek() !== '}') r.fail(`unexpected "${r.peek()}" after attribute ${name}`);
      continue;
    }
    const labels: string[] = [];
    for (;;) {
      r.skip(false);
      if (r.peek() === '"') labels.push(quoted(r));
      else if (r.peek() !== '{') {
        const l = ident(r);
        if (!l) r.fail(`expected "=" or "{" after ${name}`);
        labels.push(l);
      } else break;
    }
    r.next();
    const inner = body(r, depth + 1, true);
    // Nest by labels: resource "t" "n" {} → resource.t.n = [body]
    let holder: Body = out;
    let key = name;
    for (const l of labels) {
      const next = (holder[key] ??= {}) as Body;
      if (Array.isArray(next)) r.fail(`block ${name} used with and without labels`);
      holder = next;
      key = l;
    }
    const list = (holder[key] ??= []) as unknown[];
    if (!Array.isArray(list)) r.fail(`block ${name} used with and without labels`);
    list.push(inner);
  }
}

/** Parses HCL text into hcl2json's JSON shape; throws {@link HclSyntaxError} with a line. */
export function parseHclFast(text: string): Body {
  return body(new Reader(text), 0, false);
}
