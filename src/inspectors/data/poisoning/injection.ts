import { base64Runs, type Base64Run } from './base64-runs.js';
import { instructionMatches, scanInstructions, type InstructionMatch, type InstructionScan } from './instruction.js';
import { holdsWideScripts, WIDE_CLASS } from './disguise-chars.js';
import { disguisedInstructions } from './instruction-disguise.js';
import { foreignInstructions, otherScriptMayMatch, type OtherScripts } from './instruction-foreign.js';
import { isSpace } from '../white-space.js';

/**
 * Text-level indicators of prompt injection and data poisoning in training / RAG text: hidden
 * instructions aimed at a model, invisible and bidi characters, markdown-image exfiltration URLs,
 * and base64 that decodes to instructions. Each returns offsets so the finding can say where.
 */

export type InjectionKind = 'hidden-instruction' | 'invisible-characters' | 'markdown-exfiltration' | 'encoded-instruction';

export interface InjectionHit {
  kind: InjectionKind;
  start: number;
  end: number;
  /** A short, safe description of what matched (never the whole record). */
  detail: string;
}

/** Zero-width, bidi controls and the Unicode tag block (U+E0000–E007F: invisible ASCII smuggling). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/**
 * A cheap superset test of INVISIBLE, one pass over the code units (0x200B–0x2069 covers its
 * zero-width, bidi and word-joiner ranges): whether a short cell is worth the injection scan. A
 * one-column table of short values was read past without it, while the same cells beside a
 * second column were flagged.
 */
export function mayHoldInvisible(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x200b && c <= 0x2069) || c === 0xfeff || c === 0xdb40) return true;
  }
  return false;
}

/**
 * Scripts that use joiners and non-joiners between letters (Arabic-script Persian and Urdu, the
 * Indic scripts, Sinhala …), or break lines with U+200B instead of spaces (Thai, Lao, Khmer,
 * Myanmar, Tibetan, CJK). Latin, Greek and Cyrillic text has no use for either, so one there is
 * the hiding kind.
 */
const LETTER = /[\p{L}\p{M}]/u;
const ALPHABETIC_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const COMBINING_MARK = /\p{M}/u;
const UNSPACED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Emoji, and what sits inside an emoji ZWJ sequence (variation selector 16, skin-tone modifiers). */
const EMOJI_PART = /\p{Extended_Pictographic}|\u{FE0F}|\p{Emoji_Modifier}/u;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** The code point just before `i` and the one at `j` (surrogate pairs read whole). */
function before(text: string, i: number): string {
  return i <= 0 ? '' : i >= 2 && /[\uDC00-\uDFFF]/.test(text[i - 1]!) ? text.slice(i - 2, i) : text[i - 1]!;
}
function at(text: string, j: number): string {
  return j >= text.length ? '' : String.fromCodePoint(text.codePointAt(j)!);
}

/**
 * Whether a zero-width or directional mark at `i` is doing its job in real writing: a joiner
 * (U+200D) inside an emoji sequence (👨‍👩‍👧, 🏳️‍🌈) or a joiner / non-joiner after a letter of a
 * script that uses them (می‌خواهم, नमस्‍ते, പ്രവീണ്‍); U+200B between letters of an unspaced script; a
 * left-to-right / right-to-left mark (U+200E/F) with right-to-left text beside it. Chat and
 * multilingual datasets are full of these, and none hides anything.
 */
