/**
 * RTF documents for tests, written as Word and WordPad write them: a font and colour table, a
 * stylesheet when asked, the document information, paragraphs ending in `\par` on lines of their
 * own (`\pard\plain \sN` in a paragraph style), runs in groups with their formatting (`\csN` first
 * in a character style), characters past ASCII as `\'hh` (Windows-1252) or `\uN?`.
 */

export type Rgb = readonly [number, number, number];

/** How a run, or a style, is formatted. */
export interface RtfFormatting {
  /** `\v`; false writes `\v0`. */
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

/** A run of text and how it is formatted: in a character style (`\csN`), then its own words. */
export interface RtfRun extends RtfFormatting {
  text: string;
  style?: number;
}

/** A stylesheet entry: `{\s15 …}` for a paragraph, `{\*\cs16 …}` for characters; `\sbasedonN`. */
export interface RtfStyle extends RtfFormatting {
  kind: 'paragraph' | 'character';
  id: number;
  name: string;
  basedOn?: number;
}

/** A paragraph in a paragraph style (`\sN`). */
export interface RtfStyledParagraph {
  style: number;
  runs: string | readonly RtfRun[];
}

/** A paragraph: its text, its runs, or those in a style. */
export type RtfParagraph = string | readonly RtfRun[] | RtfStyledParagraph;

export interface RtfOptions {
  /** `{\info …}`: `title`, `author`, `subject`… as RTF names them. */
  info?: Record<string, string>;
  /** Characters past Windows-1252 (or all past ASCII, `unicode: 'all'`) as `\uN?`; else `\'hh` where Windows-1252 has them. */
  unicode?: 'all';
  /** `{\stylesheet …}`, after the colour table. */
  styles?: readonly RtfStyle[];
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

/** A paragraph's style, if any, and its runs. */
function paragraphOf(p: RtfParagraph): { style?: number; runs: readonly RtfRun[] } {
  if (typeof p === 'string') return { runs: [{ text: p }] };
  if ('runs' in p) return { style: p.style, runs: typeof p.runs === 'string' ? [{ text: p.runs }] : p.runs };
  return { runs: p };
}

/** An RTF document of these paragraphs. */
export function rtfDocument(paragraphs: readonly RtfParagraph[], o: RtfOptions = {}): string {
  const colours: Rgb[] = [];
  const colourIndex = (c: Rgb) => {
    let i = colours.findIndex((k) => k.join() === c.join());
    if (i < 0) i = colours.push(c) - 1;
    return i + 1;
  };
  const formatWords = (r: RtfFormatting) => {
    let words = '';
    if (r.hidden !== undefined) words += r.hidden ? '\\v' : '\\v0';
    if (r.deleted) words += '\\deleted';
    if (r.colour) words += `\\cf${colourIndex(r.colour)}`;
    if (r.shade) words += `\\${r.shadeWord ?? 'highlight'}${colourIndex(r.shade)}`;
    if (r.halfPoints !== undefined) words += `\\fs${r.halfPoints}`;
    return words;
  };
  const body = paragraphs.map((p) => {
    const { style, runs } = paragraphOf(p);
    const text = runs
      .map((r) => {
        const words = (r.style === undefined ? '' : `\\cs${r.style}`) + formatWords(r);
        const text = rtfEscape(r.text, o);
        return words ? `{${words} ${text}}` : text;
      })
      .join('');
    return `\\pard\\plain ${style === undefined ? '' : `\\s${style} `}${text}\\par`;
  });
  const styles = (o.styles ?? []).map((s) => {
    const number = s.kind === 'paragraph' ? `\\s${s.id}` : `\\*\\cs${s.id}\\additive`;
    const based = s.basedOn === undefined ? '' : `\\sbasedon${s.basedOn}`;
    return `{${number}${based}${formatWords(s)} ${rtfEscape(s.name, o)};}`;
  });
  const stylesheet = styles.length ? `{\\stylesheet${styles.join('')}}` : '';
  const info = o.info ? `{\\info${Object.entries(o.info).map(([k, v]) => `{\\${k} ${rtfEscape(v, o)}}`).join('')}}` : '';
  const table = `{\\colortbl;${colours.map(([r, g, b]) => `\\red${r}\\green${g}\\blue${b};`).join('')}}`;
  return [`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}${table}${stylesheet}${info}`, '\\viewkind4\\uc1', ...body, '}', ''].join('\r\n');
}
