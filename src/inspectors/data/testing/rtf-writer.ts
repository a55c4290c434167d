/**
 * RTF documents for tests, written as Word and WordPad write them: a font and colour table, the
 * document information, paragraphs ending in `\par` on lines of their own, runs in groups with their
 * formatting, characters past ASCII as `\'hh` (Windows-1252) or `\uN?`.
 */

export type Rgb = readonly [number, number, number];

/** A run of text and how it is formatted. */
export interface RtfRun {
  text: string;
  /** `\v` */
  hidden?: boolean;
  /** `\deleted` */
  deleted?: boolean;
  /** `\cfN`, the colour put in the table. */
  colour?: Rgb;
  /** `\highlightN` (or `\cbN`, `\chcbpatN` with `shadeWord`), the colour put in the table. */
  shade?: Rgb;
  shadeWord?: 'highlight' | 'cb' | 'chcbpat';
  /** `\fsN`, half-points. */
  halfPoints?: number;
}

/** A paragraph: its text, or its runs. */
export type RtfParagraph = string | readonly RtfRun[];

export interface RtfOptions {
  /** `{\info …}`: `title`, `author`, `subject`… as RTF names them. */
  info?: Record<string, string>;
  /** Characters past Windows-1252 (or all past ASCII, `unicode: 'all'`) as `\uN?`; else `\'hh` where Windows-1252 has them. */
  unicode?: 'all';
}

const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** One character of text as RTF writes it. */
function escapeChar(ch: string, o: RtfOptions): string {
  if (ch === '\\' || ch === '{' || ch === '}') return `\\${ch}`;
  if (ch === '\t') return '\\tab ';
  if (ch === '\n') return '\\line ';
  const code = ch.charCodeAt(0);
  if (code < 0x80) return ch;
  const c1 = CP1252_HIGH.indexOf(ch);
  const byte = c1 >= 0 ? 0x80 + c1 : code >= 0xa0 && code <= 0xff ? code : -1;
  if (byte >= 0 && o.unicode !== 'all') return `\\'${byte.toString(16).padStart(2, '0')}`;
  return `\\u${code > 32767 ? code - 65536 : code}?`;
}

/** Text as RTF writes it: escapes, `\tab`, `\line`, `\'hh` and `\uN?`. */
export function rtfEscape(text: string, o: RtfOptions = {}): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += escapeChar(text[i]!, o);
  return out;
}

/** An RTF document of these paragraphs. */
export function rtfDocument(paragraphs: readonly RtfParagraph[], o: RtfOptions = {}): string {
  const colours: Rgb[] = [];
  const colourIndex = (c: Rgb) => {
    let i = colours.findIndex((k) => k.join() === c.join());
    if (i < 0) i = colours.push(c) - 1;
    return i + 1;
  };
  const body = paragraphs.map((p) => {
    const runs = typeof p === 'string' ? [{ text: p }] : p;
    const text = runs
      .map((r) => {
        let words = '';
        if (r.hidden) words += '\\v';
        if (r.deleted) words += '\\deleted';
        if (r.colour) words += `\\cf${colourIndex(r.colour)}`;
        if (r.shade) words += `\\${r.shadeWord ?? 'highlight'}${colourIndex(r.shade)}`;
        if (r.halfPoints !== undefined) words += `\\fs${r.halfPoints}`;
        const text = rtfEscape(r.text, o);
        return words ? `{${words} ${text}}` : text;
      })
      .join('');
    return `\\pard\\plain ${text}\\par`;
  });
  const info = o.info ? `{\\info${Object.entries(o.info).map(([k, v]) => `{\\${k} ${rtfEscape(v, o)}}`).join('')}}` : '';
  const table = `{\\colortbl;${colours.map(([r, g, b]) => `\\red${r}\\green${g}\\blue${b};`).join('')}}`;
  return [`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}${table}${info}`, '\\viewkind4\\uc1', ...body, '}', ''].join('\r\n');
}
