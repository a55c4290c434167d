import { hasCjkFieldContext, isCjkWord } from './cjk-words.js';
import { falseCompoundAt, qualifiedAt } from './false-compounds.js';
import { foldLower, SCRIPT_LETTERS } from './fold.js';
import type { Recognizer } from './recognizers.js';
import { boundUnderParent } from './schema-bounds.js';

/**
 * Normalises context text so words can be matched on boundaries: lower case, Latin letters folded
 * to ASCII (`Téléphone` → `telephone`, `Straße` → `strasse`, see fold.ts), Cyrillic and Greek
 * letters without their accents (`τηλέφωνο` → `τηλεφωνο`), runs of anything else → one space.
 */
export function normalise(s: string): string {
  return ` ${foldLower(s.toLowerCase()).replace(NOT_WORD, ' ')} `;
}
/** What is no word character in normalised text: anything but `a-z 0-9 #` and the Cyrillic and Greek letters of fold.ts. */
const NOT_WORD = new RegExp(`[^a-z0-9#${SCRIPT_LETTERS}]+`, 'g');

/**
 * Per recognizer, its context words as searched for in normalised text: short words ("dl", "sin",
 * "cf") must be whole words, longer ones may start a word ("birthdate"). Built once per recognizer.
 * Not the CJK words: normalised, they are all separators (they are matched as substrings, see
 * cjk-words.ts).
 */
const needlesOf = new WeakMap<Recognizer, string[]>();
export function needles(r: Recognizer): string[] {
  let ns = needlesOf.get(r);
  if (!ns) needlesOf.set(r, (ns = r.context.filter((w) => !isCjkWord(w)).map(needle)));
  return ns;
}

/** Per recognizer, its contextVetoes as needles (see needles). */
const vetoNeedlesOf = new WeakMap<Recognizer, string[]>();
export function vetoNeedles(r: Recognizer): string[] {
  let ns = vetoNeedlesOf.get(r);
  if (!ns) vetoNeedlesOf.set(r, (ns = (r.contextVetoes ?? []).map(needle)));
  return ns;
}

function needle(w: string): string {
  const nw = normalise(w).trim();
  return nw.length <= 3 ? ` ${nw} ` : ` ${nw}`;
}

/** Per recognizer, the needles a column / field name is searched for: its context and field-only words. */
const fieldNeedlesOf = new WeakMap<Recognizer, string[]>();
function fieldNeedles(r: Recognizer): string[] {
  let ns = fieldNeedlesOf.get(r);
  if (!ns) fieldNeedlesOf.set(r, (ns = r.fieldOnly ? [...needles(r), ...r.fieldOnly.map(needle)] : needles(r)));
  return ns;
}

/**
 * Whether a context word of `r` starts a word of normalised field name `ctx` (`phonenumber`,
 * `cardholder`), and that word is not another one that starts so (`mobility`), nor made another
 * thing's by the word after it (`phone_model`, `cell_id`) or a place before it (`place_of_birth`):
 * see false-compounds.ts.
 */
export function hasContext(r: Recognizer, ctx: string): boolean {
  if (r.contextVetoes && vetoNeedles(r).some((n) => ctx.includes(n))) return false;
  for (const n of fieldNeedles(r)) {
    for (let i = ctx.indexOf(n); i >= 0; i = ctx.indexOf(n, i + 1)) {
      const whole = n.endsWith(' ');
      if (!whole && falseCompoundAt(ctx, i + 1)) continue;
      if (!qualifiedAt(ctx, i, whole ? i + n.length - 1 : ctx.indexOf(' ', i + n.length))) return true;
    }
  }
  return false;
}

/**
 * What may follow a context word of four letters or more in running text: nothing, or one of these
 * inflections (`conditions`, `addressed`). Not another word: `diag` is not in `diagonal`, `born` not
 * in `Borne`, `condition` not in `AM_CONDITIONAL` — each lifted version numbers, ABI names and
 * dates in real changelogs to ICD-10 codes and dates of birth. Field names keep any continuation
 * (`hasContext`): they run words together.
 */
export const INFLECTIONS = ['s', 'es', 'ed', 'd', 'ing'];

/** Whether a context word of `r` stands in normalised running text `ctx`, whole or inflected, and none of its vetoes does. */
export function hasTextContext(r: Recognizer, ctx: string): boolean {
  return textHolds(needles(r), ctx) && !(r.contextVetoes && textHolds(vetoNeedles(r), ctx));
}

