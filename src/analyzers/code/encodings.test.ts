import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { codeAnalyzer } from './index.js';

const src = 'import OpenAI from "openai";\nconst client = new OpenAI();\n';
const ctx = { root: '/virtual', options: {} };

describe('code analyzer: encodings', () => {
  it('reads UTF-16 LE and BE sources with a BOM (sniffed as binary) instead of skipping them', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(src, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(src, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      const out = await codeAnalyzer.analyze(fakeFile('web/app.ts', bytes, 'binary'), ctx);
      expect(out.issues ?? []).toEqual([]);
      expect(out.assets?.some((a) => a.name === 'api.openai.com')).toBe(true);
    }
  });

  it('still reports BOM-less binary junk with a source extension as binary, naming the file', async () => {
    const out = await codeAnalyzer.analyze(fakeFile('x.py', Buffer.from([0x00, 0x01, 0x02, 0xff]), 'binary'), ctx);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'x.py', reason: 'binary' })]);
    expect(out.issues![0]!.message).toMatch(/^x\.py: /);
  });
});
