import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanModelFile } from './index.js';
import { callPickle, torchStateDictPickle } from './testing/pickle-writer.js';
import { zipBytes } from './testing/zip-writer.js';

async function scanBytes(name: string, b: Uint8Array) {
  const dir = await mkdtemp(path.join(tmpdir(), 'aispm-models-'));
  const p = path.join(dir, name);
  await writeFile(p, b);
  return scanModelFile(p, name);
}

describe('models smoke', () => {
  it('flags os.system', async () => {
    const r = await scanBytes('a.pkl', callPickle('os', 'system', ['id']));
    expect(r.verdict).toBe('malicious');
  });
  it('passes a torch zip', async () => {
    const pkl = torchStateDictPickle([{ name: 'fc.weight', shape: [4, 3], storage: '0' }, { name: 'fc.bias', shape: [4], storage: '1' }]);
    const z = zipBytes([{ name: 'model/data.pkl', data: pkl }, { name: 'model/data/0', data: new Uint8Array(48) }, { name: 'model/version', data: new TextEncoder().encode('3\n') }]);
    const r = await scanBytes('m.pt', z);
    expect(r.problems).toEqual([]);
    expect(r.verdict).toBe('clean');
    expect(r.format).toBe('pytorch-zip');
  });
});
