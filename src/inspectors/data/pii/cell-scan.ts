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
 * And the CJK scripts, whose context words are matched as written (cjk-words.ts): `電話番号：090…` has no Latin letter.
 */
export const HAS_LETTER = new RegExp(`[A-Za-z\u00c0-\u024f\u0370-\u052f\u1e00-\u1fff\u2126\u212a\u212b\uff21-\uff3a\uff41-\uff5a]|${CJK.source}`);

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
  private letters = -1;
  /** Whether the text holds a CJK character (-1: not yet looked at): only then can a CJK context word stand near. */
  private cjk = -1;
  private readonly near = new ContextWindow();
  /** The same for recognizers whose context must stand on the match's own line. */
  private readonly nearLine = new ContextWindow(true);

  begin(text: string, field: string, threshold: number, plan: Plan): void {
    this.text = text;
    this.field = field;
    this.threshold = threshold;
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
    this.near.reset();
    this.nearLine.reset();
  }

  private fieldContext(): FieldContext {
    return (this.fieldCtx ??= fieldContextOf(this.field, recognizers));
  }

  /** Whether recognizer `p` can reach the threshold in this cell (see hopes.ts): whether the text has letters decides only some. */
  private hopeful(p: number): boolean {
    const h = (this.hopes ??= hopesFor(this.plan, this.field, this.threshold))[p]!;
    if (h === 0 || h === (WITH_LETTERS | WITHOUT_LETTERS)) return h !== 0;
    if (this.letters < 0) this.letters = HAS_LETTER.test(this.text) ? 1 : 0;
    return (h & (this.letters === 1 ? WITH_LETTERS : WITHOUT_LETTERS)) !== 0;
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
    if (!cjkWords(r).length) return false;
    // A one-byte text (ASCII, Latin-1) answers at once: V8 cannot match a wider class against it.
    if (this.cjk < 0) this.cjk = CJK.test(this.text) ? 1 : 0;
    return this.cjk === 1 && hasCjkContext(r, this.text, start, end, r.contextOnLine);
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
    if (score === null) return;
    if (score < r.contextScore && r.context.length && (context ?? this.contextNear(p, index, index + value.length))) score = Math.max(score, r.contextScore);
    if (score < this.threshold) return;
    const hit: PiiHit = { entity: r.entity, phi: r.phi ?? false, severity: r.severity, start: index, end: index + value.length, score, value };
    if (!this.hits) this.hits = [hit];
    else this.hits.push(hit);
    this.owners[this.hits.length - 1] = p;
  }
}
