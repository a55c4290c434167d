import { describe, expect, it } from 'vitest';
import { logicalLine, parseRequirements } from './requirements.js';

/** The joining loop `logicalLine` replaced (quadratic on long continuations), as the reference. */
function oldLogicalLine(lines: string[], first: number): { text: string; last: number } {
  let i = first;
  let line = lines[i]!;
  while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!;
  return { text: line, last: i };
}

describe('requirements continuations', () => {
  it('join exactly as the old loop did', () => {
    let s = 11;
    const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const atoms = ['\\', '\\\\', 'a', ' ', '#', '--hash=x'];
    for (let k = 0; k < 2000; k++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, () => Array.from({ length: Math.floor(next() * 4) }, () => atoms[Math.floor(next() * atoms.length)]).join(''));
      const first = Math.floor(next() * lines.length);
      expect(logicalLine(lines, first)).toEqual(oldLogicalLine(lines, first));
    }
  });

  it('read a pin followed by a very long run of hash continuation lines, and the next requirement at its own line', () => {
    const n = 50_000;
    const text = 'torch==2.3.1 \\\n' + '    --hash=sha256:abc \\\n'.repeat(n - 1) + '    --hash=sha256:abc\nopenai==1.0\n';
    const { deps } = parseRequirements(text);
    expect(deps.map((d) => [d.name, d.version, d.line])).toEqual([['torch', '2.3.1', 1], ['openai', '1.0', n + 2]]);
  });
});
