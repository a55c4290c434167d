import { decodeCp1252 } from './msg-codepage.js';

/**
 * The text of an RTF document, crudely: what a loader that strips RTF keeps. Control words are
 * dropped (`\par`, `\line`, `\row` end a line, `\tab` and `\cell` are tabs), `\'hh` is a byte of
 * Windows-1252 (the only code page read: `\ansicpg` is not followed), `\uN` a UTF-16 unit (the
 * `\ucN` fallback characters after it skipped). Groups that hold no text a reader sees are skipped:
 * `\*` destinations (Outlook's `\*\htmltag` among them), font, colour and style tables, document
 * info, pictures, objects' data and field instructions (a field's shown result is kept). In an
 * Outlook body converted from HTML (`\fromhtml1`), text between `\htmlrtf` and `\htmlrtf0` is
 * RTF-only layout, left out as Outlook does when it rebuilds the HTML.
 *
 * Bounded: one pass over the input, `maxChars` characters out at most, groups nested 1,000 deep
 * at most (deeper ones are read as text of the deepest: nothing is lost, nothing recurses).
 */

/** Groups whose text is not shown (tables, metadata, binary data, field codes). */
export const SKIP_DESTINATIONS: ReadonlySet<string> = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'objdata', 'objclass', 'fldinst', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'filetbl', 'revtbl', 'pgdsctbl', 'bkmkstart', 'bkmkend']);
const MAX_DEPTH = 1000;

interface Group {
  skip: boolean;
  /** Characters that follow `\uN` in place of it, for readers without Unicode (`\ucN`). */
  uc: number;
  /** Inside `\htmlrtf` … `\htmlrtf0`: RTF-only text of a body converted from HTML. */
  htmlRtf: boolean;
}

/** The text of `rtf` (bytes as Latin-1 characters), `maxChars` at most. */
export function rtfText(rtf: string, maxChars = Infinity): string {
  const out: string[] = [];
  let length = 0;
  const stack: Group[] = [];
  let g: Group = { skip: false, uc: 1, htmlRtf: false };
  /** Groups opened past MAX_DEPTH: read as part of the deepest kept one, and closed without popping it. */
  let overflow = 0;
  /** Whether the group just opened has met nothing yet (a destination's control word comes first). */
  let groupStart = false;
  /** Fallback characters still to skip after a `\uN`. */
  let skipChars = 0;
  let bytes: number[] = [];
  const emit = (s: string) => {
    if (g.skip || g.htmlRtf || !s || length >= maxChars) return;
    out.push(s);
    length += s.length;
  };
  const flushBytes = () => {
    if (bytes.length) emit(decodeCp1252(Uint8Array.from(bytes)));
    bytes = [];
  };
  for (let i = 0; i < rtf.length && length < maxChars; ) {
    const c = rtf[i]!;
    if (c === '{') {
      flushBytes();
      if (stack.length < MAX_DEPTH) {
        stack.push(g);
        g = { ...g };
      } else overflow++;
      groupStart = true;
      skipChars = 0;
      i++;
      continue;
    }
    if (c === '}') {
      flushBytes();
      if (overflow) overflow--;
      else g = stack.pop() ?? g;
      groupStart = false;
      skipChars = 0;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      if (skipChars > 0) skipChars--;
      else {
        flushBytes();
        emit(c);
      }
      groupStart = false;
      i++;
      continue;
    }
    const next = rtf[i + 1] ?? '';
    if (next === "'") {
      const code = parseInt(rtf.slice(i + 2, i + 4), 16);
      i += 4;
      if (skipChars > 0) skipChars--;
      else if (Number.isFinite(code)) bytes.push(code);
      groupStart = false;
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      // A control symbol: an escaped character, `\*` (an ignorable destination), or a special character.
      i += 2;
      if (next === '*') g.skip = true;
      else if (next === '\\' || next === '{' || next === '}') {
        flushBytes();
        emit(next);
      } else if (next === '~') emit('\u00a0');
      else if (next === '\n' || next === '\r') emit('\n');
      groupStart = false;
      continue;
    }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(rtf.slice(i + 1, i + 48))!;
    i += 1 + m[0].length;
    const word = m[1]!;
    const param = m[2] === undefined ? undefined : Number(m[2]);
    if (word !== 'u') flushBytes();
    if (groupStart && SKIP_DESTINATIONS.has(word)) g.skip = true;
    groupStart = false;
    switch (word) {
      case 'par':
      case 'line':
      case 'row':
      case 'sect':
      case 'page':
        emit('\n');
        break;
      case 'tab':
      case 'cell':
        emit('\t');
        break;
      case 'uc':
        g.uc = Math.max(0, Math.min(param ?? 1, 8));
        break;
      case 'u':
        flushBytes();
        if (param !== undefined) emit(String.fromCharCode(param < 0 ? param + 65536 : param & 0xffff));
        skipChars = g.uc;
        break;
      case 'htmlrtf':
        g.htmlRtf = param !== 0;
        break;
      case 'bin':
        // Binary data of `param` bytes follows: skipped whole.
        i += Math.max(0, param ?? 0);
        break;
      default:
        break;
    }
  }
  flushBytes();
  return out.join('').slice(0, maxChars);
}
