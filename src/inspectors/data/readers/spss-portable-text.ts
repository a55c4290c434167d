/**
 * The text of an SPSS portable file (`.por`), as its fields: lines of 80 characters whose breaks
 * mean nothing (a line cut short stands for the spaces it omits), in a character set the file
 * describes itself — a 200-byte splash, then a 256-byte table giving the file's byte for each
 * position of SPSS's portable character set, then `SPSSPORT`. Numbers are base 30 (`0`–`9`,
 * `A`–`T`) with an optional fraction and exponent, ending in `/`; `*.` is system-missing; a string
 * is its length, then that many characters.
 * Layout from GNU PSPP's "Portable File Format" documentation; line ends read as PSPP reads them.
 */

export class PorError extends Error {}

const LINE = 80;
const SPLASH = 200;
const TABLE = 256;
const TAG = 'SPSSPORT';

/**
 * What positions 64 to 188 of the portable character set are, as PSPP reads them (ASCII, a space
 * for a box-drawing or other sign ASCII lacks): digits, letters, space, then symbols.
 */
const PORTABLE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .<(+|&[]!$*);^-/|,%_>?`:$@\'="      ~-   0123456789   -() {}\\  ';
/** The portable set's first printable position (0–63 are control codes, which the table's reader skips). */
const FIRST_PRINTABLE = 64;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
/** More than any field a writer puts in (PSPP: 255-byte values, 80-byte document lines). */
const MAX_STRING = 32_767;
/** Characters a number may take, sign, point, exponent and padding included. */
const MAX_NUMBER_CHARS = 200;

/** Whether `head` opens as a portable file: `SPSSPORT`, in the file's own character set, at the end of its 464-character header. */
export function isSpssPortable(head: Uint8Array): boolean {
  try {
    return new PortableText(head).header();
  } catch (e) {
    if (e instanceof PorError) return false;
    throw e;
  }
}

/**
 * A cursor over a portable file's characters: `cc` is the current one (after translation, -1 at
 * the end), from `header()` on. Each step consumes a byte or one space of a short line's padding
 * (80 a line feed at most), so every read ends.
 */
export class PortableText {
  /** The current character, translated; -1 past the end. */
  cc = -1;
  /** File byte → character (ASCII byte); -1 for a byte the table leaves out, which is kept as it is (UTF-8 text of PSPP's). */
  private trans: Int16Array | undefined;
  private p = 0;
  private column = 0;
  private line = 1;
  /** Short-line padding still owed. */
  private pad = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Where the cursor is, for a problem's message. */
  where(): string {
    return `line ${this.line}`;
  }

  /**
   * Reads the splash and the translation table and checks the tag: false when it is not `SPSSPORT`.
   * From here on characters are translated.
   */
  header(): boolean {
    const raw = () => {
      this.advance();
      if (this.cc < 0) throw new PorError('the file ends inside its header');
      return this.cc;
    };
    for (let k = 0; k < SPLASH; k++) raw();
    const table = new Uint8Array(TABLE);
    for (let k = 0; k < TABLE; k++) table[k] = raw();
    const trans = new Int16Array(256).fill(-1);
    // The first position naming a byte wins: an unused position repeats position 64's byte (`0`).
    for (let k = FIRST_PRINTABLE; k < FIRST_PRINTABLE + PORTABLE_CHARS.length; k++) {
      if (trans[table[k]!] === -1) trans[table[k]!] = PORTABLE_CHARS.charCodeAt(k - FIRST_PRINTABLE);
    }
    this.trans = trans;
    this.advance();
    for (let k = 0; k < TAG.length; k++) if (this.take() !== TAG.charCodeAt(k)) return false;
    return true;
  }

  /** The current character, and the cursor past it; the end of the file is an error. */
  take(): number {
    const c = this.cc;
    if (c < 0) throw new PorError(`the file ends early (${this.where()})`);
    this.advance();
    return c;
  }

  /** A record's tag: one character. */
  tag(): string {
    return String.fromCharCode(this.take());
  }

  /** Skips spaces (a number's leading ones, the padding before the end marker); a line's worth at most. */
  skipSpaces(): void {
    for (let k = 0; this.cc === SPACE; k++) {
      if (k > MAX_NUMBER_CHARS) throw new PorError(`a field of nothing but spaces (${this.where()})`);
      this.advance();
    }
  }

  /** A number field: its value, or NaN for system-missing (`*` and one character). */
  number(): number {
    this.skipSpaces();
    if (this.cc === 0x2a) {
      this.take();
      this.take();
      return Number.NaN;
    }
    const negative = this.cc === 0x2d;
    if (negative) this.advance();
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let point = false;
    for (let n = 0; ; n++) {
      if (n > MAX_NUMBER_CHARS) throw new PorError(`a number longer than ${MAX_NUMBER_CHARS} characters (${this.where()})`);
      const d = base30(this.cc);
      if (d >= 0) {
        mantissa = mantissa * 30 + d;
        digits++;
        if (point) scale--;
      } else if (this.cc === 0x2e && !point) point = true;
      else break;
      this.advance();
    }
    if (!digits) throw new PorError(`${this.shown()} where a number should start (${this.where()})`);
    if (this.cc === 0x2b || this.cc === 0x2d) {
      const sign = this.take() === 0x2d ? -1 : 1;
      scale += sign * this.digitsOnly();
    }
    if (this.cc !== 0x2f) throw new PorError(`${this.shown()} in a number, where its closing '/' should be (${this.where()})`);
    this.advance();
    // 30^-k divides (exact for a whole mantissa that is a fraction's digits): 0.5 stays 0.5.
    const value = scale >= 0 ? mantissa * 30 ** scale : mantissa / 30 ** -scale;
    return negative ? -value : value;
  }

  /** An integer field: a count or a length, never missing, never fractional. */
  integer(): number {
    const where = this.where();
    const n = this.number();
    if (!Number.isInteger(n)) throw new PorError(`${Number.isNaN(n) ? 'a missing value' : n} where a whole number should be (${where})`);
    return n;
  }

  /** A string field's bytes: its length, then that many characters. */
  stringBytes(): Uint8Array {
    const n = this.integer();
    if (n < 0 || n > MAX_STRING) throw new PorError(`a string of ${n} characters (${this.where()})`);
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = this.take();
    return out;
  }

  /** The digits of an exponent (no point, no sign). */
  private digitsOnly(): number {
    let value = 0;
    let digits = 0;
    for (let d = base30(this.cc); d >= 0; d = base30(this.cc)) {
      if (++digits > MAX_NUMBER_CHARS) throw new PorError(`an exponent longer than ${MAX_NUMBER_CHARS} characters (${this.where()})`);
      value = value * 30 + d;
      this.advance();
    }
    if (!digits) throw new PorError(`${this.shown()} where an exponent's digits should be (${this.where()})`);
    return value;
  }

  /** The current character as a message shows it. */
  private shown(): string {
    return this.cc < 0 ? 'the end of the file' : this.cc >= 0x21 && this.cc < 0x7f ? `'${String.fromCharCode(this.cc)}'` : `byte ${this.cc}`;
  }

  private translate(b: number): number {
    if (b < 0 || !this.trans) return b;
    const t = this.trans[b]!;
    return t < 0 ? b : t;
  }

  /**
   * The next character: carriage returns skipped, a line feed ending a line short of 80 first
   * giving the spaces it leaves out (PSPP's reading, whatever the file's line ends).
   */
  private advance(): void {
    if (this.pad > 0) {
      this.pad--;
      this.cc = SPACE;
      return;
    }
    for (;;) {
      if (this.p >= this.bytes.length) {
        this.cc = -1;
        return;
      }
      const b = this.bytes[this.p++]!;
      if (b === CR) continue;
      if (b === LF) {
        this.line++;
        if (this.column < LINE) {
          // The rest of the line is spaces (portable spaces, whatever the file's own): this one now, the others owed.
          this.pad = LINE - this.column - 1;
          this.column = 0;
          this.cc = SPACE;
          return;
        }
        this.column = 0;
        continue;
      }
      this.column++;
      this.cc = this.translate(b);
      return;
    }
  }
}

/** A base-30 digit's value (`0`–`9`, `A`–`T`), or -1. */
function base30(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x54) return c - 0x41 + 10;
  return -1;
}
