import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { envAnalyzer } from './index.js';
import { MAX_DEPTH, MAX_NODES, dropInlineComment, readEnvLines } from './read-config.js';
import { providersIn } from './providers.js';

describe('env: inputs that used to take quadratic time', () => {
  it('cuts inline comments exactly where the old /\\s+#.*$/ replace did', () => {
    const next = (() => {
      let s = 7;
      return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    })();
    const atoms = [' ', '\t', '#', 'a', 'b', '=', '"', '\r', '\u2028'];
    for (let k = 0; k < 3000; k++) {
      const v = Array.from({ length: Math.floor(next() * 12) }, () => atoms[Math.floor(next() * atoms.length)]).join('');
      expect([v, dropInlineComment(v)]).toEqual([v, v.replace(/\s+#.*$/, '')]);
    }
  });

  it('reads a value followed by a very long run of spaces', () => {
    const [s] = readEnvLines(`OPENAI_BASE_URL=https://api.openai.com${' '.repeat(300_000)}x # note\n`);
    expect(s!.value).toBe(`https://api.openai.com${' '.repeat(300_000)}x`);
  });

  it('lists each configuring variable once, in first-seen order, however many there are', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `OPENAI_API_KEY_${i % 15_000}`);
    const uses = providersIn(names.map((n, i) => ({ key: n, names: [n, 'OPENAI_API_KEY'], value: '${X}', line: i + 1 })));
    expect(uses).toHaveLength(1);
    expect(uses[0]!.configuredBy).toEqual([...new Set(names)]);
  });
});

describe('env: app configs past the reader bounds', () => {
  const analyze = (path: string, text: string) => envAnalyzer.analyze(fakeFile(path, text), { root: '/virtual', options: {} });

  it('reports values past the node cap instead of dropping them silently', async () => {
    const text = JSON.stringify({ ...Object.fromEntries(Array.from({ length: MAX_NODES }, (_, i) => [`k${i}`, 1])), openai: { api_key: '${OPENAI_API_KEY}' } });
    const out = await analyze('config.json', text);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'config.json', reason: 'limit', message: `config.json: more than ${MAX_NODES} values; the rest were not read` })]);
  });

  it('reports values nested past the depth bound', async () => {
    let deep: unknown = { api_key: 'x' };
    for (let i = 0; i < MAX_DEPTH + 2; i++) deep = { n: deep };
    const out = await analyze('config.json', JSON.stringify({ openai: deep }));
    expect(out.issues).toEqual([expect.objectContaining({ reason: 'limit', message: expect.stringMatching(/^config\.json: \d+ values nested deeper than 32 levels were not read$/) })]);
  });

  it('says nothing for an ordinary config', async () => {
    const out = await analyze('config.yaml', 'openai:\n  api_key: ${OPENAI_API_KEY}\n');
    expect(out.issues).toBeUndefined();
    expect(out.assets).toHaveLength(1);
  });
});
