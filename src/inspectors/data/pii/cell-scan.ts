import type { CandidateSink, Token } from './candidates.js';
import { fieldContextOf, type FieldContext } from './context.js';
import { ContextWindow } from './context-window.js';
import { hasCjkContext } from './cjk-context.js';
import { CJK, cjkWords } from './cjk-words.js';
import { hopesFor, WITH_LETTERS, WITHOUT_LETTERS } from './hopes.js';
import type { PiiHit } from './engine.js';
import { fullPlan, type Plan } from './plan.js';
import { recognizers } from './recognizers.js';

/**
 * A character whose folded lower case may be an ASCII letter (see fold.ts): every context word has
 * one, so without any there is no context. The Latin blocks whole, a few symbols (×, ÷) with them,
 * the Greek (Extended too) and Cyrillic blocks and the fullwidth letters: more cells than need it look for context, none that need it is skipped.
 * (A CJK context word has none: see hopeful.)
 */
export const HAS_LETTER = /[A-Za-z\u00c0-\u024f\u0370-\u052f\u1e00-\u1fff\u2126\u212a\u212b\uff21-\uff3a\uff41-\uff5a]/;

/** Every recognizer's CJK context words by their first code unit (a regex alternation of them all ran at a few MB/s). */
const CJK_WORDS_BY_FIRST = new Map<number, string[]>();
for (const w of new Set(recognizers.flatMap(cjkWords))) {
  const c = w.charCodeAt(0);
  CJK_WORDS_BY_FIRST.set(c, [...(CJK_WORDS_BY_FIRST.get(c) ?? []), w]);
}
const CJK_FIRST = new Uint8Array(0x10000);
for (const c of CJK_WORDS_BY_FIRST.keys()) CJK_FIRST[c] = 1;

/** A text with no letter HAS_LETTER finds, but a CJK context word (`電話番号：090-…`). */
const CJK_WORDS_ONLY = 2;

/** Whether any recognizer's CJK context word stands in `text`: one pass, a table lookup per code unit. */
function anyCjkWordIn(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (CJK_FIRST[text.charCodeAt(i)] === 0) continue;
    for (const w of CJK_WORDS_BY_FIRST.get(text.charCodeAt(i))!) if (text.startsWith(w, i)) return true;
  }
  return false;
}

/**
 * The state of one scanPii call, reused from call to call (scanPii is synchronous and never
 * re-entered). It is the candidate sink too: each candidate goes to the recognizer forms that fit
 * its shape, and a recognizer's sticky regex is tried there unless an earlier match of its own
 * covers the place, which is how a global scan would walk the text.
 */
export class CellScan implements CandidateSink {
  text = '';
  wanted = fullPlan.wanted;
  firsts = fullPlan.firsts;
  private field = '';
  private threshold = 0.5;
  private plan = fullPlan;
  private misses: string[] | undefined;
  hits: PiiHit[] | undefined;
  /** Per hit (same index), the position of its recognizer in the plan (hits are ordered by it before overlaps are resolved); entries past the hits are stale. */
  readonly owners: number[] = [];
  /** Per recognizer position: the first offset its regex may still be tried at (a global scan's lastIndex). */
  private readonly nextTry = new Int32Array(recognizers.length);
  /** Whether nextTry was written since it was cleared (most cells reach no recognizer). */
  private touched = true;
  /** Per recognizer position, whether it can hit in this column (see hopes.ts); fetched when first needed. */
  private hopes: Uint8Array | undefined;
  private fieldCtx: FieldContext | undefined;
  /** Whether the text has letters (see lettersIn; -1: not yet looked at). */
  private letters = -1;
  /** Whether the text holds a CJK character (-1: not yet looked at): only then can a CJK context word stand near. */
  private cjk = -1;
  /** Per recognizer position, whether one of its CJK words is in the text, as of the cell numbered in cjkStamp. */
  private readonly cjkFound = new Uint8Array(recognizers.length);
  private readonly cjkStamp = new Int32Array(recognizers.length);
  /** This cell's number (from 1: the stamps start at 0). */
  private cell = 0;
  private readonly near = new ContextWindow();
  /** The same for recognizers whose context must stand on the match's own line. */
  private readonly nearLine = new ContextWindow(true);

  begin(text: string, field: string, threshold: number, plan: Plan, misses?: string[]): void {
    this.text = text;
    this.field = field;
    this.threshold = threshold;
    this.misses = misses;
    this.plan = plan;
    this.wanted = plan.wanted;
    this.firsts = plan.firsts;
    this.hits = undefined;
    if (this.touched) {
      // A loop, not fill(): a builtin call costs more than zeroing a few dozen entries.
      for (let q = 0; q < this.nextTry.length; q++) this.nextTry[q] = 0;
      this.touched = false;
    }
    this.hopes = undefined;
    this.fieldCtx = undefined;
    this.letters = -1;
    this.cjk = -1;
    this.cell = (this.cell + 1) | 0 || 1;
    this.near.reset();
    this.nearLine.reset();
  }

  private fieldContext(): FieldContext {
    return (this.fieldCtx ??= fieldContextOf(this.field, recognizers));
  }

