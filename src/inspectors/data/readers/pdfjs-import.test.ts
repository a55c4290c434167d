import { describe, expect, it } from 'vitest';
import { importPdfJs, importRestoring } from './pdfjs-import.js';
import { pdfRows } from './pdf.js';
import { pdfDocument } from '../testing/format-writers.js';

// Recorded as this file's fresh process starts (vitest forks one per file), before any pdf.js.
const builtins = { push: Array.prototype.push, parse: JSON.parse, toString: Function.prototype.toString, DOMException: globalThis.DOMException };

describe('importPdfJs', () => {
  it('leaves the built-ins pdf.js polyfills in place as they were, after reading a PDF', async () => {
    const { rows } = await pdfRows(pdfDocument([['first line', 'second line']]));
    expect(rows.map((r) => r.cells[0]!.text)).toEqual(['first line\nsecond line']);
    expect(Array.prototype.push).toBe(builtins.push);
    expect(JSON.parse).toBe(builtins.parse);
    expect(Function.prototype.toString).toBe(builtins.toString);
    expect(globalThis.DOMException).toBe(builtins.DOMException);
    // The same module both times: one import per thread.
    expect(await importPdfJs()).toBe(await importPdfJs());
  });

  it('keeps what pdf.js adds (Node 20 lacks it), and restores a replaced property even when the load fails', async () => {
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function');
    const target = Math as unknown as Record<string, unknown>;
    const hypot = Math.hypot;
    await expect(
      importRestoring(async () => {
        target.hypot = () => 0;
        target.addedByTest = 1;
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
    expect(Math.hypot).toBe(hypot);
    expect(target.addedByTest).toBe(1);
    delete target.addedByTest;
  });
});
