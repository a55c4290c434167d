import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { lineageAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };

describe('lineage model card: front matter over the cap', () => {
  it('is reported as a limit naming the file instead of silently yielding nothing', async () => {
    const text = '---\nbase_model: meta-llama/Llama-3.1-8B\ndatasets:\n' + Array.from({ length: 16_000 }, (_, i) => `- org/ds${i}\n`).join('') + '---\n# Model\n';
    const out = await lineageAnalyzer.analyze(fakeFile('README.md', text), ctx);
    expect(out.assets ?? []).toEqual([]);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'README.md', reason: 'limit', message: expect.stringMatching(/^README\.md: model card front matter runs past 64 KB/) })]);
  });

  it('still says nothing for a long README whose opening --- is never closed (not front matter)', async () => {
    const out = await lineageAnalyzer.analyze(fakeFile('README.md', '---\n' + 'text\n'.repeat(20_000)), ctx);
    expect(out).toEqual({});
  });
});
