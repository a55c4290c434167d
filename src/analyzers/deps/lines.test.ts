import { describe, expect, it } from 'vitest';
import { LineFinder, SCANS_BEFORE_INDEX } from './lines.js';
import type { Ecosystem } from './types.js';

/** A finder past its scanning phase: every further lookup goes through the segment index. */
function indexedFinder(text: string): LineFinder {
  const f = new LineFinder(text);
  for (let i = 0; i <= SCANS_BEFORE_INDEX; i++) f.find('npm', `warm-up-${i}`);
  return f;
}

describe('deps LineFinder index', () => {
  it('finds the same line through the index as by scanning, on random lockfile-like text', () => {
    let s = 3;
    const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const atoms = ['torch', 'Torch', 'open_ai', 'openai', 'open-ai', '@ai-sdk/x', 'ai', '-', ' ', '"', ':', '::', '/', '=', 'name = ', 'node_modules/', '@', ',', '.', '[', '~', 'x'];
    const needles: [Ecosystem, string][] = [['pypi', 'torch'], ['pypi', 'open-ai'], ['npm', 'openai'], ['npm', '@ai-sdk/x'], ['npm', 'ai'], ['maven', 'org.x:torch'], ['conda', 'open.ai'], ['golang', 'github.com/x/ai']];
    let found = 0;
    for (let round = 0; round < 1500; round++) {
      const text = Array.from({ length: 8 }, () => Array.from({ length: Math.floor(next() * 6) }, () => pick(atoms)).join('')).join(next() < 0.5 ? '\n' : '\r\n');
      const indexed = indexedFinder(text);
      for (const [eco, name] of needles) {
        const want = new LineFinder(text).find(eco, name);
        expect([text, eco, name, indexed.find(eco, name)]).toEqual([text, eco, name, want]);
        if (want !== undefined) found++;
      }
    }
    // The random text must name the packages often, or the comparison proves little.
    expect(found).toBeGreaterThan(3000);
  });

  it('gives each of thousands of catalogue hits in one lockfile its own line', () => {
    const n = 5000;
    const text = JSON.stringify({ packages: Object.fromEntries(Array.from({ length: n }, (_, i) => [`node_modules/@ai-sdk/p${i}`, { version: '1.0.0' }])) }, null, 2);
    const f = new LineFinder(text);
    for (let i = 0; i < n; i++) expect(f.find('npm', `@ai-sdk/p${i}`)).toBe(3 + 3 * i);
  });
});
