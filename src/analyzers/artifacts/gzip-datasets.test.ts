import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { artifactsAnalyzer } from './index.js';
import { gunzipHead } from './gzip-head.js';
import { scanFile, tempRoot } from './fixtures.test-support.js';

const ctx = { root: '/', options: {} };

/** Dataset asset names the analyzer emits for one gzip file at `rel`. */
async function datasets(rel: string, content: string): Promise<string[]> {
  const f = scanFile(tempRoot(), rel, gzipSync(Buffer.from(content)), 'gzip');
  const out = await artifactsAnalyzer.analyze(f, ctx);
  return (out.assets ?? []).filter((a) => a.kind === 'dataset').map((a) => a.name);
}

// botocore ships ~900 `data/<service>/<version>/service-2.json.gz` API models; a data folder alone
// made each a "dataset". Compressed JSON now follows the uncompressed rule: records, not objects.
describe('gzip JSON in data folders', () => {
  it('is not a dataset when the content is one JSON object (an API model, a config)', async () => {
    expect(await datasets('data/s3/2006-03-01/service-2.json.gz', JSON.stringify({ version: '2.0', metadata: { apiVersion: '2006-03-01' }, operations: {} }))).toEqual([]);
    expect(await datasets('data/events.jsonl.gz', '[1, 2, 3]\n')).toEqual([]);
  });

  it('is a dataset when the content starts like records', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ text: `row ${i}`, label: i % 2 }));
    expect(await datasets('data/train.json.gz', JSON.stringify(rows))).toHaveLength(1);
    expect(await datasets('data/train.jsonl.gz', rows.map((r) => JSON.stringify(r)).join('\n'))).toHaveLength(1);
    // CSV and text are not sampled: the folder rule alone still decides.
    expect(await datasets('data/train.csv.gz', 'a,b\n1,2\n')).toHaveLength(1);
  });
});

describe('gunzipHead', () => {
  it('reads the start of a stream cut off by the walker head, without inflating a bomb', () => {
    const bomb = gzipSync(Buffer.from(`[${'0,'.repeat(5_000_000)}0]`));
    const text = gunzipHead(bomb.subarray(0, 4096));
    expect(text?.startsWith('[0,0,')).toBe(true);
    expect(text!.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('gives undefined for bytes that are not gzip', () => {
    expect(gunzipHead(Buffer.from('PK\x03\x04 not gzip at all'))).toBeUndefined();
  });
});
