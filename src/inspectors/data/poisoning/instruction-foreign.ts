import type { SieveAnchor } from './gram-sieve.js';
import type { InstructionMatch } from './instruction.js';
import { CJK_DISCLOSURE_PATTERNS, CJK_DISCLOSURE_STEMS, CJK_PATTERNS, DISCLOSURE_REACH, LANGUAGES, languageSources, OTHER_SCRIPT_PATTERNS, OTHER_SCRIPT_SPELLED, spellings } from './instruction-languages.js';
import { isLetter, windowsAround } from './instruction-windows.js';
import { DISCLOSURE_ANCHORS, type DisclosureAnchor } from './instruction-disclosure.js';
import { disclosureAt } from './instruction-disclosure-match.js';
import { typedBare } from './instruction-bare-turkish.js';
import { isSpace } from '../white-space.js';

/** An instruction in another language, with the language's name. */
export interface ForeignMatch extends InstructionMatch {
  language: string;
}

const NONE: readonly ForeignMatch[] = [];
/**
 * Word edges for letters of any alphabet (`\b` knows ASCII only: `précédentes` has none inside).
 * The start is checked on each match, not by a lookbehind that a scan would evaluate at every position.
 */
const WORD_UNIT = /[\p{L}\p{N}_]/u;
const END = '(?![\\p{L}\\p{N}_])';
const named = (parts: readonly { name: string; source: string | undefined }[]) =>
  parts.flatMap((p) => (p.source ? [`(?<${p.name}>${p.source})`] : [])).join('|');

const LATIN = LANGUAGES.filter((l) => l.name !== 'Russian');
const RUSSIAN = LANGUAGES.filter((l) => l.name === 'Russian');
const sources = (ls: typeof LANGUAGES) => ls.map((l) => ({ name: l.name, ...languageSources(l) }));

/** Verb-first overrides, tried sticky where a verb stands: one attempt per verb, not a scan. */
const VERB_FIRST = new RegExp(`(?:${named(sources(LATIN).map((l) => ({ name: l.name, source: l.verbFirst })))})${END}`, 'iuy');
/** German puts the verb last (`alle vorherigen Anweisungen ignorieren`): scanned in a window before such a verb. */
const VERB_LAST = new RegExp(`(?:${named(sources(LATIN).map((l) => ({ name: l.name, source: l.verbLast })))})${END}`, 'giu');
const VERB_LAST_WORD = /^(?:ignorieren|vergessen|missachten)$/i;
/** Role hijacks and exfiltration asks, scanned in windows around their rarer words. */
const PHRASES = new RegExp(`(?:${named(sources(LATIN).map((l) => ({ name: l.name, source: l.phrases })))})${END}`, 'giu');
/**
 * Russian, Chinese and Japanese: scanned whole, in text that holds their script at all (the test
 * returns at once on a one-byte string). Their letters reach the sieve as low bytes only.
 */
const RUSSIAN_ALL = new RegExp(`(?:${named(sources(RUSSIAN).flatMap((l) => [{ name: l.name, source: `${l.verbFirst}|${l.phrases}` }]))})${END}`, 'giu');
const CJK_ALL = new RegExp(named(CJK_PATTERNS), 'gu');
const CJK_DISCLOSURE = new RegExp(named(CJK_DISCLOSURE_PATTERNS), 'gu');
const CYRILLIC = /[\u0400-\u04ff]/;
/**
 * Whether a text holds a unit `re` matches, remembered for the last text asked about: the
 * disguise fold asks of the same text next (instruction-disguise.ts), and in a text that holds
 * none the test reads all of it (a tenth of the stage's time on a Japanese or a Russian text).
 */
function lastAnswered(re: { test(text: string): boolean }): (text: string) => boolean {
  let asked: string | undefined;
  let answer = false;
  return (text) => {
    if (text !== asked) {
      asked = text;
      answer = re.test(text);
    }
    return answer;
  };
}
const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Whether a text holds Cyrillic, or kana and ideographs. */
export const cyrillicIn = lastAnswered(CYRILLIC);
export const cjkIn = lastAnswered(CJK);
/**
 * A Chinese or Japanese match, which needs no word edge before it: those scripts write no spaces,
 * and the commonest override opens with a word before the verb (`请忽略之前的所有指令`, please ignore).
 */
