import type { FcRun } from './doc-hidden-runs.js';
import type { Piece } from './doc-pieces.js';
import { firstEndingPast } from './sorted-ranges.js';

/**
 * Hidden runs (and table paragraphs), which the formatting gives as byte ranges of the
 * `WordDocument` stream (FCs), as ranges of character positions (CPs), through the piece table: a piece's characters sit at its
 * offset, one byte each when compressed and two when not, so an FC inside a piece is one CP.
 * A fast-saved document's pieces can lie anywhere in the stream, so each piece looks up the runs
 * over its own bytes.
 */

/** Spans kept at most: overlapping pieces could make pieces × runs of them. */
export const MAX_SPANS = 1 << 20;

/** Characters [start, end) hidden, and why. */
export interface CpSpan {
  start: number;
  end: number;
  why: string;
}

/** The hidden CP spans of `pieces` (sorted by CP) under `runs` (sorted by FC, not overlapping); `capped` when MAX_SPANS stopped them. */
export function hiddenCpSpans(runs: readonly FcRun[], pieces: readonly Piece[]): { spans: CpSpan[]; capped: boolean } {
  return cpSpans(runs, pieces, (a, b) => a.why === b.why);
}

/**
 * Runs of bytes (sorted by FC, not overlapping) as runs of the characters of `pieces` (sorted by
 * CP), each keeping what else it carries; neighbours that are `same` are joined. `capped` when
 * MAX_SPANS stopped them.
 */
export function cpSpans<R extends { start: number; end: number }>(runs: readonly R[], pieces: readonly Piece[], same: (a: R, b: R) => boolean): { spans: R[]; capped: boolean } {
  const spans: R[] = [];
  if (!runs.length) return { spans, capped: false };
  for (const p of pieces) {
    const width = p.compressed ? 1 : 2;
    const from = p.offset;
    const to = p.offset + (p.cpEnd - p.cpStart) * width;
    for (let i = firstEndingPast(runs, from, (r) => r.end); i < runs.length && runs[i]!.start < to; i++) {
      const r = runs[i]!;
      // A character is in a run when its first byte is.
      const start = p.cpStart + Math.ceil((Math.max(r.start, from) - from) / width);
      const end = p.cpStart + Math.ceil((Math.min(r.end, to) - from) / width);
      if (end <= start) continue;
      const last = spans.at(-1);
      if (last && last.end === start && same(last, r)) last.end = end;
      else {
        if (spans.length >= MAX_SPANS) return { spans, capped: true };
        spans.push({ ...r, start, end });
      }
    }
  }
  return { spans, capped: false };
}

/** Looks up, for a CP, why it is hidden and where that stops being so. */
export class HiddenSpans {
  constructor(private readonly spans: readonly CpSpan[]) {}

  /** Why the character at `cp` is hidden (undefined: it shows) and the first CP past `cp` where that may change. */
  at(cp: number): { why?: string; end: number } {
    const s = this.spans[firstEndingPast(this.spans, cp, (x) => x.end)];
    if (!s) return { end: Infinity };
    return s.start <= cp ? { why: s.why, end: s.end } : { end: s.start };
  }
}