function writingUse(text: string, i: number, cp: number): boolean {
  const prev = before(text, i);
  const next = at(text, i + 1);
  if (cp === 0x200d && EMOJI_PART.test(prev) && EMOJI_PART.test(next)) return true;
  // Before a combining mark, after no letter of an alphabetic script: it keeps the mark off what
  // precedes it (xkb's `trans` layout shows each mark on its own dotted circle, `◌\u200c\u0362◌`).
  if ((cp === 0x200c || cp === 0x200d) && COMBINING_MARK.test(next) && !ALPHABETIC_SCRIPT.test(prev)) return true;
  // After a letter or sign of such a script, up to the end of its word (Malayalam writes a chillu
  // as consonant, virama, joiner: `ന്‍` ends words).
  if (cp === 0x200c || cp === 0x200d) return LETTER.test(prev) && !ALPHABETIC_SCRIPT.test(prev) && !ALPHABETIC_SCRIPT.test(next);
  if (cp === 0x200b) return LETTER.test(prev) && LETTER.test(next) && (UNSPACED_SCRIPT.test(prev) || UNSPACED_SCRIPT.test(next));
  if (cp === 0x200e || cp === 0x200f) return RTL.test(text.slice(Math.max(0, i - 24), i + 25));
  return false;
}

/** Left-to-right / right-to-left marks, embeddings, overrides and isolates: they order what follows them. */
const isDirectional = (cp: number) => cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);

/**
 * Whether nothing but spaces and tabs follows `i` up to the end of its line: a directional
 * character there orders nothing, since the bidi algorithm resets at a paragraph's end (a
 * contributor's name ending in U+202E in pip's AUTHORS.txt, a U+200F after a changelog entry's
 * closing bracket in poppler's). Trojan Source needs text after the override on its line.
 */
function endsItsLine(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // NUL: the end of a table cell, as the injection batch joins a row's cells.
    if (c === 10 || c === 13 || c === 0x2029 || c === 0x85 || c === 0) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const isZeroWidth = (c: number) => c === 0x200b || c === 0x200c || c === 0x200d || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff;
/** White space, a cell's end (NUL, as the injection batch joins cells) or the text's edge (NaN). */
const isBreak = (c: number) => Number.isNaN(c) || c === 0 || isSpace(c);
/** Zero-width characters this many or fewer in a row carry no hidden message (a byte takes 4+ at two bits each). */
const STRAY_RUN = 3;

/**
 * Where the run of zero-width characters starting at `i` ends, when it is a stray beside white
 * space, or -1. Such a run splits no word and no marker (a model reads the same words, and a word
 * split at its other edge, `ignore\u200b previous`, is found by the disguise fold as an
 * instruction): a U+200C pasted before a word in harfbuzz's changelog, a U+FEFF after a space in a
 * zipfile docstring, U+200B after a sentence in AWS's API docs and before a quote in TypeScript's
 * Korean messages. Inside a word, between marks (`<\u200b|im_start|>`) or in a longer run
 * (zero-width steganography), they are still reported.
 */
function strayAtSpace(text: string, i: number): number {
  let end = i;
  while (end < text.length && isZeroWidth(text.charCodeAt(end))) end++;
  if (end - i > STRAY_RUN) return -1;
  return isBreak(i > 0 ? text.charCodeAt(i - 1) : NaN) || isBreak(text.charCodeAt(end)) ? end : -1;
}

/**
 * Where the tag characters of an emoji subdivision flag end (🏴 then the subdivision's code in tag
 * letters and digits, then CANCEL TAG: England's, Scotland's and Wales's flags in chat and social
 * data, and Unicode's own emoji files), or -1 when the tags at `i` are not one. Tags spelling
 * anything else, or running longer than a subdivision code, are the smuggling kind.
 */
function flagTagsEnd(text: string, i: number): number {
  if (text.charCodeAt(i - 2) !== 0xd83c || text.charCodeAt(i - 1) !== 0xdff4) return -1;
  let j = i;
  for (; j - i < 2 * 7 && text.charCodeAt(j) === 0xdb40; j += 2) {
    const low = text.charCodeAt(j + 1);
    if (!((low >= 0xdc30 && low <= 0xdc39) || (low >= 0xdc61 && low <= 0xdc7a))) break;
  }
  const tags = (j - i) / 2;
  return tags >= 3 && text.charCodeAt(j) === 0xdb40 && text.charCodeAt(j + 1) === 0xdc7f ? j + 2 : -1;
}

/** The directional marks' Unicode names, as a table of characters writes them beside each one. */
const MARK_NAMES: Readonly<Record<number, string>> = { 0x200e: 'left to right mark', 0x200f: 'right to left mark' };

/**
 * Whether the directional mark at `i` is one entry of a table of characters: it stands alone
 * between white space (or cell edges), and its line names it, by its Unicode name or its code
 * point (`U+200E`, or `200E` as a word): the ISO 8859-8 man page's table lists both marks so,
 * each between tabs, as LEFT-TO-RIGHT MARK and RIGHT-TO-LEFT MARK. Such a line shows the character
 * to its reader and hides nothing. (A zero-width character beside white space is let go already,
 * as a stray; an embedding, override or isolate reorders the rest of its line whatever the line
 * says.)
 */
function listedOnItsLine(text: string, i: number, cp: number): boolean {
  const name = MARK_NAMES[cp];
  if (!name || !isBreak(i > 0 ? text.charCodeAt(i - 1) : NaN) || !isBreak(text.charCodeAt(i + 1))) return false;
  const line = lineAround(text, i).toLowerCase();
  return line.replace(/[\s_-]+/g, ' ').includes(name) || new RegExp(`(?<![\\p{L}\\p{N}])(?:u\\+)?${cp.toString(16)}(?![\\p{L}\\p{N}])`, 'u').test(line);
}

/** The line holding `i`, at most 200 characters either side (a cell's NUL ends it too). */
function lineAround(text: string, i: number): string {
  let from = i;
  while (from > 0 && i - from < 200 && !isLineEnd(text.charCodeAt(from - 1))) from--;
  let to = i + 1;
  while (to < text.length && to - i < 200 && !isLineEnd(text.charCodeAt(to))) to++;
  return text.slice(from, to);
}
const isLineEnd = (c: number) => c === 10 || c === 13 || c === 0 || c === 0x2028 || c === 0x2029;

/**
 * Whether the zero-width character at `i` stands alone between a backslash and an ASCII letter or
 * digit: it keeps an escape sequence from being read as one, so that documentation shows it
 * literally (AWS's Lex API docs write a backslash, U+2060 and `u0041`, to show `\u0041` rather
 * than `A`). It splits no word and no marker.
 */
function breaksAnEscape(text: string, i: number): boolean {
  if (text.charCodeAt(i - 1) !== 92) return false;
  const c = text.charCodeAt(i + 1);
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
}

/** `![alt](https://host/path?x=…)` where the URL carries a query / template a model would fill in. */
const MD_IMAGE = /!\[[^\]\n]{0,200}\]\(\s*<?(https?:\/\/[^\s)>]{1,2000})>?(?:\s+"[^"]*")?\s*\)/gi;