  /**
   * Whether recognizer `p` can reach the threshold in this cell (see hopes.ts): whether the text has
   * letters decides only some. A text with no Latin, Cyrillic or Greek letter can still hold a CJK
   * context word, for the recognizers that have one (`電話番号：090-…`); for the others, a CJK text
   * of numbers and dates is as letter-free as a row of integers.
   */
  private hopeful(p: number): boolean {
    const h = (this.hopes ??= hopesFor(this.plan, this.field, this.threshold))[p]!;
    if (h === 0 || h === (WITH_LETTERS | WITHOUT_LETTERS)) return h !== 0;
    if (this.letters < 0) this.letters = this.lettersIn();
    if ((h & (this.letters === 1 ? WITH_LETTERS : WITHOUT_LETTERS)) !== 0) return true;
    return this.letters === CJK_WORDS_ONLY && (h & WITH_LETTERS) !== 0 && this.cjkWordIn(p);
  }

  /** 1 when the text has a letter that may be a context word's, CJK_WORDS_ONLY when it has only CJK context words, else 0. */
  private lettersIn(): number {
    if (HAS_LETTER.test(this.text)) return 1;
    return this.holdsCjk() && anyCjkWordIn(this.text) ? CJK_WORDS_ONLY : 0;
  }

  /**
   * Whether one of recognizer `p`'s CJK context words stands anywhere in the text (a CJK text
   * without one gives its recognizers no hope: a number in a Japanese sentence is a dozen
   * recognizers' candidate). Per cell, looked at once per recognizer.
   */
  private cjkWordIn(p: number): boolean {
    const words = cjkWords(this.plan.list[p]!);
    if (!words.length) return false;
    // Stamped with the cell's number, not cleared per cell: most cells never get here.
    if (this.cjkStamp[p] !== this.cell) {
      this.cjkStamp[p] = this.cell;
      let found = 0;
      for (let k = 0; k < words.length && !found; k++) if (this.text.includes(words[k]!)) found = 1;
      this.cjkFound[p] = found;
    }
    return this.cjkFound[p] === 1;
  }

  /** Whether the text holds a CJK character: one regex test, which a one-byte text (ASCII, Latin-1) answers at once. */
  private holdsCjk(): boolean {
    if (this.cjk < 0) this.cjk = CJK.test(this.text) ? 1 : 0;
    return this.cjk === 1;
  }

  candidate(t: Token): void {
    const plan = this.plan;
    const list = plan.buckets[t.key]!;
    for (let k = 0; k < list.length; k++) {
      const e = plan.entries[list[k]!]!;
      const q = e.owner;
      if (t.at < this.nextTry[q]!) continue;
      if (e.first && (t.first >= 128 || e.first[t.first] === 0)) continue;
      if (t.length < e.minLength || t.length > e.maxLength) continue;
      // Hope first: it is a table lookup once the cell's hopes are known, while a start check reads
      // text — and the recognizers that need context cannot hit in a letter-free cell of a column
      // that does not name them (rows of small integers start a 2-3-3-3 ABN check at every pair).
      if (!this.hopeful(q) || (e.test && !e.test(t, this.text))) continue;
      const re = plan.sticky[q]!;
      this.touched = true;
      re.lastIndex = t.at;
      // test, not exec: a sticky match starts at t.at and ends at lastIndex, with no match array built.
      if (re.test(this.text)) {
        const end = re.lastIndex;
        this.nextTry[q] = end;
        this.consider(q, this.text.slice(t.at, end), t.at);
      } else this.nextTry[q] = t.at + 1;
    }
  }

  /** Whether the field name, or a word near `start`..`end`, is context for recognizer `p`. */
  private contextNear(p: number, start: number, end: number): boolean {
    const r = this.plan.list[p]!;
    if (this.fieldContext().names[this.plan.index[p]!] === 1 || (r.contextOnLine ? this.nearLine : this.near).has(r, this.text, start, end)) return true;
    return cjkWords(r).length > 0 && this.holdsCjk() && hasCjkContext(r, this.text, start, end, r.contextOnLine);
  }

  /** Scores one match of recognizer `p` (context from the field name or the text near it) and keeps it if it reaches the threshold. */
  consider(p: number, value: string, index: number): void {
    // A column whose values are never this entity (a `version` column of four-part numbers).
    if (this.fieldContext().vetoes[this.plan.index[p]!] === 1) return;
    const r = this.plan.list[p]!;
    const text = this.text;
    // Below the threshold only a context word can make a hit: look for one before paying for the checks.
    let context: boolean | undefined;
    if (r.bound && r.bound(value) < this.threshold && !(r.context.length && r.contextScore >= this.threshold && (context = this.contextNear(p, index, index + value.length)))) return;
    let score = r.score(value, text, index);
    if (score === null) {
      // The shape without its check digit: noted, so chance passes among many such can be told.
      if (r.checksum && this.misses && !r.checksum(value)) this.misses.push(r.entity);
      return;
    }
    if (score < r.contextScore && r.context.length && (context ?? this.contextNear(p, index, index + value.length))) score = Math.max(score, r.contextScore);
    if (score < this.threshold) return;
    const hit: PiiHit = { entity: r.entity, phi: r.phi ?? false, severity: r.severity, start: index, end: index + value.length, score, value };
    if (!this.hits) this.hits = [hit];
    else this.hits.push(hit);
    this.owners[this.hits.length - 1] = p;
  }
}
