import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanModelFile } from './index.js';
import { zlib } from './testing/compress-writers.js';
import { concat } from './testing/format-writers.js';
import { callPickle, torchStateDictPickle } from './testing/pickle-writer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-zfile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** joblib < 0.10 `write_zfile`: `ZF`, hex(len) left-justified to 19 characters, then zlib data. */
function zfile(pickle: Uint8Array): Uint8Array {
  const header = `ZF${`0x${pickle.length.toString(16)}`.padEnd(19, ' ')}`;
  return concat([new TextEncoder().encode(header), zlib(pickle)]);
}

async function scan(name: string, bytes: Uint8Array) {
  const abs = path.join(dir, name);
  await writeFile(abs, bytes);
  return scanModelFile(abs, name);
}

describe('joblib ZF (compat) files', () => {
  it('inflates and scans the pickle joblib.load still reads from them', async () => {
    const res = await scan('old.pkl', zfile(callPickle('os', 'system', ['id'])));
    expect(res.verdict).toBe('malicious');
    expect(res.formats).toContain('joblib');
  });

  it('calls a benign one clean', async () => {
    const res = await scan('old-ok.pkl', zfile(torchStateDictPickle([{ name: 'w', shape: [2], storage: '0' }])));
    expect(res.verdict).toBe('clean');
  });
});