/** Hidden instructions: as written in English, disguised (instruction-disguise.ts), in other languages (instruction-foreign.ts). */
export function findHiddenInstructions(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  pushHidden(text, scanInstructions(text), out);
  return out;
}

/** `wide` and `others`: whether the text holds wide scripts (holdsWideScripts) and the other scripts' gates pass (otherScriptMayMatch), when the caller knows. */
function pushHidden(text: string, scan: InstructionScan, out: InjectionHit[], wide = holdsWideScripts(text), others?: OtherScripts): void {
  for (const m of scan.matches) out.push({ kind: 'hidden-instruction', start: m.start, end: m.end, detail: shortly(m) });
  const foreign = foreignInstructions(text, scan.foreign, wide, others);
  // A foreign override matched as written is not reported again through a fold.
  for (const m of disguisedInstructions(text, foreign.length ? [...scan.matches, ...foreign] : scan.matches, scan.letterSpaced, wide)) {
    out.push({ kind: 'hidden-instruction', start: m.start, end: m.end, detail: `${shortly(m)} (${m.language ? `${m.language}, ` : ''}disguised: ${m.tricks.join(', ')})` });
  }
  for (const m of foreign) {
    if (scan.matches.some((p) => p.start < m.end && m.start < p.end)) continue;
    out.push({ kind: 'hidden-instruction', start: m.start, end: m.end, detail: `${shortly(m)} (${m.language})` });
  }
}

