import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactsAnalyzer } from './index.js';
import { scanFile, tempRoot } from './fixtures.test-support.js';

const ctx = { root: '/', options: {} };
const rows = Array.from({ length: 30 }, (_, i) => `${i},${i * 2}`).join('\n');

async function isDataset(root: string, rel: string, content: string): Promise<boolean> {
  const out = await artifactsAnalyzer.analyze(scanFile(root, rel, content, 'text'), ctx);
  return (out.assets ?? []).some((a) => a.kind === 'dataset');
}

// A scan rooted at /usr/lib/python3/dist-packages sees `scipy/spatial/tests/data/iris.txt`: the
// relative path hides that this is an installed library's test vector, the absolute one does not.
describe('datasets inside an installed Python package', () => {
  it('does not take text or JSON in its data folders for datasets', async () => {
    const pkg = path.join(tempRoot(), 'usr/lib/python3/dist-packages');
    expect(await isDataset(pkg, 'scipy/spatial/tests/data/iris.txt', '5.1 3.5 1.4 0.2\n4.9 3.0 1.4 0.2\n')).toBe(false);
    expect(await isDataset(pkg, 'pkg/data/records.json', JSON.stringify([{ a: 1 }, { a: 2 }]))).toBe(false);
    const stdlib = path.join(tempRoot(), 'root/.pyenv/versions/3.11.7/lib/python3.11');
    expect(await isDataset(stdlib, 'test/test_email/data/msg_02.txt', 'From: a@example.com\n\nhello\n')).toBe(false);
  });

  it('still takes tabular files there (libraries do ship datasets: sklearn/datasets/data/iris.csv)', async () => {
    const pkg = path.join(tempRoot(), 'usr/lib/python3/dist-packages');
    expect(await isDataset(pkg, 'sklearn/datasets/data/iris.csv', rows)).toBe(true);
  });

  it('takes the same text file in a project for a corpus', async () => {
    expect(await isDataset(path.join(tempRoot(), 'work/app'), 'data/corpus.txt', '5.1 3.5 1.4 0.2\n4.9 3.0 1.4 0.2\n')).toBe(true);
  });
});
