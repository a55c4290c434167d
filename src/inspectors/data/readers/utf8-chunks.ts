import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { guessCjkEncoding } from './cjk-encoding.js';

/**
 * UTF-8 chunks to text, as `StringDecoder` decodes them, but pure-ASCII chunks (most data files)
 * are copied byte for byte (latin1) instead of decoded: ten times cheaper, and the same string.
 *
 * Text that is not UTF-8 at all — a CSV Excel saved on Windows (Windows-1252), a Latin-1 document
 * — is told by its first bytes past ASCII (`legacySingleByte`) and read as Windows-1252, a
 * superset of Latin-1's letters: read as UTF-8, each accented letter was U+FFFD, and with it the
 * words around values (`Téléphone`, `précédentes` in an instruction) were lost. Text in a legacy
 * CJK encoding (Shift_JIS, EUC-JP, GBK/GB18030, Big5, EUC-KR) with no declaration breaks UTF-8
 * too, and read as Windows-1252 it was mojibake: its first 64 KiB past ASCII are held until
 * `guessCjkEncoding` can tell which one it is, and it is read as that (streaming: a character cut
 * between chunks is kept whole). UTF-8 and ASCII text never gets there.
 */
export class Utf8Chunks {
  private readonly decoder = new StringDecoder('utf8');
  /** The encoding decided on (`utf-8`, `windows-1252`, a CJK one); undefined while no byte past ASCII was met. */
  private chosen: string | undefined;
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
  /**
   * Bytes from the first past ASCII of text that breaks UTF-8, gathered until there are `LOOK` of
   * them (or the text ends) to tell its encoding by.
   */
  private sample: { parts: Buffer[]; bytes: number } | undefined;

  /**
   * `encoding`, when given, is decided already: a later range of a file split across threads reads
   * in the encoding its file was read in (`range-encoding.ts`), not in one guessed on its own bytes.
   */
  constructor(encoding?: string) {
    if (encoding) this.decide(encoding);
  }

  /** What the text was read as: undefined when it held no byte past ASCII (any reading gives the same text). */
  get encoding(): string | undefined {
    return this.chosen;
  }

  write(b: Buffer): string {
    if (this.legacy) return this.legacy.decode(b, { stream: true });
    if (this.sample) return this.gather(b);
    if (!this.held && this.whole && isAscii(b)) return b.toString('latin1');
    if (!this.decided) {
      // Every byte before these was ASCII: the UTF-8 decoder holds nothing yet.
      if (this.held) b = Buffer.concat([this.held, b]);
      this.held = undefined;
      const { valid, invalid } = utf8Sequences(b);
      const from = b.findIndex((c) => c >= 0x80);
      if (invalid > 0) {
        // Decided on the sample, not on this chunk: the same however the text is cut into chunks.
        this.sample = { parts: [], bytes: 0 };
        return b.toString('latin1', 0, from) + this.gather(b.subarray(from));
      }
      if (valid === 0) {
        this.held = b.subarray(from);
        return b.toString('latin1', 0, from);
      }
      this.decide('utf-8');
    }
    return this.utf8(b);
  }

  end(): string {
    if (this.sample) return this.settle(true);
    // Bytes still held at the end are a sequence the file cut short: no UTF-8, so a single-byte text's.
    if (this.held) {
      this.chosen = 'windows-1252';
      return windows1252(this.held);
    }
    return this.legacy ? this.legacy.decode() : this.decoder.end();
  }

  private utf8(b: Buffer): string {
    this.whole = b.length === 0 ? this.whole : b[b.length - 1]! < 0x80;
    return this.decoder.write(b);
  }

  /** Adds to the sample; once it is `LOOK` bytes, decides and decodes it. */
  private gather(b: Buffer): string {
    const s = this.sample!;
    s.parts.push(b);
    s.bytes += b.length;
    return s.bytes < LOOK ? '' : this.settle(false);
  }

  /**
   * Decides the encoding on the sample gathered and decodes it; `last` when the text ends with it.
   * More bad UTF-8 sequences than good: a CJK encoding if one fits, else (no good one) Windows-1252.
   */
  private settle(last: boolean): string {
    const { parts } = this.sample!;
    this.sample = undefined;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const { valid, invalid } = utf8Sequences(bytes);
    const encoding = (invalid > valid ? guessCjkEncoding(bytes) : undefined) ?? (valid === 0 ? 'windows-1252' : 'utf-8');
    this.decide(encoding);
    if (!this.legacy) return this.utf8(bytes) + (last ? this.decoder.end() : '');
    return this.legacy.decode(bytes, { stream: true }) + (last ? this.legacy.decode() : '');
  }

  /** From here on the text is read as `encoding`: UTF-8 through the StringDecoder, else a streaming TextDecoder. */
  private decide(encoding: string): void {
    if (encoding === 'utf-8') this.decided = true;
    else this.legacy = new TextDecoder(encoding);
    this.chosen = encoding;
  }
}

/**
 * Bytes as Windows-1252, through the streaming decoder: Node 20's one-shot `decode` of
 * windows-1252 takes a Latin-1 shortcut and gives 0x80–0x9F as C1 controls, not `“€’`.
 */
function windows1252(b: Uint8Array): string {
  const d = new TextDecoder('windows-1252');
  return d.decode(b, { stream: true }) + d.decode();
}

/** Bytes looked at past the first one above ASCII. */
const LOOK = 64 * 1024;

/**
 * Whether bytes past ASCII form no UTF-8 sequence at all and break it at least once: a single-byte
 * encoding's letters (`caf\xe9 ` is no UTF-8). A UTF-8 file with a stray bad byte has good
 * sequences beside it and stays UTF-8; a sequence cut by the chunk's end counts for neither.
 */
export function legacySingleByte(b: Uint8Array): boolean {
  const { valid, invalid } = utf8Sequences(b);
  return invalid > 0 && valid === 0;
}

/**
 * Well-formed and broken UTF-8 sequences in the `LOOK` bytes from the first past ASCII; a sequence
 * cut by the end counts for neither (the next chunk may complete it).
 */
function utf8Sequences(b: Uint8Array): { valid: number; invalid: number } {
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
  return { valid, invalid };
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
