import { describe, expect, it } from 'vitest';
import { LineRun } from './line-run.js';
import { eachLineOf, LineSplitter, linesOf, type LineFn } from './source.js';
import { TextBlocks } from './text.js';
import type { DataRow } from './types.js';
import { Rng } from '../testing/random.js';

/** Feeds `chunks` through a splitter, reporting lines with where they came from. */
function split(chunks: string[], fn: LineFn): void {
  const s = new LineSplitter();
  for (const c of chunks) s.each(c, fn);
  s.endEach(fn);
}

function randomChunks(r: Rng): string[] {
  const atoms = ['a', 'bc', '\n', '\r\n', '\r', '\n\n', 'é', '😀', ' ', 'a line of text'];
  const text = Array.from({ length: r.int(0, 40) }, () => r.pick(atoms)).join('');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = r.next() < 0.1 ? 0 : r.int(1, 30);
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  // Now and then the same chunk text twice in a row (equal strings, not the same one).
  if (chunks.length && r.next() < 0.2) chunks.push(chunks[chunks.length - 1]!.split('').join(''));
  return chunks;
}

describe('LineRun', () => {
  it('is the lines joined by \\n for any run of split lines, sliced or not', () => {
    const r = new Rng(3);
    for (let round = 0; round < 3000; round++) {
      const chunks = randomChunks(r);
      const runs: { run: LineRun; lines: string[] }[] = [];
      let cur = { run: new LineRun(), lines: [] as string[] };
      split(chunks, (l, src, start) => {
        expect(src.slice(start, start + l.length)).toBe(l);
        cur.run.add(l, src, start);
        cur.lines.push(l);
        if (r.next() < 0.3) {
          runs.push(cur);
          cur = { run: new LineRun(), lines: [] };
        }
      });
      runs.push(cur);
      for (const { run, lines } of runs) {
        expect(run.text(), JSON.stringify(chunks)).toBe(lines.join('\n'));
        expect(run.count).toBe(lines.length);
        expect(run.size).toBe(lines.reduce((a, l) => a + l.length + 1, 0));
      }
    }
  });

  it('gives TextBlocks the same blocks and paragraphs with line sources as without', () => {
    const r = new Rng(4);
    const words = ['word ', 'x', '\n', '\r\n', '\n\n', '  \n'];
    for (let round = 0; round < 4; round++) {
      // Enough text for several 256 KB blocks.
      const text = Array.from({ length: 120_000 }, () => r.pick(words)).join('');
      const bytes = Buffer.from(text);
      const plain = new TextBlocks({ records: true });
      const sourced = new TextBlocks({ records: true });
      const a: DataRow[] = [];
      const b: DataRow[] = [];
      for (const l of linesOf(bytes, 1 << 30, { bytes: 0, truncated: false })) plain.line(l, a);
      plain.end(a);
      eachLineOf(bytes, 1 << 30, { bytes: 0, truncated: false }, (l, src, start) => sourced.line(l, b, src, start));
      sourced.end(b);
      expect(b.length).toBeGreaterThan(2);
      expect(b).toEqual(a);
    }
  });
});
