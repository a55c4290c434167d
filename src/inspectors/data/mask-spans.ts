import { maskValue } from '../../core/index.js';
import type { Span } from './keep-disjoint.js';

/**
 * `text` with each stretch the spans cover masked (`sk-pr…9Qa`). Spans from different detectors may
 * overlap (an address inside a URL with credentials): they are joined first, so every character any
 * of them covers is inside one masked stretch and none is left raw beside it.
 */
export function maskSpans(text: string, spans: readonly Span[]): string {
  if (!spans.length) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i]!.start;
    let end = sorted[i]!.end;
    for (i++; i < sorted.length && sorted[i]!.start < end; i++) end = Math.max(end, sorted[i]!.end);
    out += text.slice(at, start) + maskValue(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}
