import { dosCodePageDecoder } from './dos-codepages.js';
/**
 * Content-Transfer-Encodings (RFC 2045 §6) and charsets: a part's body as bytes, then as text.
 * Bodies are binary strings (one char per byte, latin1), so nothing here guesses an encoding.
 */

/** Decoded bytes kept at most per part (a part is already bounded by the message cap; this bounds the copy). */
export const MAX_DECODED_BYTES = 64 << 20;

export type Transfer = 'base64' | 'quoted-printable' | 'identity';

/** The transfer encoding a `Content-Transfer-Encoding` value names: 7bit, 8bit, binary and unknown ones are read as they are. */
export function transferOf(value: string | undefined): Transfer {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'base64' ? 'base64' : v === 'quoted-printable' ? 'quoted-printable' : 'identity';
}

export interface Decoded {
  bytes: Uint8Array;
  /** What was wrong with the encoding, when something was. */
  problem?: string;
}

/** A body's bytes, decoded per its transfer encoding, MAX_DECODED_BYTES at most. */
export function decodeTransfer(body: string, transfer: Transfer): Decoded {
  if (transfer === 'base64') return decodeBase64(body);
  if (transfer === 'quoted-printable') return { bytes: decodeQuotedPrintable(body) };
  return cap(Buffer.from(body, 'latin1'));
}

function cap(bytes: Uint8Array, problem?: string): Decoded {
  if (bytes.length <= MAX_DECODED_BYTES) return problem ? { bytes, problem } : { bytes };
  return { bytes: bytes.subarray(0, MAX_DECODED_BYTES), problem: problem ?? `decoded body over ${MAX_DECODED_BYTES} bytes; the first ${MAX_DECODED_BYTES} read` };
}

/**
 * Base64 with line breaks and stray characters ignored (as mail readers do); a body that is
 * mostly not base64 is said to be so (a mislabelled part), and then read as it is.
 */
function decodeBase64(body: string): Decoded {
  const clean = body.replace(/[^A-Za-z0-9+/=]/g, '');
  const nonSpace = body.replace(/\s/g, '').length;
  if (nonSpace > 16 && clean.length < nonSpace * 0.9) return cap(Buffer.from(body, 'latin1'), 'labelled base64 but is not base64; read as it is');
  return cap(Buffer.from(clean.slice(0, Math.ceil((MAX_DECODED_BYTES * 4) / 3) + 4), 'base64'));
}

/** Quoted-printable (RFC 2045 §6.7): soft line breaks (`=` at a line's end) joined, `=XX` to the byte; a stray `=` kept. */
export function decodeQuotedPrintable(body: string): Uint8Array {
  const out = Buffer.allocUnsafe(Math.min(body.length, MAX_DECODED_BYTES));
  let n = 0;
  for (let i = 0; i < body.length && n < out.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x3d) {
      // Soft line break: `=` then optional trailing white space then a line break.
      const soft = /^[ \t]*\r?\n/.exec(body.slice(i + 1, i + 200));
      if (soft) {
        i += soft[0].length;
        continue;
      }
      const hex = body.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** Charset aliases TextDecoder does not know. */
const ALIASES: Record<string, string> = { maccyrillic: 'x-mac-cyrillic', macroman: 'macintosh', 'us-ascii': 'utf-8', ascii: 'utf-8', 'ansi_x3.4-1968': 'utf-8', utf8: 'utf-8', latin1: 'iso-8859-1', cp1252: 'windows-1252' };

/** What decodes a text's chunks: a TextDecoder, or a DOS code page's table. */
export interface ChunkDecoder {
  readonly encoding: string;
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** A streaming decoder for `charset` (a name TextDecoder does not know by its alias; IBM855 by its table), or undefined when there is none. */
export function charsetDecoder(charset: string): ChunkDecoder | undefined {
  const cs = charset.trim().toLowerCase();
  try {
    return new TextDecoder(ALIASES[cs] ?? cs);
  } catch {
    return dosCodePageDecoder(cs);
  }
}

/**
 * Bytes as text in `charset`: ASCII-compatible charsets fall back to UTF-8 for plain ASCII; an
 * unknown charset, or bytes that are not valid in a UTF-8 one, are read as latin1 (nothing lost:
 * ASCII stays ASCII, which is what the detectors match).
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const cs = (charset ?? 'utf-8').trim().toLowerCase();
  const label = ALIASES[cs] ?? cs;
  try {
    return new TextDecoder(label, { fatal: label === 'utf-8' }).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}