/** Whether one of `ns` stands in normalised running text `ctx`, whole or inflected. */
function textHolds(ns: readonly string[], ctx: string): boolean {
  for (const n of ns) {
    for (let i = ctx.indexOf(n); i >= 0; i = ctx.indexOf(n, i + 1)) {
      const p = i + n.length;
      if (n.endsWith(' ') || ctx.charCodeAt(p) === 32) return true;
      if (INFLECTIONS.includes(ctx.slice(p, ctx.indexOf(' ', p)))) return true;
    }
  }
  return false;
}

const NEWLINE = 10;
/** How far before and after a match its context reaches, in characters. */
export const CONTEXT_BEFORE = 48;
export const CONTEXT_AFTER = 24;

/** Where a match's context window starts and ends: 48 characters before it, 24 after, and with `onLine` not past its own line. */
export function contextBounds(text: string, start: number, end: number, onLine: boolean): [number, number] {
  let from = Math.max(0, start - CONTEXT_BEFORE);
  let to = Math.min(text.length, end + CONTEXT_AFTER);
  // Looked for within the window only: a search to the text's ends would cost a block's length per match.
  if (onLine) {
    let i = start - 1;
    while (i >= from && text.charCodeAt(i) !== NEWLINE) i--;
    if (i >= from) from = i + 1;
    let j = end;
    while (j < to && text.charCodeAt(j) !== NEWLINE) j++;
    to = j;
  }
  return [from, to];
}

/** The context a match has in its own text: up to 48 characters before it and 24 after (on its own line, with `onLine`). */
export function contextAround(text: string, start: number, end: number, onLine = false): string {
  const [from, to] = contextBounds(text, start, end, onLine);
  return normalise(text.slice(from, start) + ' ' + text.slice(end, to));
}

/** A column / field name, normalised, and for each recognizer whether it names that recognizer's context. */
export interface FieldContext {
  text: string;
  /** By recognizer index in the full list: 1 when the field is context for it. */
  names: Uint8Array;
  /** By recognizer index: 1 when the field is one whose values are never that entity (see Recognizer.notInFields). */
  vetoes: Uint8Array;
}

const NO_FIELD: FieldContext = { text: '', names: new Uint8Array(0), vetoes: new Uint8Array(0) };

/** Whether normalised field name `ctx` names one of `r`'s notInFields words, and none of its context. */
function vetoed(r: Recognizer, ctx: string, named: boolean): boolean {
  return !!r.notInFields && !named && r.notInFields.some((w) => ctx.includes(needle(w)));
}
const fieldCache = new Map<string, FieldContext>();
/**
 * The same by the field as written, for fields with array indices (`messages[1].content`): a chat
 * file repeats a few such paths on every record, and generalising the path again for each cell
 * cost a regex replace and a string. (Bounded apart: a JSON array of records gives every record
 * its own paths, and those must not flush the general entries.)
 */
const indexedCache = new Map<string, FieldContext>();

/**
 * The context of a column / field name for every recognizer. A table repeats the same few names
 * on every row, so they are cached (bounded: JSON key paths with indices can be many).
 */
export function fieldContextOf(field: string, all: readonly Recognizer[]): FieldContext {
  if (!field) return NO_FIELD;
  let c = fieldCache.get(field) ?? indexedCache.get(field);
  if (c === undefined) {
    // Array indices say nothing about what a field holds (context words are letters): `[7].email`
    // and `[8].email` share one entry, so a JSON array of 300,000 records is not 300,000 misses.
    const general = field.includes('[') ? field.replace(/\[\d+\]/g, '[]') : field;
    c = fieldCache.get(general);
    if (c === undefined) {
      // A schema's bound (`shapes.RecordNumber.max`) is no value of what its parent names: no context.
      c = boundUnderParent(general) ? NO_FIELD : nameContext(general, all);
      if (fieldCache.size >= 4096) fieldCache.clear();
      fieldCache.set(general, c);
    }
    if (general !== field) {
      if (indexedCache.size >= 4096) indexedCache.clear();
      indexedCache.set(field, c);
    }
  }
  return c;
}

/** The context of field name `name` (indices generalised) for every recognizer. */
function nameContext(name: string, all: readonly Recognizer[]): FieldContext {
  // Any script's camel case (`numéroÉtudiant`), not only ASCII's.
  const text = normalise(name.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'));
  // CJK words as written, in the name as written: normalised, they are gone.
  const names = Uint8Array.from(all, (r) => ((r.context.length || r.fieldOnly) && (hasContext(r, text) || hasCjkFieldContext(r, name)) ? 1 : 0));
  return { text, names, vetoes: Uint8Array.from(all, (r, i) => (vetoed(r, text, names[i] === 1) ? 1 : 0)) };
}
