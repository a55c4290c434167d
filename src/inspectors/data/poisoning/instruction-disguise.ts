import { holdsWideScripts, KIND, OTHER, mayBeDisguised, trickNames, type Trick } from './disguise-chars.js';
import { disguisedWords, foldedLetters, foldWindow, startsLike, tricksOf, type DisguiseFold } from './disguise-fold.js';
import { INSTRUCTION, instructionMatches, type InstructionMatch } from './instruction.js';
import { cjkIn, cyrillicIn, foreignInstructions, FOREIGN_ANCHORS } from './instruction-foreign.js';
import { LANGUAGES } from './instruction-languages.js';
import { foldLower } from '../pii/fold.js';
import { windowsAround } from './instruction-windows.js';
import { cjkSpots, holdsCyrillic, RUSSIAN_LONGEST, RUSSIAN_WORDS, spacedRussianSpots } from './instruction-disguise-scripts.js';
import { isSpace } from '../white-space.js';
import { mayAskForPrompt, REQUEST_LONGEST, REQUEST_WORDS } from './instruction-disguise-disclosure.js';

/** An instruction found in the folded text: original offsets, the skeleton's text, how it was hidden (and its language when not English). */
export interface DisguisedMatch extends InstructionMatch {
  tricks: readonly Trick[];
  language?: string;
}

const NONE: readonly DisguisedMatch[] = [];
const NO_SPOTS: readonly number[] = [];

/**
 * How far around a disguised word a match through it can reach, in characters of the text: an
 * instruction is at most a dozen words, letter-spaced twice as long, and every disguised word in
 * it is a spot of its own, so the windows of one match's spots overlap and merge. (A disguised
 * phrase whose words stand hundreds of spaces apart is missed.)
 */
const REACH = 320;

/**
 * Instructions a model reads in `text` that the plain match misses because they are disguised
 * (`ig\u00ADnore`, `ｉｇｎｏｒｅ`, a Cyrillic `о` inside `ignore`, `i g n o r e`). Only text that
 * holds a character the fold changes is looked at: ASCII text without one pays a memchr and a
 * regex that cannot match a one-byte string. Then only windows around the words that change (or
 * the letter-spaced words the sieve saw, `letterSpaced`) are folded and matched, so a long text with
 * a soft hyphen or a fullwidth letter here and there costs a little more than one pass over it.
 * A skeleton match that owes nothing to the fold, or overlaps one of the `plain` matches, is not
 * returned: it is reported once already.
 */
export function disguisedInstructions(text: string, plain: readonly InstructionMatch[], letterSpaced: readonly number[], wide: boolean): readonly DisguisedMatch[] {
  // The other languages asked the same of this text (a scan of all of it where the script is absent).
  const cyrillic = wide && cyrillicIn(text);
  const words = mayBeDisguised(text, wide) ? disguisedWords(text, cyrillic) : undefined;
  // Letter-spaced Russian, and Chinese or Japanese disguised near an override's verb.
  const russian = cyrillic ? spacedRussianSpots(text) : NO_SPOTS;
  const cjk = wide && cjkIn(text) ? cjkSpots(text) : NO_SPOTS;
  if (!words && !letterSpaced.length && !russian.length && !cjk.length) return NONE;
  const spots: number[] = [...russian];
  for (let k = 0; words && k < words.length; k += 2) if (mayBeInInstruction(text, words[k]!, words[k + 1]!, wide)) spots.push(words[k]!, words[k + 1]!);
  for (const at of letterSpaced) spots.push(at, at + 1);
  const out: DisguisedMatch[] = [];
  const spacing = letterSpaced.length > 0 || russian.length > 0;
  for (const [from, to] of windowsAround(text, spots, REACH)) {
    const fold = foldWindow(text, from, to, spacing);
    const english = instructionMatches(fold.skeleton);
    // The other languages' overrides through the same fold (`ｉｇｎｏｒｉｅｒｅ alle vorherigen Anweisungen`),
    // where no English one stands: the skeleton is a window's length, so its anchors are looked for directly.
    const foreign = foreignInstructions(fold.skeleton, foreignAnchorsIn(fold.skeleton), holdsWideScripts(fold.skeleton));
    report(fold, foreign.length ? [...english, ...foreign.filter((f) => !english.some((e) => e.start < f.end && f.start < e.end))] : english, plain, out);
  }
  // Chinese and Japanese overrides are short and need none of the other patterns: small windows,
  // their own pattern alone (a receipt in halfwidth katakana with 無効 on every line is all spots).
  for (const [from, to] of windowsAround(text, cjk, CJK_REACH)) {
    const fold = foldWindow(text, from, to, true);
    report(fold, foreignInstructions(fold.skeleton, NO_HITS, true), [...plain, ...out], out);
  }
  return out.length ? out : NONE;
}