const UNSPACED = /^[\u3040-\u30ff\u4e00-\u9fff]/;
/**
 * Stems every Russian or CJK match holds (the first letter left off, for its capital), looked for
 * before the whole-text regex: on a Russian page the case-insensitive alternation ran at a
 * quarter of the stage's speed, and most pages hold none of these. One regex of literals (2.7 GB/s
 * on a Russian page) rather than an `includes` each (0.8 GB/s for the five).
 */
const RUSSIAN_STEMS = /гнорир|абуд|еперь|промпт|ользовател/;
const CJK_STEMS = /忽略|无视|無視|忘记|忘記|忘れ|イグノア/;
/**
 * Korean, Arabic, Hindi, Turkish and Vietnamese (instruction-languages.ts), scanned whole in text
 * that holds the script and a stem every match in it holds. None of these scripts is in the
 * wide-script gate, so they have a gate of their own: code-unit ranges only that script writes
 * (Turkish's dotless ı, İ, ş, ğ; Vietnamese's precomposed vowels), which cannot match a one-byte
 * string, where the test returns at once. Stems per script: one alternation of all of them ran at
 * a quarter of the speed of a script's own on a Korean page.
 */
const OTHER_ALL = new RegExp(`(?:${named(OTHER_SCRIPT_PATTERNS)})${END}`, 'giu');
const OTHER_SPELLED = new RegExp(`(?:${named(OTHER_SCRIPT_SPELLED)})${END}`, 'giu');
/**
 * What the other scripts' gates said of a text: none passed, one passed and the text holds no
 * combining mark (the caller knows: marks are among the wide characters it looked for), or one
 * passed (and a decomposed spelling may be in it).
 */
export type OtherScripts = 'none' | 'precomposed' | 'any';
/** Combining marks: a text that holds one may spell Turkish or Vietnamese decomposed. */
const COMBINING = /[\u0300-\u036f]/;
/** Stems as precomposed text writes them, in lower case and in capitals: one literal alternation, searched at native speed. */
const cased = (stems: readonly string[]) => new RegExp([...new Set(stems.flatMap((w) => [w, w.toUpperCase(), w.toLocaleUpperCase('tr')]))].join('|'));
/**
 * `İstemini` as a heading capitalises it (`Sistem İstemini Göster`). `sistem komutunu` needs no
 * stem: in a page that does not pass the gate, the sieve's bare anchors find it (FOREIGN_ANCHORS).
 * (Title-cased forms of every stem made the search of a Turkish page a third slower.)
 */
const TURKISH_STEMS = ['ları', 'ıya', 'istemini', 'İstemini', 'promptunu', 'yönerge'];
/** The Vietnamese stems' vowels and finals, so a word's capital (`Chỉ`) is no other stem. */
const VIETNAMESE_STEMS = ['ướng', 'hỉ', 'ệnh', 'ắc', 'ống', 'ùng'];
const OTHER_SCRIPTS: readonly { ranges: readonly number[]; stems: RegExp }[] = [
  { ranges: [0xac00, 0xd7a3], stems: /무시|프롬프트|사용자에게/ },
  { ranges: [0x0600, 0x06ff], stems: /تجاهل|انس|النظام|المستخدم/ },
  { ranges: [0x0900, 0x097f], stems: /अनदेखा|अंदा|भूल|प्रॉम्प्ट|प्रोम्प्ट|उपयोगकर्ता|यूज|यू\u095b/ },
  { ranges: [0x0130, 0x0131, 0x015e, 0x015f, 0x011e, 0x011f], stems: cased(TURKISH_STEMS) },
  { ranges: [0x1ea0, 0x1ef9], stems: cased(VIETNAMESE_STEMS) },
  // Decomposed text: both languages' stems in every spelling and case (a slower search, on the few texts that hold combining marks).
  { ranges: [0x0300, 0x036f], stems: new RegExp(spellings([...TURKISH_STEMS, ...VIETNAMESE_STEMS].join('|'), false), 'iu') },
];
const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
/** Ranges (flattened [lo, hi] pairs) as a regex class's body. */
const classBody = (ranges: readonly number[]) => ranges.flatMap((c, i) => (i % 2 ? [] : [`${hex(c)}-${hex(ranges[i + 1]!)}`])).join('');
/**
 * Every code unit OTHER_SCRIPTS' gates look for, as a regex class's body: injection.ts looks for
 * them in the one scan that finds the first invisible or wide character, so a two-byte text that
 * holds none (English with a curly quote) is not read again for them.
 */
