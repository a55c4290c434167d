import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanFile } from '../../core/index.js';
import { modelsAnalyzer } from './index.js';
import { writeScanFile } from './testing/scan-file.js';
import { zipBytes } from './testing/zip-writer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-models-unrec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (rel: string, bytes: Uint8Array, sniffed: string): Promise<ScanFile> => writeScanFile(dir, rel, bytes, sniffed);

describe('models analyzer: content that is no model under a model-only name', () => {
  it('reports a zip named .keras that holds no Keras model', async () => {
    const z = zipBytes([{ name: 'inner.zip', data: new Uint8Array(64) }]);
    const out = await modelsAnalyzer.analyze(await file('m/x.keras', z, 'zip'), { root: dir, options: {} });
    expect(out.issues?.[0]).toMatchObject({ path: 'm/x.keras', reason: 'incomplete' });
  });

  it('stays quiet for a zip under a generic name (.bin)', async () => {
    const z = zipBytes([{ name: 'readme.txt', data: new Uint8Array(8) }]);
    expect((await modelsAnalyzer.analyze(await file('m/blob.bin', z, 'zip'), { root: dir, options: {} })).issues ?? []).toEqual([]);
  });
});
