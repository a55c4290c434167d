import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataInspector } from './index.js';
import { checkDuplicateFile } from './duplicate-files.js';
import { scanFileFor } from './testing/scan-file.js';

/** A document of a RAG corpus, and the same bytes under other names; one of the same size and opening that differs at its end. */
const DOC = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: the vendor's support policy covers releases for five years.`).join('\n\n') + '\n';
const NEAR = `${DOC.slice(0, -2)}!\n`;

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-dup-files-'));
  await mkdir(path.join(root, 'rag', 'a'), { recursive: true });
  await mkdir(path.join(root, 'rag', 'b'), { recursive: true });
  await mkdir(path.join(root, 'rag', 'c'), { recursive: true });
  await writeFile(path.join(root, 'rag', 'a', 'policy.md'), DOC);
  await writeFile(path.join(root, 'rag', 'b', 'policy.md'), DOC);
  await writeFile(path.join(root, 'rag', 'c', 'policy-copy.txt'), DOC);
  await writeFile(path.join(root, 'rag', 'c', 'policy-edited.md'), NEAR);
  await writeFile(path.join(root, 'rag', 'a', 'stub.md'), 'See the docs.\n');
  await writeFile(path.join(root, 'rag', 'b', 'stub.md'), 'See the docs.\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function ref(rel: string) {
  const absPath = path.join(root, rel);
  const bytes = await readFile(absPath);
  return { path: rel, absPath, size: bytes.length, head: bytes.subarray(0, 4096) };
}

const copies = async (order: string[]) => {
  const scan = {};
  const found = [];
  for (const rel of order) found.push(...(await checkDuplicateFile(scan, await ref(rel))));
  return found.map((f) => f.location?.path).sort();
};

describe('checkDuplicateFile', () => {
  const files = ['rag/c/policy-copy.txt', 'rag/b/policy.md', 'rag/a/policy.md', 'rag/c/policy-edited.md'];

  it('calls every copy but the first by path a copy, whatever order the files come in', async () => {
    const want = ['rag/b/policy.md', 'rag/c/policy-copy.txt'];
    expect(await copies(files)).toEqual(want);
    expect(await copies([...files].reverse())).toEqual(want);
    expect(await copies([files[1]!, files[0]!, files[3]!, files[2]!])).toEqual(want);
  });

  it('says which file it is a copy of, and passes over one of the same size and opening that differs', async () => {
    const scan = {};
    expect(await checkDuplicateFile(scan, await ref('rag/a/policy.md'))).toEqual([]);
    expect(await checkDuplicateFile(scan, await ref('rag/c/policy-edited.md'))).toEqual([]);
    const [f] = await checkDuplicateFile(scan, await ref('rag/b/policy.md'));
    expect(f!.message).toBe(`rag/b/policy.md is an exact copy of rag/a/policy.md (the same ${DOC.length} bytes): a RAG index built from both returns the same chunks twice, and a training set weighs its records double`);
    expect(f!.properties).toMatchObject({ indicator: 'duplicate-file', copyOf: 'rag/a/policy.md' });
  });

  it('leaves out files too small to matter', async () => {
    expect(await copies(['rag/a/stub.md', 'rag/b/stub.md'])).toEqual([]);
  });
});

describe('the data inspector on a corpus holding a copy', () => {
  it('reports the copy once, in the scan the files share', async () => {
    const ctx = { root, options: {} };
    const out = [];
    for (const rel of ['rag/a/policy.md', 'rag/b/policy.md']) out.push(...((await dataInspector.analyze(await scanFileFor(root, rel), ctx)).findings ?? []));
    expect(out.filter((f) => f.properties?.indicator === 'duplicate-file').map((f) => f.location?.path)).toEqual(['rag/b/policy.md']);
    // Another scan (another context) starts afresh.
    const again = await dataInspector.analyze(await scanFileFor(root, 'rag/b/policy.md'), { root, options: {} });
    expect((again.findings ?? []).some((f) => f.properties?.indicator === 'duplicate-file')).toBe(false);
  });
});