const shortly = (m: InstructionMatch) => m.text.slice(0, 60).replace(/\s+/g, ' ');

/**
 * A superset of every INVISIBLE unit, every unit holdsWideScripts looks for (WIDE_CLASS) and every
 * unit the other scripts' gates look for (OTHER_SCRIPTS_CLASS), in few ranges: neighbouring ranges
 * merged across gaps that common text seldom holds (not the quotes and dashes at U+2010–2027, nor
 * Latin-1's or most of Latin Extended-A's letters). One search with this class ran at 0.86 ms per
 * MB of English with curly quotes, where the exact union of the classes took 2.2 and the two
 * classes apart 1.1 and 0.6 (a class of many ranges is slow to test). A unit in a gap only makes
 * the exact searches start there.
 */
// eslint-disable-next-line no-misleading-character-class -- the combining marks stand in a range, as code units to find
export const FIRST_CANDIDATE = /[\u011e-\u0131\u015e-\u015f\u0262-\u052f\u0600-\u06ff\u0900-\u097f\u1d00-\u1ef9\u200b-\u200f\u202a-\u209c\u24b6-\u24e9\u3040-\u9fff\ua730-\ua731\uac00-\ud7a3\ufe00-\uff5e]|\ud835|\udb40/;

/** Every INVISIBLE unit and every unit holdsWideScripts looks for (the two classes' union, \uFEFF beside the wide ones). */
const WIDE_OR_INVISIBLE = new RegExp(`[${WIDE_CLASS}\\ufeff]|\\ud835|\\udb40`, 'g');

/** Where the first WIDE_OR_INVISIBLE unit stands from `from` on, or -1 (each alternative is one unit long). */
function firstWideOrInvisible(text: string, from: number): number {
  WIDE_OR_INVISIBLE.lastIndex = from;
  return WIDE_OR_INVISIBLE.test(text) ? WIDE_OR_INVISIBLE.lastIndex - 1 : -1;
}

/** Invisible characters; one hit per run, with the code points named. */
export function findInvisible(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  collectInvisible(text, out);
  return out;
}

function collectInvisible(text: string, all: InjectionHit[], from = 0): void {
  INVISIBLE.lastIndex = from;
  let m = INVISIBLE.exec(text);
  if (!m) return;
  const out: InjectionHit[] = [];
  let last: InjectionHit | undefined;
  for (; m; m = INVISIBLE.exec(text)) {
    const cp = m[0].codePointAt(0)!;
    // A lone BOM at offset 0 is an encoding marker, not smuggling.
    if (cp === 0xfeff && m.index === 0) continue;
    if (cp >= 0xe0000) {
      const end = flagTagsEnd(text, m.index);
      if (end > 0) {
        INVISIBLE.lastIndex = end;
        continue;
      }
    }
    if (cp <= 0x200f && writingUse(text, m.index, cp)) continue;
    if (isDirectional(cp) && (endsItsLine(text, m.index + 1) || listedOnItsLine(text, m.index, cp))) continue;
    if (isZeroWidth(cp) && breaksAnEscape(text, m.index)) continue;
    if (isZeroWidth(cp) && !isZeroWidth(text.charCodeAt(m.index - 1))) {
      const end = strayAtSpace(text, m.index);
      if (end > 0) {
        INVISIBLE.lastIndex = end;
        continue;
      }
    }
    const name = cp >= 0xe0000 ? 'unicode-tag' : cp >= 0x202a && cp <= 0x202e ? 'bidi-control' : cp >= 0x2066 && cp <= 0x2069 ? 'bidi-isolate' : cp === 0x200e || cp === 0x200f ? 'bidi-mark' : 'zero-width';
    if (last && m.index <= last.end + 1) {
      last.end = m.index + m[0].length;
      continue;
    }
    last = { kind: 'invisible-characters', start: m.index, end: m.index + m[0].length, detail: `U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${name})` };
    out.push(last);
  }
  // Tag characters spell ASCII: decode and look for an instruction inside. Only a run already
  // found above can get a detail, so text without invisible characters skips this second pass.
  if (!out.length) return;
  // Runs and hits both come in text order: one walk pairs them (a search per run was quadratic
  // in a block full of them).
  let k = 0;
  for (const t of text.matchAll(/(?:\uDB40[\uDC20-\uDC7E])+/g)) {
    while (k < out.length && out[k]!.end < t.index) k++;
    const hit = out[k];
    if (!hit || hit.start > t.index) continue;
    const decoded = [...t[0]].map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join('');
    hit.detail = `unicode-tag text (${decoded.length} chars)${instructionMatches(decoded).length ? ' carrying an instruction' : ''}`;
  }
  for (const h of out) all.push(h);
}