export const OTHER_SCRIPTS_CLASS = OTHER_SCRIPTS.map((s) => classBody(s.ranges)).join('');
/** One class per subset of OTHER_SCRIPTS (by bit mask), built when first asked for. */
const gates = new Map<number, RegExp>();
function gateOf(mask: number): RegExp {
  let re = gates.get(mask);
  if (!re) gates.set(mask, (re = new RegExp(`[${OTHER_SCRIPTS.filter((_, k) => mask & (1 << k)).map((s) => classBody(s.ranges)).join('')}]`, 'g')));
  return re;
}
const scriptOf = (c: number) => OTHER_SCRIPTS.findIndex((s) => s.ranges.some((lo, i) => i % 2 === 0 && c >= lo && c <= s.ranges[i + 1]!));
/**
 * Whether some script of OTHER_SCRIPTS is in `text` with one of its stems: the first unit of any
 * of them names a script, whose stems are looked for; the rest are looked for after that unit.
 * `from`: where the first such unit can be, at the earliest (the caller may know).
 */
export function otherScriptMayMatch(text: string, from = 0): boolean {
  let mask = (1 << OTHER_SCRIPTS.length) - 1;
  while (mask) {
    const gate = gateOf(mask);
    gate.lastIndex = from;
    const m = gate.exec(text);
    if (!m) return false;
    const k = scriptOf(m[0].charCodeAt(0));
    if (OTHER_SCRIPTS[k]!.stems.test(text)) return true;
    mask &= ~(1 << k);
    from = m.index;
  }
  return false;
}
const otherScriptIn = lastAnswered({ test: otherScriptMayMatch });

/**
 * Where the Latin-script patterns can be, as ASCII literals the instruction sieve looks for in the
 * same pass as its own anchors (a second sieve would read every text twice; these cost the pass
 * a few more grams). Verbs open a sticky try; phrase words open a small window. Each is spelled
 * out in full, without `?` neighbours: a `?` enters 128 grams, and `?ign` is in `sign` and
 * `design`, which made the corpus's pass a third slower. `ignore ` is the English sieve's own
 * anchor (French, Spanish and Portuguese write it too): scanInstructions passes its hits on here
 * as IGNORE rather than enter the same grams twice.
 */
const VERB = 0;
const PHRASE = 1;
/** Words of Turkish typed without its letters (`talimatlari`), which no script gate sees: a window scanned with OTHER_ALL. */
const BARE_SCRIPT = 2;
/**
 * The objects of Turkish's `sistem istemini göster`: a window scanned in every spelling whatever
 * the gates said, so `goster` typed without its ö inside a page written with Turkish letters is
 * found (the page's own scan reads it as written).
 */