/** How far around a CJK override's verb its disguised override can reach, in characters (twice its length, spaced out). */
const CJK_REACH = 80;
const NO_HITS: readonly number[] = [];

/** The skeleton matches that owe something to the fold and overlap no match reported already (`plain`), at the text's offsets, into `out`. */
function report(fold: DisguiseFold, found: readonly (InstructionMatch & { language?: string })[], plain: readonly InstructionMatch[], out: DisguisedMatch[]): void {
  for (const m of found) {
    const mask = tricksOf(fold, m.start, m.end);
    if (!mask) continue;
    const start = fold.from[m.start]!;
    const end = fold.to[m.end - 1]!;
    if (plain.some((p) => p.start < end && start < p.end)) continue;
    out.push({ start, end, text: m.text, tricks: trickNames(mask), ...(m.language ? { language: m.language } : {}) });
  }
}

/** Where FOREIGN_ANCHORS stand in a skeleton, as the sieve reports them (offset, anchor index), ASCII case folded. */
function foreignAnchorsIn(skeleton: string): number[] {
  const lower = skeleton.replace(/[A-Z]+/g, (w) => w.toLowerCase());
  const hits: number[] = [];
  for (let k = 0; k < FOREIGN_ANCHORS.length; k++) {
    const { pattern } = FOREIGN_ANCHORS[k]!;
    for (let at = lower.indexOf(pattern); at >= 0; at = lower.indexOf(pattern, at + 1)) hits.push(at, k);
  }
  return hits;
}

/**
 * The words of INSTRUCTION, read off its source (so they stay in step with it): `instructions?`
 * gives `instructions`, which a folded `instruction` is too. And the other languages' verbs,
 * qualifiers and objects (instruction-languages.ts), ASCII-folded (`précédentes` → `precedentes`),
 * so a disguised German or Spanish override is a spot too; not their articles (`die`, `les`), which
 * every sentence has. Russian words are spelled in Cyrillic (instruction-disguise-scripts.ts).
 */
const ENGLISH = INSTRUCTION.source.match(/(?<!\\)[a-z]{2,}/gi)!.map((w) => w.toLowerCase());
const LONGEST = Math.max(...ENGLISH.map((w) => w.length));
/**
 * The other languages' words (`vorangegangenen`, `instrucciones` among them), ASCII-folded. A
 * disguised word longer than the longest English one is spelled out only when its first letters
 * are those of such a word (see spelledOut).
 */
const VOCABULARY = new Set([
  ...ENGLISH,
  ...LANGUAGES.flatMap((l) => [...l.verbs, ...l.before, ...l.objects, ...l.after])
    .flatMap((w) => foldLower(w.toLowerCase()).split(/[^a-z]+/))
    .filter((w) => w.length >= 2 && w.length <= REQUEST_LONGEST),
  ...RUSSIAN_WORDS,
]);
/** The longest word a neighbour can be, in any alphabet. */
const LONGEST_ANY = Math.max(REQUEST_LONGEST, RUSSIAN_LONGEST);
/**
 * Whether a word begins as one of the vocabulary's and the requests' words longer than LONGEST
 * does (`syst`, `inst`, `vora`, `ursp`, `voll`, `oors`): four letters tell them from most of a
 * German text's compounds.
 */
