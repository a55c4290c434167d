import { decoderFor } from './msg-codepage.js';

/**
 * An RTF document's font table, for the code page of `\'hh` bytes: a font's `\fcharsetN` (a
 * Cyrillic font's 204 is Windows-1251) or `\cpgN` says in what code page its bytes are, over the
 * document's `\ansicpgN`. WordPad and older writers put Cyrillic, Greek or Central European text
 * as `\'hh` bytes in such a font under a Windows-1252 document.
 */

/** Windows character sets (`\fcharsetN`, LOGFONT's lfCharSet) as code pages; ANSI, default and symbol fonts follow the document. */
const CHARSET_CODEPAGE: Record<number, number> = { 77: 10000, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250 };

/** Past this many fonts the rest are not kept (their bytes read in the document's code page). */
const MAX_FONTS = 4096;

export class FontTable {
  private readonly codepages = new Map<number, number>();
  private readonly decoders = new Map<number, (bytes: Uint8Array) => string>();
  /** The font `\fN` being described in the table. */
  private current = -1;
  /** `\deffN`: the font of text that names none. */
  deff = -1;

  /** A control word inside `{\fonttbl …}`. */
  word(word: string, param: number | undefined): void {
    if (word === 'f') this.current = param ?? -1;
    else if ((word === 'fcharset' || word === 'cpg') && param !== undefined && this.current >= 0 && (this.codepages.size < MAX_FONTS || this.codepages.has(this.current))) {
      const cp = word === 'cpg' ? param : CHARSET_CODEPAGE[param];
      if (cp !== undefined) this.codepages.set(this.current, cp);
      else if (word === 'fcharset') this.codepages.delete(this.current);
    }
  }

  /**
   * The decoder of bytes in font `font` (-1: the default font) of a document in code page
   * `ansicpg`; undefined for Windows-1252, which the caller reads from a table.
   */
  decoder(font: number, ansicpg: number | undefined): ((bytes: Uint8Array) => string) | undefined {
    const cp = this.codepages.get(font < 0 ? this.deff : font) ?? ansicpg;
    if (cp === undefined || cp === 1252) return undefined;
    let d = this.decoders.get(cp);
    if (!d) this.decoders.set(cp, (d = decoderFor(cp)));
    return d;
  }
}
