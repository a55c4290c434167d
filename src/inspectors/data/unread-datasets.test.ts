import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzerOutput } from '../../core/index.js';
import { dataInspector } from './index.js';
import { scanFileFor } from './testing/scan-file.js';

let root: string;

/** The inspector on one file, sniffed as the walker sniffs these (`hdf5` by its signature; ORC has none it knows). */
async function inspect(rel: string, sniffed: string): Promise<AnalyzerOutput & { wanted: boolean }> {
  const f = { ...(await scanFileFor(root, rel)), sniffed };
  if (!dataInspector.wants(f.path, f)) return { wanted: false };
  return { wanted: true, ...(await dataInspector.analyze(f, { root, options: {} })) };
}
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-unread-'));
  await mkdir(path.join(root, 'data'), { recursive: true });
  await mkdir(path.join(root, 'models'), { recursive: true });
  const hdf5 = Uint8Array.from([...HDF5_SIGNATURE, ...new Array(512).fill(0)]);
  await writeFile(path.join(root, 'data', 'patients.h5'), hdf5);
  await writeFile(path.join(root, 'models', 'weights.h5'), hdf5);
  await writeFile(path.join(root, 'data', 'events.orc'), Uint8Array.from([0x4f, 0x52, 0x43, ...new Array(256).fill(1)]));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('datasets in a format with no reader', () => {
  it('says an HDF5 table in a data folder was not read, rather than nothing', async () => {
    const out = await inspect('data/patients.h5', 'hdf5');
    expect(out.wanted).toBe(true);
    expect(out.findings ?? []).toEqual([]);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'data/patients.h5', reason: 'unsupported', source: 'data' })]);
    expect(out.issues![0]!.message).toMatch(/HDF5 dataset.*not checked for secrets, personal data or poisoning/);
  });

  it('says the same of an ORC file', async () => {
    const out = await inspect('data/events.orc', 'binary');
    expect(out.issues?.[0]).toMatchObject({ reason: 'unsupported' });
    expect(out.issues![0]!.message).toContain('an ORC dataset');
  });

  it('leaves HDF5 outside a data folder to the models inspector (Keras weights)', async () => {
    expect((await inspect('models/weights.h5', 'hdf5')).wanted).toBe(false);
  });
});
