import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { codeAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
const py = ['import openai', '# a comment', '', 'client = openai.OpenAI()', 'r = client.chat.completions.create(model="gpt-4o")', ''];

describe('code analyzer: line ends', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR only', '\r'],
  ])('gives the same assets and lines for %s files', async (_n, eol) => {
    const out = await codeAnalyzer.analyze(fakeFile('a.py', py.join(eol)), ctx);
    const lines = out.assets!.map((a) => [a.kind, a.name, a.locations[0]!.line]).sort();
    expect(lines).toEqual([['ai-model', 'gpt-4o', 5], ['external-ai-api', 'api.openai.com', 1]]);
  });
});
