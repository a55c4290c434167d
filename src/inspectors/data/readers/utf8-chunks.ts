import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * UTF-8 chunks to text, as `StringDecoder` decodes them, but pure-ASCII chunks (most data files)
 * are copied byte for byte (latin1) instead of decoded: ten times cheaper, and the same string.
 *
 * Text that is not UTF-8 at all — a CSV Excel saved on Windows (Windows-1252), a Latin-1 document
 * — is told by its first bytes past ASCII (`legacySingleByte`) and read as Windows-1252, a
 * superset of Latin-1's letters: read as UTF-8, each accented letter was U+FFFD, and with it the
 * words around values (`Téléphone`, `précédentes` in an instruction) were lost. Offsets stay
 * character for byte either way.
 */
export class Utf8Chunks {
  private readonly decoder = new StringDecoder('utf8');
  /**
   * Nothing of a character is held back from the last chunk. StringDecoder holds bytes back only
   * when a chunk ends inside a multi-byte sequence, never after an ASCII byte.
   */
  private whole = true;
  /** Whether the first bytes past ASCII have been looked at (the encoding is decided once). */
  private decided = false;
  private legacy: TextDecoder | undefined;
  /** Bytes from the first past ASCII, held while they are too few to tell (a chunk cut inside them). */
  private held: Buffer | undefined;

  write(b: Buffer): string {
    if (this.legacy) return this.legacy.decode(b, { stream: true });
    if (!this.held && this.whole && isAscii(b)) return b.toString('latin1');
    if (!this.decided) {
      // Every byte before these was ASCII: the UTF-8 decoder holds nothing yet.
      if (this.held) b = Buffer.concat([this.held, b]);
      this.held = undefined;
      const verdict = encodingOf(b);
      if (verdict === 'undecided') {
        const from = b.findIndex((c) => c >= 0x80);
        this.held = b.subarray(from);
        return b.toString('latin1', 0, from);
      }
      this.decided = true;
      if (verdict === 'legacy') {
        this.legacy = new TextDecoder('windows-1252');
        return this.legacy.decode(b, { stream: true });
      }
    }
    this.whole = b.length === 0 ? this.whole : b[b.length - 1]! < 0x80;
    return this.decoder.write(b);
  }

  end(): string {
    // Bytes still held at the end are a sequence the file cut short: no UTF-8, so a single-byte text's.
    if (this.held) return new TextDecoder('windows-1252').decode(this.held);
    return this.legacy ? this.legacy.decode() : this.decoder.end();
  }
}

/** Bytes looked at past the first one above ASCII. */
const LOOK = 64 * 1024;

/**
 * Whether bytes past ASCII form no UTF-8 sequence at all and break it at least once: a single-byte
 * encoding's letters (`caf\xe9 ` is no UTF-8). A UTF-8 file with a stray bad byte has good
 * sequences beside it and stays UTF-8; a sequence cut by the chunk's end counts for neither.
 */
export function legacySingleByte(b: Uint8Array): boolean {
  return encodingOf(b) === 'legacy';
}

/** `legacySingleByte`'s verdict, or `undecided` when the only bytes past ASCII are a sequence the chunk cuts. */
function encodingOf(b: Uint8Array): 'legacy' | 'utf8' | 'undecided' {
  let i = 0;
  while (i < b.length && b[i]! < 0x80) i++;
  const end = Math.min(b.length, i + LOOK);
  let valid = 0;
  let invalid = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) {
      invalid++;
      continue;
    }
    if (i + n > b.length) break;
    if (sequenceValid(b, i, n)) {
      valid++;
      i += n - 1;
    } else invalid++;
  }
  if (invalid > 0 && valid === 0) return 'legacy';
  return valid === 0 && i < end ? 'undecided' : 'utf8';
}

/** The n-byte sequence at i is well-formed UTF-8 (no overlong form, no surrogate, nothing past U+10FFFF). */
function sequenceValid(b: Uint8Array, i: number, n: number): boolean {
  const c = b[i]!;
  const c1 = b[i + 1]!;
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (c1 < lo || c1 > hi) return false;
  for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
  return true;
}
