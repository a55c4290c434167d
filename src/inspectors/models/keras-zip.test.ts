import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanModelFile } from './index.js';
import { kerasDenseConfig } from './testing/format-writers.js';
import { zipBytes } from './testing/zip-writer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-keras-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hostileConfig = () => new TextEncoder().encode(JSON.stringify(kerasDenseConfig([{ module: 'os', class_name: 'system', config: { name: 'x' }, registered_name: null }])));

async function scan(name: string, bytes: Uint8Array) {
  const abs = path.join(dir, name);
  await writeFile(abs, bytes);
  return scanModelFile(abs, name);
}

describe('Keras v3 zips', () => {
  it('reads config.json of a .keras zip that has no metadata.json or weights (load_model builds the model first)', async () => {
    const res = await scan('bare.keras', zipBytes([{ name: 'config.json', data: hostileConfig() }]));
    expect(res.verdict).toBe('malicious');
    expect(res.formats).toContain('keras');
  });

  it('does not take any zip holding a config.json for a Keras model', async () => {
    const res = await scan('bundle.zip', zipBytes([{ name: 'config.json', data: new TextEncoder().encode('{"a": 1}') }]));
    expect(res.formats).not.toContain('keras');
    expect(res.verdict).toBe('clean');
  });
});
