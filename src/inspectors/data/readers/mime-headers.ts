import { decodeCharset } from './mime-decode.js';

/**
 * A MIME entity's header block (RFC 5322 §2.2, RFC 2045, RFC 2047, RFC 2231): unfolded fields,
 * encoded words decoded, and the parameters of `Content-Type` / `Content-Disposition`.
 * The text handled here is a "binary string" (one char per byte, latin1): charsets are decoded
 * only where a header names one (an encoded word), so a raw 8-bit header is read as UTF-8 if it is.
 */

/** The largest header block read; past it the entity's headers are cut (a body has no business there). */
export const MAX_HEADER_BYTES = 256 << 10;

export interface HeaderField {
  /** Lower-cased name. */
  name: string;
  /** Unfolded raw value (a binary string), without the leading space. */
  raw: string;
  /** 0-based line of the field's first line, counted from the entity's start. */
  line: number;
  /** 1-based column where the value starts on that line. */
  column: number;
  /** Whether the field was on one line (its value then sits verbatim in the file). */
  folded: boolean;
}

/** Splits a header block (without the blank line that ends it) into fields; lines not `Name: value` are passed over. */
export function parseHeaderBlock(block: string): HeaderField[] {
  const out: HeaderField[] = [];
  const lines = block.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '' || l[0] === ' ' || l[0] === '\t') {
      const last = out[out.length - 1];
      // A continuation line (RFC 5322 unfolding: the CRLF goes, the white space stays).
      if (last && l !== '') {
        last.raw += l;
        last.folded = true;
      }
      continue;
    }
    const colon = l.indexOf(':');
    if (colon <= 0) continue;
    const name = l.slice(0, colon).trim().toLowerCase();
    let start = colon + 1;
    while (l[start] === ' ' || l[start] === '\t') start++;
    out.push({ name, raw: l.slice(start), line: i, column: start + 1, folded: false });
  }
  return out;
}

/** The first field named `name`, its raw value. */
export function headerValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find((f) => f.name === name)?.raw;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Whether a raw value holds an RFC 2047 encoded word. */
export function hasEncodedWord(raw: string): boolean {
  ENCODED_WORD.lastIndex = 0;
  return ENCODED_WORD.test(raw);
}

/**
 * A header value as text: RFC 2047 encoded words decoded (white space between two adjacent
 * encoded words dropped, as the RFC says), the rest read as UTF-8 when it is, else latin1.
 */
export function decodeHeaderValue(raw: string): string {
  let out = '';
  let last = 0;
  let prevEncodedEnd = -1;
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(raw); m; m = ENCODED_WORD.exec(raw)) {
    const between = raw.slice(last, m.index);
    if (!(prevEncodedEnd === last && /^[ \t\r\n]*$/.test(between))) out += decodeCharset(latin1Bytes(between), 'utf-8');
    const [, charset, enc, text] = m;
    // RFC 2231 §5: a language may follow the charset (`UTF-8*en`).
    const cs = charset!.split('*')[0]!;
    const bytes = enc!.toLowerCase() === 'b' ? Buffer.from(text!, 'base64') : qWordBytes(text!);
    out += decodeCharset(bytes, cs);
    last = m.index + m[0].length;
    prevEncodedEnd = last;
  }
  out += decodeCharset(latin1Bytes(raw.slice(last)), 'utf-8');
  return out;
}

/** The "Q" encoding of RFC 2047 §4.2: QP with `_` for a space. */
function qWordBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

export function latin1Bytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

export interface StructuredValue {
  /** The value before the first `;`, lower-cased and trimmed (`multipart/mixed`, `attachment`). */
  value: string;
  /** Parameters by lower-cased name, RFC 2231 continuations joined and decoded. */
  params: Map<string, string>;
}

/** A `Content-Type` or `Content-Disposition` value: its type and parameters (quoted strings, RFC 2231 `name*=`, `name*0*=`). */
export function parseStructured(raw: string): StructuredValue {
  const params = new Map<string, string>();
  type Pieces = { parts: Map<number, { text: string; encoded: boolean }>; charset?: string };
  const pieces = new Map<string, Pieces>();
  let i = raw.indexOf(';');
  const value = (i < 0 ? raw : raw.slice(0, i)).trim().toLowerCase();
  // A bounded walk: each step consumes at least one character.
  while (i >= 0 && i < raw.length) {
    i++;
    const eq = raw.indexOf('=', i);
    if (eq < 0) break;
    const key = raw.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (raw[j] === ' ' || raw[j] === '\t') j++;
    let text = '';
    if (raw[j] === '"') {
      j++;
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length) j++;
        text += raw[j];
        j++;
      }
      j = raw.indexOf(';', j);
    } else {
      const end = raw.indexOf(';', j);
      text = (end < 0 ? raw.slice(j) : raw.slice(j, end)).trim();
      j = end;
    }
    i = j;
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!m) continue;
    const [, base, index, star] = m;
    if (index === undefined && !star) {
      if (!params.has(base!)) params.set(base!, decodeHeaderValue(text));
      continue;
    }
    const entry: Pieces = pieces.get(base!) ?? { parts: new Map() };
    pieces.set(base!, entry);
    const n = index === undefined ? 0 : Number(index);
    if (star && n === 0) {
      // charset'language'%XX-encoded text
      const q = /^([^']*)'[^']*'(.*)$/.exec(text);
      if (q) {
        entry.charset = q[1] || 'us-ascii';
        text = q[2]!;
      }
    }
    if (entry.parts.size < 1000) entry.parts.set(n, { text, encoded: !!star });
  }
  for (const [base, entry] of pieces) {
    const bytes: number[] = [];
    for (const k of [...entry.parts.keys()].sort((a, b) => a - b)) {
      const { text, encoded } = entry.parts.get(k)!;
      for (let x = 0; x < text.length; x++) {
        if (encoded && text[x] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(x + 1, x + 3))) {
          bytes.push(parseInt(text.slice(x + 1, x + 3), 16));
          x += 2;
        } else bytes.push(text.charCodeAt(x) & 0xff);
      }
    }
    // RFC 2231's form wins over the plain one (a mailer writes both for old readers).
    params.set(base, decodeCharset(Uint8Array.from(bytes), entry.charset ?? 'utf-8'));
  }
  return { value, params };
}
