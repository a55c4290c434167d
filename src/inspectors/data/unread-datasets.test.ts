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
  it('no longer calls HDF5 in a data folder unread: it is read, and a file that is no HDF5 says so', async () => {
    const out = await inspect('data/patients.h5', 'hdf5');
    expect(out.wanted).toBe(true);
    expect(out.issues!.some((i) => i.reason === 'unsupported')).toBe(false);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'data/patients.h5', source: 'data' })]);
    expect(out.issues![0]!.message).toMatch(/HDF5 could not be read: not a readable HDF5 file: bad byte number in an address/);
  });

  it('says an ORC file was not read, rather than nothing', async () => {
    const out = await inspect('data/events.orc', 'binary');
    expect(out.issues?.[0]).toMatchObject({ reason: 'unsupported' });
    expect(out.issues![0]!.message).toContain('a dataset in ORC format');
  });

  it('no longer calls a SAS data set unsupported: it has a reader (readers/sas7bdat.test.ts), which names a bad one', async () => {
    const sas = Uint8Array.from([...new Array(12).fill(0), 0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11, ...new Array(200).fill(0)]);
    await writeFile(path.join(root, 'adsl.sas7bdat'), sas);
    const out = await inspect('adsl.sas7bdat', 'binary');
    expect(out.issues?.some((i) => i.reason === 'unsupported')).toBe(false);
    expect(out.issues?.map((i) => i.message).join('\n')).toContain('SAS data set could not be read: the file ends inside its header');
    // A pickle named .sav is the models inspector's.
    await writeFile(path.join(root, 'model.sav'), Uint8Array.from([0x80, 4, 0x95, 0, 0]));
    expect((await inspect('model.sav', 'pickle')).wanted).toBe(false);
  });

  it('leaves HDF5 outside a data folder to the models inspector (Keras weights)', async () => {
    expect((await inspect('models/weights.h5', 'hdf5')).wanted).toBe(false);
  });
});