/** Markdown images whose URL carries a query string or template: the zero-click exfiltration channel. */
export function findMarkdownExfiltration(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  collectMarkdownExfiltration(text, out);
  return out;
}

/**
 * A query value long enough to carry data out. An inline image is not one: README badges
 * (img.shields.io) pass their logo as `logo=data:image/png;base64,…`, hundreds of characters long.
 */
const CARRIER_VALUE = /^[^=&]{1,40}=(?!data(?::|%3A)image\/)(?:[^&]{24,}|\{)/i;
/** A query value that is itself a URL, written out or percent-encoded. */
const URL_VALUE = /^[^=&]{1,40}=(https?(?::|%3A)(?:\/\/|%2F%2F)[^&]*)/i;

function decodedOrUndefined(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Whether a query carries data out: a value long enough, or a template's brace (CARRIER_VALUE).
 * A value that is itself a URL is judged by that URL's own query, as the image's is: a badge proxy
 * fetches the JSON a project publishes (`img.shields.io/endpoint?url=https://raw.githubusercontent.com/…/badge/v2.json`
 * in pydantic's, Ruff's and moto's READMEs), and data put into the inner URL's query still counts.
 */
function carriesData(query: string, depth = 0): boolean {
  for (const pair of query.split('&')) {
    if (!CARRIER_VALUE.test(pair)) continue;
    const url = depth < 2 ? URL_VALUE.exec(pair)?.[1] : undefined;
    if (!url) return true;
    const inner = decodedOrUndefined(url);
    if (inner === undefined) return true;
    const q = inner.indexOf('?');
    if (q >= 0 && carriesData(inner.slice(q + 1), depth + 1)) return true;
  }
  return false;
}

/**
 * CI and quality services whose status badges carry long query values (`circle-token=` and 40 hex
 * digits on CircleCI's, a project key on SonarCloud's): a request there reaches no one who could
 * read the data, and READMEs are full of them (npm's package summaries: every SAP badge). Not
 * badge proxies such as img.shields.io or badgen.net, which fetch a URL named in the query.
 */
const CI_BADGE_HOSTS = new Set([
  'circleci.com', 'dl.circleci.com', 'travis-ci.com', 'travis-ci.org', 'api.travis-ci.com', 'api.travis-ci.org', 'codecov.io', 'coveralls.io',
  'github.com', 'gitlab.com', 'sonarcloud.io', 'app.codacy.com', 'api.codacy.com', 'dev.azure.com', 'ci.appveyor.com', 'app.travis-ci.com',
  // Download counts: pandas' README asks pepy for a badge with its colours and label in the query.
  'static.pepy.tech', 'pepy.tech',
]);

/**
 * Chart services that draw the image from its query (Google's Chart API: `chd=t:100,69.2,…` and
 * `chxl=…|ajv|djv|…` in ajv's README, hundreds of characters of labels and values): the query is the
 * picture, and the request reaches no one who could read data put into it. Templates still count.
 */
const CHART_HOSTS = new Set(['chart.googleapis.com']);

function collectMarkdownExfiltration(text: string, out: InjectionHit[]): void {
  if (!text.includes('![')) return;
  MD_IMAGE.lastIndex = 0;
  for (let m = MD_IMAGE.exec(text); m; m = MD_IMAGE.exec(text)) {
    const url = m[1]!;
    const q = url.indexOf('?');
    const templated = /\{[^}]*\}|\$\{|%7B|\[(?:DATA|data|INFO|info)\]/.test(url);
    const query = q >= 0 ? url.slice(q + 1) : '';
    const carries = templated || carriesData(query);
    if (!carries) continue;
    let host: string;
    let harmlessHost = false;
    try {
      const u = new URL(url.replace(/\{[^}]*\}/g, 'x'));
      host = u.host;
      harmlessHost = !templated && ((CI_BADGE_HOSTS.has(u.hostname) && /\.svg$|badge/i.test(u.pathname)) || CHART_HOSTS.has(u.hostname));
    } catch {
      host = url.slice(8, 40);
    }
    if (harmlessHost) continue;
    out.push({ kind: 'markdown-exfiltration', start: m.index, end: m.index + m[0].length, detail: `image URL to ${host} carrying ${templated ? 'a template' : 'a long query value'}` });
  }
}

/** Base64 runs that decode to readable text containing an instruction to a model. */
export function findEncodedInstructions(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  collectEncodedInstructions(text, out);
  return out;
}

/**
 * `stretches` (from the instruction sieve's pass): where base64 runs can start, each the first
 * block of a stretch of characters whose low byte lies in '+'..0x7F; a run starts at most 3
 * characters before its stretch and ends inside it. Without them the whole text is searched.
 */
function collectEncodedInstructions(text: string, out: InjectionHit[], stretches?: readonly number[]): void {
  if (!stretches) {
    decodeRuns(text, base64Runs(text), out);
    return;
  }
  let doneTo = 0;
  for (const at of stretches) {
    if (at < doneTo) continue;
    let end = at;
    while (end < text.length && isPlainByte(text.charCodeAt(end) & 0xff)) end++;
    decodeRuns(text, base64Runs(text, Math.max(0, at - 3), end), out);
    doneTo = end;
  }
}

const isPlainByte = (b: number) => b >= 0x2b && b < 0x80;

function decodeRuns(text: string, runs: readonly Base64Run[], out: InjectionHit[]): void {
  for (const run of runs) {
    const decoded = Buffer.from(text.slice(run.start, run.end), 'base64').toString('utf8');
    // Mostly printable ASCII, or it is an image / key / hash.
    let printable = 0;
    for (let i = 0; i < decoded.length; i++) {
      const c = decoded.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9) printable++;
    }
    if (printable < decoded.length * 0.95) continue;
    const inner = findHiddenInstructions(decoded);
    if (!inner.length) continue;
    out.push({ kind: 'encoded-instruction', start: run.start, end: run.end, detail: `base64 decoding to "${inner[0]!.detail}"` });
  }
}

/** All text-level injection indicators, in that order. */
export function scanInjection(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  const scan = scanInstructions(text);
  // One scan finds where the first unit the invisible characters, the wide-script gate or the
  // other scripts' gates could want may stand; each goes on from there. A two-byte text that holds
  // none (English with a curly quote) is read once, where it was read twice (the wide and
  // invisible units, then the other scripts' gate): 400 → 600 MB/s.
  const candidate = text.search(FIRST_CANDIDATE);
  const first = candidate < 0 ? -1 : firstWideOrInvisible(text, candidate);
  // Combining marks are wide characters: with none of those, Turkish and Vietnamese are precomposed.
  const others: OtherScripts = candidate < 0 || !otherScriptMayMatch(text, candidate) ? 'none' : first < 0 ? 'precomposed' : 'any';
  pushHidden(text, scan, out, first >= 0 && holdsWideScripts(text, first), others);
  if (first >= 0) collectInvisible(text, out, first);
  collectMarkdownExfiltration(text, out);
  // The instruction sieve has read every 4-byte block already and marked where base64 can be.
  if (scan.base64Stretches.length) collectEncodedInstructions(text, out, scan.base64Stretches);
  return out;
}
