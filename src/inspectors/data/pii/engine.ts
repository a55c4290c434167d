import type { Severity } from '../../../core/index.js';
import { recognizers, type Recognizer } from './recognizers.js';

/** One personal or health value found in a piece of text. */
export interface PiiHit {
  entity: string;
  phi: boolean;
  severity: Severity;
  start: number;
  end: number;
  score: number;
  /** The raw value; callers mask it before it leaves the inspector. */
  value: string;
}

export interface PiiOptions {
  /** Presidio-style score threshold (0..1); default 0.5. */
  threshold?: number;
  /** Entities to look for (default: all). */
  entities?: ReadonlySet<string>;
}

/** Normalises context text so words can be matched on boundaries: lower case, runs of non-alnum → one space. */
function normalise(s: string): string {
  return ` ${s.toLowerCase().replace(/[^a-z0-9#]+/g, ' ')} `;
}

function hasContext(r: Recognizer, ctx: string): boolean {
  for (const w of r.context) {
    const nw = normalise(w).trim();
    // Short words ("dl", "sin", "cf") must be whole words; longer ones may start a word ("birthdate").
    if (nw.length <= 3 ? ctx.includes(` ${nw} `) : ctx.includes(` ${nw}`)) return true;
  }
  return false;
}

const HAS_DIGIT = /\d/;

/**
 * Regex matches of an anchored recognizer: only in windows around its anchor character. Calls
 * `fn` per match (no generator object per recognizer per cell: most calls find nothing).
 */
function anchoredMatches(r: Recognizer, text: string, fn: (value: string, index: number) => void): void {
  const { char, before, after } = r.anchor!;
  let doneTo = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) {
    if (at < doneTo) continue;
    const from = Math.max(doneTo, at - before);
    const window = text.slice(from, Math.min(text.length, at + after));
    r.regex.lastIndex = 0;
    for (let m = r.regex.exec(window); m; m = r.regex.exec(window)) {
      // Lookbehind at the window's edge cannot see what precedes it; the edge is a word boundary
      // only if the text really has one there.
      if (m.index === 0 && from > 0 && /[\w.%+-]/.test(text[from - 1]!)) continue;
      fn(m[0], from + m.index);
      doneTo = Math.max(doneTo, from + m.index + m[0].length);
    }
    doneTo = Math.max(doneTo, at + 1);
  }
}

/**
 * Normalised context words of a column / field name. A table repeats the same few names on every
 * row, so they are cached (bounded: JSON key paths with indices can be many).
 */
const fieldCache = new Map<string, string>();
function fieldContextOf(field: string): string {
  if (!field) return '';
  let c = fieldCache.get(field);
  if (c === undefined) {
    c = normalise(field.replace(/([a-z])([A-Z])/g, '$1 $2'));
    if (fieldCache.size >= 4096) fieldCache.clear();
    fieldCache.set(field, c);
  }
  return c;
}

/** The recognizers for an entity filter, computed once per filter set (not per cell). */
const activeFor = new WeakMap<ReadonlySet<string>, readonly Recognizer[]>();
function active(entities: ReadonlySet<string> | undefined): readonly Recognizer[] {
  if (!entities) return recognizers;
  let list = activeFor.get(entities);
  if (!list) activeFor.set(entities, (list = recognizers.filter((r) => entities.has(r.entity))));
  return list;
}

/**
 * Runs every recognizer over `text`. `field` (a column header or JSON key path) counts as context
 * for every value in it, which is how a 9-digit column named `ssn` is recognised. Overlapping hits
 * keep the highest score (a Luhn-valid card is not also a phone number).
 */
export function scanPii(text: string, field = '', opts: PiiOptions = {}): PiiHit[] {
  const threshold = opts.threshold ?? 0.5;
  if (text.length < 3) return [];
  const list = active(opts.entities);
  if (!list.length) return [];
  const digit = HAS_DIGIT.test(text);
  // Computed on first need: most cells have no candidate at all.
  let fieldCtx: string | undefined;
  const fieldContext = () => (fieldCtx ??= fieldContextOf(field));
  const hits: PiiHit[] = [];
  let r: Recognizer = list[0]!;
  const consider = (value: string, index: number) => {
    let score = r.score(value, text, index);
    if (score === null) return;
    if (score < r.contextScore && r.context.length) {
      const around = normalise(text.slice(Math.max(0, index - 48), index) + ' ' + text.slice(index + value.length, index + value.length + 24));
      if (hasContext(r, fieldContext()) || hasContext(r, around)) score = Math.max(score, r.contextScore);
    }
    if (score < threshold) return;
    hits.push({ entity: r.entity, phi: r.phi ?? false, severity: r.severity, start: index, end: index + value.length, score, value });
  };
  for (let i = 0; i < list.length; i++) {
    r = list[i]!;
    if (r.needsDigit && !digit) continue;
    if (r.needs && !text.includes(r.needs)) continue;
    if (r.gate && !r.gate(text)) continue;
    if (r.anchor) {
      anchoredMatches(r, text, consider);
      continue;
    }
    const re = r.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) consider(m[0], m.index);
  }
  return resolve(hits);
}

function resolve(hits: PiiHit[]): PiiHit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
  const kept: PiiHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}
