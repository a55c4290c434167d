import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataInspector } from '../index.js';
import { scanFileFor } from '../testing/scan-file.js';
import { pythonWith } from '../testing/python.js';
import { lackedFilters } from './hdf5-filters.js';
import { readHdf5 } from './hdf5.js';
import type { ReadStatus } from './types.js';

/**
 * HDF5 datasets compressed with the plugins pandas, PyTables and h5py offer (Blosc and its codecs,
 * bzip2, LZF), written by those libraries here, and the two this build cannot undo (LZO, Blosc's
 * zlib codec), which are named and left out while the rest of the file is read.
 */
const PYTHON = pythonWith('h5py, pandas, tables');
const SKIP = 'no python3 with h5py, pandas and tables here: HDF5 files not written';

const EMAIL = ['dana.whitfield', 'northwind-clinic.com'].join('@');
const PLAIN = ['lee.okafor', 'northwind-clinic.com'].join('@');
// Not 'blosc:snappy': Debian's c-blosc is built without Snappy, so PyTables' optional filter
// fails and each chunk is stored uncompressed, which reads without any plugin.
const COMPLIBS = ['bzip2', 'blosc', 'blosc:lz4', 'blosc:lz4hc', 'blosc:zstd'];

const WRITER = `
import h5py, numpy as np, pandas as pd, sys, tables
d, email, plain = sys.argv[1], sys.argv[2], sys.argv[3]
for c in ['${COMPLIBS.join("', '")}', 'lzo', 'blosc:zlib']:
    with tables.open_file(d + '/' + c.replace(':', '-') + '.h5', 'w') as f:
        f.create_carray('/', 'notes', obj=np.array([('contact ' + email).encode()] * 10), filters=tables.Filters(complevel=5, complib=c))
        f.create_array('/', 'plain', obj=np.array([plain.encode()] * 3))
with h5py.File(d + '/lzf.h5', 'w') as f:
    f.create_dataset('notes', data=np.array([('contact ' + email).encode()] * 10), compression='lzf')
pd.DataFrame({'email': [email] * 5, 'visits': range(5)}).to_hdf(d + '/pandas-blosc.h5', key='people', format='table', complevel=9, complib='blosc:zstd')
`;

let root = '';
let written = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-hdf5-compression-'));
  await mkdir(path.join(root, 'data'));
  if (!PYTHON) return;
  const r = spawnSync(PYTHON, ['-c', WRITER, path.join(root, 'data'), EMAIL, PLAIN], { encoding: 'utf8' });
  if (r.status !== 0) written = r.stderr.split('\n').at(-2) ?? 'failed';
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function rowsOf(rel: string): Promise<{ texts: string[]; skipped: string[] }> {
  const status: ReadStatus = { bytes: 0, rows: 0, truncated: false };
  const skipped: string[] = [];
  const texts: string[] = [];
  for await (const r of readHdf5(path.join(root, rel), status, { maxRows: 1000, maxFileBytes: 1 << 30, skipped })) for (const c of r.cells) texts.push(c.text);
  return { texts, skipped };
}

describe('HDF5 compression plugins', () => {
  it.for([...COMPLIBS.map((c) => `${c.replace(':', '-')}.h5`), 'lzf.h5'])('reads a dataset compressed as %s', async (file, t) => {
    if (!PYTHON || written) return t.skip(written || SKIP);
    const { texts, skipped } = await rowsOf(`data/${file}`);
    expect(skipped).toEqual([]);
    expect(texts.filter((x) => x === `contact ${EMAIL}`)).toHaveLength(10);
  });

  it("finds personal data in a pandas table written with complib='blosc:zstd'", async (t) => {
    if (!PYTHON || written) return t.skip(written || SKIP);
    const f = { ...(await scanFileFor(root, 'data/pandas-blosc.h5')), sniffed: 'hdf5' };
    const out = await dataInspector.analyze(f, { root, options: {} });
    expect(out.issues ?? []).toEqual([]);
    expect((out.findings ?? []).some((x) => x.message.includes('EMAIL_ADDRESS'))).toBe(true);
  });

  it.for([
    ['lzo.h5', 'LZO (filter 305)'],
    ['blosc-zlib.h5', "Blosc's zlib codec (filter 32001)"],
  ])('names what %s is compressed with, leaves it out and reads the rest of the file', async ([file, what], t) => {
    if (!PYTHON || written) return t.skip(written || SKIP);
    const { texts, skipped } = await rowsOf(`data/${file}`);
    expect(skipped).toEqual([`/notes: its data is compressed with ${what}, which no HDF5 plugin here decompresses; not read`]);
    expect(texts.filter((x) => x === PLAIN)).toHaveLength(3);
  });

  it('says a plugin aborted on a damaged chunk, and the next file still reads', async (t) => {
    if (!PYTHON || written) return t.skip(written || SKIP);
    // bzip2's stream opens `BZh` and its first block `1AY&SY`; bytes changed after that header
    // make the decoder fail, and the plugin's error path calls fprintf, which the build lacks.
    const bytes = await readFile(path.join(root, 'data/bzip2.h5'));
    const block = bytes.indexOf(Buffer.from('1AY&SY'));
    expect(block).toBeGreaterThan(0);
    bytes.fill(0x55, block + 10, block + 40);
    await writeFile(path.join(root, 'data/bzip2-damaged.h5'), bytes);
    await expect(rowsOf('data/bzip2-damaged.h5')).rejects.toThrow(/^a compression plugin aborted on this file's data, which is likely damaged \(its error path needs \w+, which the WebAssembly build lacks\)/);
    expect((await rowsOf('data/lzf.h5')).texts).toContain(`contact ${EMAIL}`);
  });
});

describe('lackedFilters', () => {
  it('names only filters neither HDF5 nor a shipped plugin undoes', () => {
    expect(lackedFilters([{ id: 2, name: 'shuffle', cd_values: [] }, { id: 1, name: 'deflate', cd_values: [5] }])).toBeUndefined();
    expect(lackedFilters([{ id: 32001, name: 'blosc', cd_values: [2, 2, 1, 4096, 5, 1, 5] }])).toBeUndefined();
    expect(lackedFilters([{ id: 32001, name: 'blosc', cd_values: [2, 2, 1, 4096, 5, 1, 4] }])).toBe("Blosc's zlib codec (filter 32001)");
    expect(lackedFilters([{ id: 2, name: 'shuffle', cd_values: [] }, { id: 305, name: 'lzo', cd_values: [] }, { id: 40000, name: '', cd_values: [] }])).toBe('LZO (filter 305), an unregistered filter (filter 40000)');
    expect(lackedFilters(undefined)).toBeUndefined();
  });
});
