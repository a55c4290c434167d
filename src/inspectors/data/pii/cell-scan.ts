import type { CandidateSink, Token } from './candidates.js';
import { contextAround, fieldContextOf, hasContext, type FieldContext } from './context.js';
import type { PiiHit } from './engine.js';
import { fullPlan, type Plan } from './plan.js';
import { recognizers } from './recognizers.js';

/** A character whose lower case is an ASCII letter: every context word has one, so without any there is no context. */
const HAS_LETTER = /[A-Za-z\u0130\u212a]/;

/**
 * The state of one scanPii call, reused from call to call (scanPii is synchronous and never
 * re-entered). It is the candidate sink too: each candidate goes to the recognizer forms that fit
 * its shape, and a recognizer's sticky regex is tried there unless an earlier match of its own
 * covers the place, which is how a global scan would walk the text.
 */
export class CellScan implements CandidateSink {
  text = '';
  wanted = fullPlan.wanted;
  private field = '';
  private threshold = 0.5;
  private plan = fullPlan;
  hits: PiiHit[] | undefined;
  /** Per hit, the position of its recognizer in the plan (hits are ordered by it before overlaps are resolved). */
  readonly owners: number[] = [];
  /** Per recognizer position: the first offset its regex may still be tried at (a global scan's lastIndex). */
  private readonly nextTry = new Int32Array(recognizers.length);
  /** Per recognizer position: 1 can hit, 2 cannot (no context can lift it over the threshold here), 0 not yet known. */
  private readonly hope = new Uint8Array(recognizers.length);
  /** Whether the per-recognizer arrays were written since they were cleared (most cells reach no recognizer). */
  private touched = true;
  private fieldCtx: FieldContext | undefined;
  private letters = -1;

  begin(text: string, field: string, threshold: number, plan: Plan): void {
    this.text = text;
    this.field = field;
    this.threshold = threshold;
    this.plan = plan;
    this.wanted = plan.wanted;
    this.hits = undefined;
    if (this.touched) {
      this.nextTry.fill(0);
      this.hope.fill(0);
      this.touched = false;
    }
    this.fieldCtx = undefined;
    this.letters = -1;
  }

  private fieldContext(): FieldContext {
    return (this.fieldCtx ??= fieldContextOf(this.field, recognizers));
  }

  /**
   * Whether recognizer `p` can reach the threshold in this cell. A score below it needs a context
   * word, from the field name or from text near the match; a text without letters has none. An id
   * column of plain numbers so skips the recognizers that only score with context.
   */
  private hopeful(p: number): boolean {
    const h = this.hope[p];
    if (h) return h === 1;
    const r = this.plan.list[p]!;
    this.touched = true;
    let ok = r.maxScore >= this.threshold;
    if (!ok || r.maxScoreWithoutLetters !== undefined) {
      if (this.letters < 0) this.letters = HAS_LETTER.test(this.text) ? 1 : 0;
      const letters = this.letters === 1;
      const ceiling = letters ? r.maxScore : (r.maxScoreWithoutLetters ?? r.maxScore);
      const lifted = r.context.length > 0 && r.contextScore >= this.threshold && (letters || this.fieldContext().names[this.plan.index[p]!] === 1);
      ok = ceiling >= this.threshold || lifted;
    }
    this.hope[p] = ok ? 1 : 2;
    return ok;
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
      if ((e.test && !e.test(t, this.text)) || !this.hopeful(q)) continue;
      const re = plan.sticky[q]!;
      this.touched = true;
      re.lastIndex = t.at;
      const m = re.exec(this.text);
      if (m) {
        this.nextTry[q] = t.at + m[0].length;
        this.consider(q, m[0], t.at);
      } else this.nextTry[q] = t.at + 1;
    }
  }

  /** Scores one match of recognizer `p` (context from the field name or the text near it) and keeps it if it reaches the threshold. */
  consider(p: number, value: string, index: number): void {
    const r = this.plan.list[p]!;
    const text = this.text;
    const contextNear = () => this.fieldContext().names[this.plan.index[p]!] === 1 || hasContext(r, contextAround(text, index, index + value.length));
    // Below the threshold only a context word can make a hit: look for one before paying for the checks.
    let context: boolean | undefined;
    if (r.bound && r.bound(value) < this.threshold && !(r.context.length && r.contextScore >= this.threshold && (context = contextNear()))) return;
    let score = r.score(value, text, index);
    if (score === null) return;
    if (score < r.contextScore && r.context.length && (context ?? contextNear())) score = Math.max(score, r.contextScore);
    if (score < this.threshold) return;
    const hit: PiiHit = { entity: r.entity, phi: r.phi ?? false, severity: r.severity, start: index, end: index + value.length, score, value };
    if (!this.hits) {
      this.hits = [hit];
      this.owners.length = 0;
    } else this.hits.push(hit);
    this.owners.push(p);
  }
}