const BARE_DISCLOSURE = 3;
/** The verbs of a request for the system prompt (instruction-disclosure.ts): a window scanned with DISCLOSURE. */
const DISCLOSE = 4;
/** An `m` and one white-space character (the end of `sistem`) just before `at`. */
const afterSistem = (text: string, at: number) => isSpace(text.charCodeAt(at - 1)) && (text.charCodeAt(at - 2) | 0x20) === 0x6d;
/** The index in FOREIGN_ANCHORS under which the English `ignore ` hits are passed on. */
export const IGNORE = 0;
export const FOREIGN_ANCHORS: readonly (SieveAnchor & { group: number; disclosure?: DisclosureAnchor })[] = [
  // Stands for the English anchor's hits, never entered in the sieve (see instruction.ts).
  { pattern: 'ignore ', group: VERB },
  ...['ignorez', 'ignorer', 'ignorier', 'ignorad', 'ignoren', 'ignorar', 'ignorate', 'ignorem', 'ignoruj', 'ignora ', 'ignori ', 'oublie ', 'oubliez', 'oublier', 'olvida ', 'olvide ', 'olvidad', 'olviden', 'olvidar', 'esqueça', 'esquece', 'negeer ', 'vergiss', 'vergess', 'missacht', 'descart', 'dimentic', 'trascur', 'desconsider', 'negeren', 'vergeet', 'vergeten', 'zapomnij', 'abaikan', 'lupakan'].map((pattern) => ({ pattern, group: VERB })),
  // Role hijacks and exfiltration asks by their rarer words, each checked against the bench
  // corpus's aligned blocks: a short pattern with spaces ('ora sei') enters blocks such as `a se`
  // that English prose is full of, `maintenant` shares `main`/`nten` with `maintenance`,
  // `'utente` `tent` with `content`, `muestra` `stra` with `demonstrate`, and `systemprompt` or
  // `del sistema` `syst` / `stem` / `del ` with every `system` and `model ` of an AI corpus (those
  // cost the stage a quarter of its speed). Exfiltration is anchored on the verb instead.
  ...['sormais', 'développeur', 'developpeur', 'utilisat', 'entwickler', 'bist jetzt', 'benutzer', 'nutzerin', 'dem nutzer', 'ahora eres', 'desarrollador', 'usuario', 'usuário', "all'utente", 'all\u2019utente', 'adesso sei', 'sviluppatore', 'agora voc', 'desenvolvedor', 'ao usuario', 'onbeperkt', 'ontwikkelaar', 'gebruiker', 'ytkownik', 'jesteś t', 'dewelopera', 'ograniczeń', 'pengguna', 'tampilkan', 'ungkapkan', 'tunjukkan'].map((pattern) => ({ pattern, group: PHRASE })),
  ...['ujawnij', 'powtórz', 'pokaż s', 'pokaż t', 'pokaż p', 'pokaz s', 'pokaz t', 'pokaz p'].map((pattern) => ({ pattern, group: PHRASE })),
  ...DISCLOSURE_ANCHORS.map((a) => ({ pattern: a.pattern, ...(a.left ? { left: a.left } : {}), ...(a.right ? { right: a.right } : {}), ...(a.spaces ? { spaces: a.spaces } : {}), group: DISCLOSE, disclosure: a })),
  // Turkish's objects as their ASCII letters stand in every bare spelling: talimatlari, komutlari,
  // kurallari, yonergeleri, and kullaniciya (to the user).
  ...['talimatl', 'komutlar', 'kurallar', 'nergeler', 'kullanic'].map((pattern) => ({ pattern, group: BARE_SCRIPT })),
  // And the objects of `sistem istemini göster` (show the system prompt), which a text without
  // Turkish's own letters (`sistem istemini goster`, or one whose only one is ö) would not reach
  // otherwise. `istemini` and `promptunu` alone have blocks of `system` and `prompt` (`stem`,
  // `ompt`) at one alignment, which an AI corpus's English is full of: entered, they cost the
  // sieve a fifth of its speed. The `m ` of `sistem` before them, and the space, `z` (isteminizi)
  // or `,` after `istemini`, give every alignment a block of its own; the context holds them to
  // `sistem` (`make komutunu`, the make command, is on every few lines of a Turkish manual, and a
  // window around each ran one at two fifths of its speed).
  ...['promptunu', 'komutunu'].map((pattern) => ({ pattern, left: ['m '], context: afterSistem, group: BARE_DISCLOSURE })),
  { pattern: 'istemini', left: ['m '], right: [' ', 'z', ','], context: afterSistem, group: BARE_DISCLOSURE },
];

/**
 * Overrides, role hijacks and exfiltration asks in French, German, Spanish, Italian, Portuguese,
 * Dutch, Polish, Indonesian, Russian, Chinese and Japanese (see instruction-languages.ts; requests for
 * the system prompt: instruction-disclosure.ts), in text order.
 * `hits`: where the sieve saw FOREIGN_ANCHORS, as flattened (offset, anchor index) pairs; `wide`:
 * what holdsWideScripts said of the text (Russian and CJK are looked for only then); `others`:
 * what otherScriptMayMatch says of it, when the caller knows.
 */
