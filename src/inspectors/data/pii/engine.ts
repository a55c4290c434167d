import type { Severity } from '../../../core/index.js';
import { findCandidates } from './candidates.js';
import { CellScan } from './cell-scan.js';
import { fullPlan, planFor } from './plan.js';
import { firstIn, isShortNumber } from './quick-rejects.js';
import type { Recognizer } from './recognizers.js';
import { resolve } from './resolve.js';

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
  /**
   * Where to note, by entity, each match of a recognizer with a one-in-ten check (`checksum`) that
   * failed it: a column or text where most such matches fail holds another id scheme (see chance-hits.ts).
   */
  misses?: string[];
}

const HAS_DIGIT = /\d/;
/**
 * An ISO 8601 timestamp with a `T` (`2024-06-23T16:26:49.120Z`): event times fill log and table
 * columns, and none is an entity — the `T` joins the date to the time, so no date-of-birth shape
 * stands alone, and the time part is no id. Fractions stop at 6 digits and never meet a `-` offset:
 * `34.16139647` and `36.1548-0130` have a phone number's digits and separators. (With a space instead of `T` the date does stand
 * alone, and goes through the recognizers: a `birth_datetime` column is a date of birth.)
 */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:(?:\.\d{1,6})?(?:Z|\+\d{2}:?\d{2})?|-\d{2}:?\d{2})$/;
/** Texts up to this long are looked through for a trigger with a character loop rather than a regex call. */
const SHORT = 10;
const NO_OPTIONS: PiiOptions = {};
/** The result for the many cells with nothing (shared: results are read-only). */
const NONE: readonly PiiHit[] = Object.freeze([]);
const scan = new CellScan();

/** Sticky copies of anchored recognizers' patterns. */
const stickyOf = new WeakMap<Recognizer, RegExp>();

/**
 * Regex matches of an anchored recognizer: at each anchor character not inside an earlier match,
 * the sticky pattern from the one start a match holding it can have — the matches a global scan
 * finds. (Windows around each anchor, scanned from their start, cost ~370 regex attempts per `@`:
 * 0.8 MB/s on text dense with `@`.)
 */
export function anchoredMatches(r: Recognizer, text: string, visit: (match: string, at: number) => void): void {
  anchoredInto(r, text, { consider: (_q, m, at) => visit(m, at) }, 0);
}

/** Where anchored matches go: recognizer position `q`, the match, its offset. */
interface MatchSink {
  consider(q: number, match: string, at: number): void;
}

/** anchoredMatches into a sink, for recognizer position `q` (scanPii's call makes no closure per cell). */
function anchoredInto(r: Recognizer, text: string, sink: MatchSink, q: number): void {
  const { char, startOf } = r.anchor!;
  let re = stickyOf.get(r);
  if (!re) stickyOf.set(r, (re = new RegExp(r.regex.source, r.regex.flags.replace('g', '') + 'y')));
  let doneTo = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) {
    if (at < doneTo) continue;
    const from = startOf(text, at);
    // A start inside the last match: a global scan resumes after it, where the lookbehind fails.
    if (from < doneTo) continue;
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) continue;
    sink.consider(q, m[0], from);
    doneTo = from + m[0].length;
  }
}

/**
 * Runs every recognizer over `text`. `field` (a column header or JSON key path) counts as context
 * for every value in it, which is how a 9-digit column named `ssn` is recognised. Overlapping hits
 * keep the highest score (a Luhn-valid card is not also a phone number).
 *
 * Most recognizers need a digit in their match: they run only at the candidates the digits point
 * to (see candidates.ts), each with its regex made sticky there, tried in text order and never
 * inside its own previous match, so they find exactly what a global scan of the text finds.
 */
export function scanPii(text: string, field = '', opts: PiiOptions = NO_OPTIONS): readonly PiiHit[] {
  const n = text.length;
  if (n < 3 || (n <= 8 && isShortNumber(text)) || (n >= 16 && n <= 35 && text.charCodeAt(10) === 84 && ISO_TIMESTAMP.test(text))) return NONE;
  const p = opts.entities ? planFor(opts.entities) : fullPlan;
  if (!p.list.length) return NONE;
  // Every match holds a trigger character (a digit, `@`, `:`): none comes before the first one.
  let from = 0;
  if (p.trigger) {
    if (n <= SHORT) from = firstIn(text, p.triggerChars!);
    else {
      const re = p.triggerSearch!;
      re.lastIndex = 0;
      from = re.test(text) ? re.lastIndex - 1 : -1;
    }
    if (from < 0) return NONE;
  }
  const threshold = opts.threshold ?? 0.5;
  const s = scan;
  s.begin(text, field, threshold, p, opts.misses);
  const digit = p.dispatched ? findCandidates(text, s, from) : HAS_DIGIT.test(text);
  // An index loop, and the sink is the scan itself: a closure over `q` here made every cell allocate
  // a context per classic recognizer, and for-of an iterator.
  const classic = p.classic;
  for (let k = 0; k < classic.length; k++) {
    const q = classic[k]!;
    const r = p.list[q]!;
    if (r.needsDigit && !digit) continue;
    if (r.needs && text.indexOf(r.needs, from) < 0) continue;
    if (r.gate && !r.gate(text)) continue;
    if (r.anchor) {
      anchoredInto(r, text, s, q);
      continue;
    }
    const re = r.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) s.consider(q, m[0], m.index);
  }
  return s.hits ? resolve(s.hits, s.owners) : NONE;
}
