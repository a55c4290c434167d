import type { ToolPhrase } from './tool-phrase.js';

/**
 * Terminal escape codes in a tool description or an agent's instructions (Trail of Bits, "Deceiving
 * users with ANSI terminal codes in MCP"): a terminal client prints the description, the terminal
 * obeys the codes, and the user sees less than the model reads — text concealed (SGR 8) or drawn in
 * the background's colour, a line printed and then erased or written over (cursor up, erase line),
 * a hyperlink whose shown text names another address (OSC 8), the window's title rewritten.
 *
 * Raw escape characters (ESC, or the 8-bit CSI / OSC) have no business in an agent's instruction
 * file (`prose`): any sequence of them there is a finding. An MCP server's code colours its logs
 * with escapes written in source (`\x1b[`, `\u001b[`, `\033[`, `\e[`) and, minified, with raw ones
 * (terminal-kit's and bluebird's browser bundles hold raw ESC): there only a sequence that hides
 * words written beside it in the same string is read — concealed or same-colour text followed by
 * words, a cursor-up or erase after words on its line, a hyperlink shown as another host. Colour
 * libraries define their conceal code on its own (`"\x1b[8m"` with nothing after it) and erase
 * lines before they print (`\x1b[1A\x1b[2K${line}`): neither has words in the string.
 */

/**
 * ESC written as an escape in source: JS / Python / C / shell forms, a JSON string's doubled
 * backslash. `\e` in lower case only: terminfo's `\E` is a terminal's description, not output.
 */
const LITERAL = String.raw`\\{1,2}(?:x1[bB]|u001[bB]|u\{1[bB]\}|033|e)`;
/** One control sequence: ESC [ raw or written as an escape, or the C1 CSI; parameters and final byte. */
const CSI = String.raw`(?:(?:\x1b|${LITERAL})\[|\x9b)[\d;:?]{0,48}[\x20-\x2f]{0,4}[@-~]`;
const sticky = (source: string) => new RegExp(source, 'y');
const CSI_AT = sticky(String.raw`(?:(?:(\x1b)|${LITERAL})\[|(\x9b))([\d;:?]{0,48})[\x20-\x2f]{0,4}([@-~])`);

/** Up to four sequences side by side (colour then background, cursor-up then erase), none repeated as a group. */
const CSI_RUN = `${CSI}(?:${CSI})?(?:${CSI})?(?:${CSI})?`;
/** An OSC: its number, what follows is read by {@link judgeOsc}. */
const OSC = String.raw`(?:(?:\x1b|${LITERAL})\]|\x9d)\d{1,4};`;
const OSC_AT = sticky(String.raw`(?:(\x1b)\]|${LITERAL}\]|(\x9d))(\d{1,4});`);

const HIDES = 'hides text with terminal escape codes (concealed or same-colour text)';
const OVERWRITES = 'writes over shown text with terminal escape codes (cursor up, erase line)';
const HOLDS = 'holds raw terminal escape codes';

/**
 * A word, a space and another: text a person would read, not a format placeholder or a termcap
 * entry. Three letters of the first word are enough (the regex may start inside it), which keeps
 * the search linear.
 */
const WORDS = /[a-z]{3}[,.;:!?]{0,2}[ \t]{1,3}[a-z]{2}/i;

