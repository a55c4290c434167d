import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { notebooksAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['import openai\n', 'client = openai.OpenAI()\n'], outputs: [] }], metadata: { kernelspec: { language: 'python' } }, nbformat: 4 }, null, 1);

describe('notebooks: other encodings', () => {
  it.each([
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nb, 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(nb, 'utf16le').swap16()])],
  ])('reads a %s notebook with a BOM (sniffed as binary) instead of calling it not JSON', async (_n, bytes) => {
    const out = await notebooksAnalyzer.analyze(fakeFile('analysis.ipynb', bytes, 'binary'), ctx);
    expect(out.issues ?? []).toEqual([]);
    expect(out.assets![0]!.properties).toMatchObject({ codeCells: 1 });
    expect(out.assets!.some((a) => a.kind === 'ai-package' || a.kind === 'external-ai-api')).toBe(true);
  });

  it('still reports real binary junk as not notebook JSON', async () => {
    const out = await notebooksAnalyzer.analyze(fakeFile('x.ipynb', Buffer.from([0, 1, 2, 3]), 'binary'), ctx);
    expect(out.issues![0]!.message).toBe('x.ipynb: binary content, not notebook JSON');
  });
});