export function foreignInstructions(text: string, hits: readonly number[], wide: boolean, others: OtherScripts = otherScriptIn(text) ? 'any' : 'none'): readonly ForeignMatch[] {
  let out: ForeignMatch[] | undefined;
  const add = (m: RegExpExecArray, at: number, named?: string) => {
    if (at + m.index > 0 && WORD_UNIT.test(text[at + m.index - 1]!) && !UNSPACED.test(m[0])) return;
    const language = named ?? Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0] ?? '';
    (out ??= []).push({ start: at + m.index, end: at + m.index + m[0].length, text: m[0], language });
  };
  const anchors = hits;
  const phraseSpots: number[] = [];
  const lastSpots: number[] = [];
  const bareSpots: number[] = [];
  const bareDisclosureSpots: number[] = [];
  const spotsOfGroup = [undefined, phraseSpots, bareSpots, bareDisclosureSpots];
  for (let k = 0; k < anchors.length; k += 2) {
    const at = anchors[k]!;
    const anchor = FOREIGN_ANCHORS[anchors[k + 1]!]!;
    const group = anchor.group;
    if (group === DISCLOSE) {
      disclosureAt(text, at, anchor.disclosure!, add);
      continue;
    }
    if (group !== VERB) {
      spotsOfGroup[group]!.push(at, at + 1);
      continue;
    }
    let ws = at;
    while (ws > 0 && isLetter(text.charCodeAt(ws - 1))) ws--;
    let we = at;
    while (we < text.length && isLetter(text.charCodeAt(we))) we++;
    VERB_FIRST.lastIndex = ws;
    const m = VERB_FIRST.exec(text);
    if (m) add(m, 0);
    if (VERB_LAST_WORD.test(text.slice(ws, we))) lastSpots.push(ws, we);
  }
  scanWindows(text, lastSpots, 200, VERB_LAST, add);
  scanWindows(text, phraseSpots, 120, PHRASES, add);
  if (wide && cyrillicIn(text) && RUSSIAN_STEMS.test(text)) scanWindows(text, [0, text.length], 0, RUSSIAN_ALL, add);
  if (wide && cjkIn(text)) {
    if (CJK_STEMS.test(text)) scanWindows(text, [0, text.length], 0, CJK_ALL, add);
    scanWindows(text, spotsOf(text, CJK_DISCLOSURE_STEMS), DISCLOSURE_REACH, CJK_DISCLOSURE, add);
  }
  // A text the scripts' gates let through is scanned whole, as written (decomposed, in every
  // spelling); bare Turkish around its words otherwise, and, in a text scanned as written, around
  // those of its words typed bare (typedBare: a page names its commands every few lines, and a
  // window around each ran it at two fifths of its speed). A request for the system prompt is
  // looked for in every spelling around `sistem istemini` whatever the gates said: those words
  // are rare, even on a Turkish page.
  const spelled = others === 'any' && COMBINING.test(text);
  if (others !== 'none') scanWindows(text, [0, text.length], 0, spelled ? OTHER_SPELLED : OTHER_ALL, add);
  if (others === 'none') scanWindows(text, bareSpots, 120, OTHER_SPELLED, add);
  else if (!spelled && bareSpots.length) scanWindows(text, typedBare(text, bareSpots), 120, OTHER_SPELLED, add);
  scanWindows(text, bareDisclosureSpots, 120, OTHER_SPELLED, add);
  if (!out) return NONE;
  // One match per start (a verb-last window can be reached from two verbs), in text order.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return out.filter((m, i) => i === 0 || m.start >= out![i - 1]!.end);
}

/** Where a global regex of literals matches, as flattened [from, to) pairs. */
function spotsOf(text: string, re: RegExp): number[] {
  const spots: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) spots.push(m.index, m.index + m[0].length);
  return spots;
}

function scanWindows(text: string, spots: readonly number[], reach: number, re: RegExp, add: (m: RegExpExecArray, at: number) => void): void {
  if (!spots.length) return;
  for (const [from, to] of windowsAround(text, spots, reach)) {
    const part = from === 0 && to === text.length ? text : text.slice(from, to);
    re.lastIndex = 0;
    for (let m = re.exec(part); m; m = re.exec(part)) add(m, from);
  }
}