const longWordStart = startsLike([...VOCABULARY, ...REQUEST_WORDS].filter((w) => w.length > LONGEST && /^[a-z]+$/.test(w)), 4);

/**
 * The disguised Latin-script word [from, to) spelled out (foldedLetters), or '' when it can be no
 * word of an instruction or a request. Past the longest English word only when its first letters
 * are those of a longer word (`sys\u00ADteem\u00ADprompt`, `instruc\u00ADciones`,
 * `Sys\u00ADtem\u00ADan\u00ADwei\u00ADsun\u00ADgen`): soft-hyphenated German (`Bundes\u00ADregierung`)
 * is full of long words, and spelling out every one up to fifteen letters cost that text a third
 * of its speed; a look at four letters costs it nothing measurable.
 */
function spelledOut(text: string, from: number, to: number): string {
  return foldedLetters(text, from, to, LONGEST) || (longWordStart(text, from, to) ? foldedLetters(text, from, to, REQUEST_LONGEST) : '');
}
const inVocabulary = (w: string) => VOCABULARY.has(w) || VOCABULARY.has(`${w}s`);

/** The chat-template markers' brackets and bars, fullwidth: `［ＩＮＳＴ］`, `＜｜ｉｍ＿ｓｔａｒｔ｜＞`. */
const MARKER_PUNCTUATION = [0xff1c, 0xff3b, 0xff5c];

/**
 * Whether the character at `i` parts words the way INSTRUCTION's do: white space, a comma or a
 * colon; or the text's edge (`ｍｏｎｔｒｅ-moi …` opening a text has a word after its hyphen).
 */
function separatedAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return true;
  const c = text.charCodeAt(i);
  return isSpace(c) || c === 44 || c === 58;
}

/**
 * Whether the disguised word [from, to) can be part of an instruction, so a window around it is
 * worth folding: folded, it is a word of INSTRUCTION and so is a word beside it, or it holds a
 * fullwidth bracket or bar of a chat-template marker. Japanese text writes `ＡＩ` and German text
 * soft-hyphenates long words all the time; without this each of them cost a window and the stage
 * ran at a tenth of its speed on such text.
 */
function mayBeInInstruction(text: string, from: number, to: number, wide: boolean): boolean {
  for (let i = from; i < to; i++) if (MARKER_PUNCTUATION.includes(text.charCodeAt(i))) return true;
  // A word with no white space, comma or colon either side (`ＡＩ` between kanji) has no neighbour
  // to stand in an instruction with: that is seen before the word is spelled out.
  if (!separatedAt(text, from - 1) && !separatedAt(text, to)) return false;
  const word = wide && holdsCyrillic(text, from, to) ? foldedLetters(text, from, to, RUSSIAN_LONGEST) : spelledOut(text, from, to);
  // A request for the system prompt has articles and pronouns beside its words (mayAskForPrompt).
  if (!inVocabulary(word)) return mayAskForPrompt(text, from, to, word);
  return neighbourInVocabulary(text, from, -1) || neighbourInVocabulary(text, to, 1) || mayAskForPrompt(text, from, to, word);
}

/** Whether the word before `at` (step -1) or after it (step 1), past white space, a comma or a colon, is a word of INSTRUCTION. */
function neighbourInVocabulary(text: string, at: number, step: -1 | 1): boolean {
  const n = text.length;
  let i = at;
  for (let k = 0; k < 8 && i > 0 && i < n; k++) {
    const c = text.charCodeAt(step < 0 ? i - 1 : i);
    if (!(isSpace(c) || c === 44 || c === 58)) break;
    i += step;
  }
  let j = i;
  while (j > 0 && j < n && KIND[text.charCodeAt(step < 0 ? j - 1 : j)] !== OTHER && Math.abs(j - i) < 40) j += step;
  return j !== i && inVocabulary(foldedLetters(text, Math.min(i, j), Math.max(i, j), LONGEST_ANY));
}