/** The words just after `end` in the same string: up to a quote, a template hole, a backslash or an escape. */
function wordsAfter(text: string, end: number): boolean {
  const m = /^[^'"\x60${}\\\n\x1b\x9b]{0,160}/.exec(text.slice(end, end + 160));
  return WORDS.test(m![0]);
}

/** Where a string or a template hole ends, read backwards. */
const STRING_EDGE = new Set(["'", '"', '`', '{', '}']);

/**
 * The words just before `start` in the same string (an erased line, its `\n` included), 200
 * characters back at most; in code not past the line's start (a string is on one line).
 */
function wordsBefore(text: string, start: number, prose: boolean): boolean {
  let i = start;
  for (const stop = Math.max(0, start - 200); i > stop && !STRING_EDGE.has(text[i - 1]!) && (prose || text[i - 1] !== '\n'); ) i--;
  return WORDS.test(text.slice(i, start));
}
/** A colour by SGR parameters from `k` (38;5;n, 38;2;r;g;b or the colon forms): its name and the parameters used. */
function extendedColour(parts: readonly string[], k: number): [string | undefined, number] {
  if (parts[k]!.includes(':')) {
    const sub = parts[k]!.split(':');
    if (sub[1] === '5') return [`i${Number(sub[2])}`, 0];
    return [`rgb${sub.slice(-3).map(Number).join(',')}`, 0];
  }
  if (parts[k + 1] === '5') return [`i${Number(parts[k + 2])}`, 2];
  if (parts[k + 1] === '2') return [`rgb${parts.slice(k + 2, k + 5).map(Number).join(',')}`, 4];
  return [undefined, 0];
}

/** Whether SGR parameter lists, applied in order, leave text concealed or in its background's colour. */
export function sgrHides(lists: readonly string[]): boolean {
  let fg: string | undefined;
  let bg: string | undefined;
  let conceal = false;
  for (const list of lists) {
    const parts = list === '' ? ['0'] : list.split(';');
    for (let k = 0; k < parts.length; k++) {
      const n = parseInt(parts[k]!, 10) || 0;
      if (n === 38 || n === 48) {
        const [colour, used] = extendedColour(parts, k);
        if (n === 38) fg = colour;
        else bg = colour;
        k += used;
      } else if (n === 0) [fg, bg, conceal] = [undefined, undefined, false];
      else if (n === 8 || n === 28) conceal = n === 8;
      else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = `i${n >= 90 ? n - 82 : n - 30}`;
      else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = `i${n >= 100 ? n - 92 : n - 40}`;
      else if (n === 39) fg = undefined;
      else if (n === 49) bg = undefined;
    }
  }
  return conceal || (fg !== undefined && fg === bg);
}

/**
 * Cursor up or to a previous line (one count at most: `\x1b[1;1:1A` with modifiers is a key the
 * terminal sends, an up-arrow in a keypress parser), a line erased to its start or whole, the screen
 * above erased.
 */
const isOverwrite = (params: string, final: string) => ((final === 'A' || final === 'F') && /^\d{0,4}$/.test(params)) || (final === 'K' && /^[12]$/.test(params)) || (final === 'J' && /^[123]$/.test(params));

function judgeCsi(text: string, start: number, end: number, prose: boolean): string | undefined {
  const sgr: string[] = [];
  let raw = false;
  let overwrite = false;
  let onlyResets = true;
  for (let i = start; i < end; ) {
    CSI_AT.lastIndex = i;
    const m = CSI_AT.exec(text);
    if (!m) break;
    raw ||= m[1] !== undefined || m[2] !== undefined;
    onlyResets &&= m[4] === 'm' && /^0{0,2}$/.test(m[3]!);
    if (m[4] === 'm') sgr.push(m[3]!);
    else overwrite ||= isOverwrite(m[3]!, m[4]!);
    i = CSI_AT.lastIndex;
  }
  if (sgr.length && sgrHides(sgr) && wordsAfter(text, end)) return HIDES;
  if (overwrite && wordsBefore(text, start, prose)) return OVERWRITES;
  // A reset alone changes nothing on screen: the sequence it closes is the finding.
  return prose && raw && !onlyResets ? HOLDS : undefined;
}

/** The host of an address in shown text, lower-cased (`docs.example.com`, `https://example.com/x`). */
const hostIn = (s: string) => /(?:https?:\/\/)?([a-z0-9][a-z0-9.-]{0,250}\.[a-z]{2,24})\b/i.exec(s)?.[1]?.toLowerCase();

/**
 * OSC 8 (a hyperlink): in prose, a raw one; anywhere, one whose shown text names another host
 * than the one it opens. OSC 0–2 (the window title) and the rest: raw ones in prose only.
 */
function judgeOsc(text: string, start: number, prose: boolean): string | undefined {
  OSC_AT.lastIndex = start;
  const m = OSC_AT.exec(text)!;
  const raw = prose && (m[1] !== undefined || m[2] !== undefined);
  if (m[3] !== '8') return raw ? (/^[012]$/.test(m[3]!) ? 'sets the terminal title with an escape code' : HOLDS) : undefined;
  // 8;params;URI then BEL or ST, then the text shown.
  const link = /^[^;\n]{0,64};([^\s\x07\x1b\\'"\x60]{1,400})(?:\x07|\x1b\\|\\{1,2}(?:x07|u0007|a|x1b\\{1,2}|u001b\\{1,2}|033\\{1,2}|e\\{1,2}))([^\x1b\\\n]{0,200})/i.exec(text.slice(OSC_AT.lastIndex, OSC_AT.lastIndex + 800));
  if (!link) return undefined;
  const target = hostIn(link[1]!);
  const shownHost = hostIn(link[2]!);
  if (target && shownHost && target !== shownHost) return `disguises a link with a terminal hyperlink: shows ${shownHost}, opens ${target}`;
  return raw ? 'hides where a terminal hyperlink leads' : undefined;
}

export const TERMINAL_ESCAPES: readonly ToolPhrase[] = [
  { what: HOLDS, re: new RegExp(CSI_RUN, 'g'), judge: judgeCsi, kind: 'invisible-characters' },
  { what: HOLDS, re: new RegExp(OSC, 'g'), judge: (text, start, _end, prose) => judgeOsc(text, start, prose), kind: 'invisible-characters' },
];
