import { spawnSync } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsAnalyzer, scanModelFile } from '../index.js';
import { memorySource } from '../io/byte-source.js';
import { ModelScanContext } from '../scan-context.js';
import { writeScanFile } from '../testing/scan-file.js';
import { concat, h5Bytes } from '../testing/format-writers.js';
import { fileVerdict } from '../verdict.js';
import { MAX_EMBEDDED_PICKLES } from './hdf5-pickles.js';
import { hdf5NamedLikeModel, scanHdf5 } from './hdf5.js';

/**
 * pandas `to_hdf` and PyTables files written by the real libraries at test time (Debian's
 * /usr/bin/python3 has both). The payload class is defined in the script and only written, never
 * read back: its `__reduce__` names os.system, which is what a malicious dataset would hold.
 */
const PYTHON = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import pandas, tables']).status === 0);
const WRITER = `
import os, sys, warnings, numpy as np, pandas as pd, tables
warnings.simplefilter('ignore')
d = sys.argv[1]
class Payload:
    def __reduce__(self):
        return (os.system, ('echo x',))
strings = pd.DataFrame({'name': ['ann', 'bob', 'cy'], 'n': [1, 2, 3]})
strings.to_hdf(d + '/fixed_strings.h5', key='df', mode='w', format='fixed')
strings.to_hdf(d + '/table_strings.h5', key='df', mode='w', format='table')
pd.Series([{'a': 1}, [1, 2]]).to_hdf(d + '/object_series.h5', key='s', mode='w')
evil = pd.DataFrame({'a': [Payload(), 'ok'], 'b': [1, 2]})
evil.to_hdf(d + '/object_column.h5', key='df', mode='w', format='fixed')
evil.to_hdf(d + '/object_column_zlib.h5', key='df', mode='w', format='fixed', complevel=9, complib='zlib')
with tables.open_file(d + '/vlarray.h5', 'w') as f:
    v = f.create_vlarray('/', 'objs', tables.ObjectAtom())
    v.append({'k': 1})
    v.append(Payload())
# PyTables pickles (protocol 0) an attribute it cannot store natively, and unpickles it when read.
with tables.open_file(d + '/attribute.h5', 'w') as f:
    f.create_array('/', 'a', [1, 2, 3])
    f.root.a.attrs.note = Payload()
# A 4 MiB row first (a pickled bytes object, which imports nothing) puts the payload's pickle
# across the scanner's first chunk boundary (its PROTO before it, its import after).
for shift in (3900, 3904, 3908, 3912):
    with tables.open_file(d + f'/straddle_{shift}.h5', 'w') as f:
        v = f.create_vlarray('/', 'objs', tables.ObjectAtom())
        v.append(np.random.default_rng(1).bytes((4 << 20) - shift))
        v.append(Payload())
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-h5-pickles-'));
  if (PYTHON) {
    const r = spawnSync(PYTHON, ['-c', WRITER, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`writing the HDF5 fixtures failed: ${r.stderr}`);
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scan = (name: string) => scanModelFile(path.join(dir, name), `data/${name}`);
const dangerous = (r: Awaited<ReturnType<typeof scan>>) => r.ctx.ev.hits.filter((h) => h.level === 'dangerous').map((h) => h.resolved);

describe.skipIf(!PYTHON)('pickles inside pandas / PyTables HDF5 files', () => {
  it.each(['fixed_strings.h5', 'table_strings.h5', 'object_series.h5'])('keeps %s (pickles of numpy/pandas rebuilders only) clean and no model', async (name) => {
    const r = await scan(name);
    expect(r.verdict).toBe('clean');
    expect(r.modelLike).toBe(false);
  });

  it('says how many pickles a pandas fixed frame holds', async () => {
    const r = await scan('fixed_strings.h5');
    expect(r.ctx.ev.hits.map((h) => h.resolved)).toContain('numpy.core.multiarray._reconstruct');
    expect(r.notes.join('\n')).toMatch(/HDF5: \d+ embedded pickle\(s\)/);
  });

  it.each(['object_column.h5', 'object_column_zlib.h5', 'vlarray.h5', 'attribute.h5'])('finds os.system in %s: malicious', async (name) => {
    const r = await scan(name);
    expect(r.verdict).toBe('malicious');
    expect(dangerous(r).join(' ')).toMatch(/system/);
    expect(r.modelLike).toBe(true);
  });

  it('finds a pickle that straddles the 4 MiB chunk boundary', async () => {
    let straddled = 0;
    for (const shift of [3900, 3904, 3908, 3912]) {
      const name = `straddle_${shift}.h5`;
      const bytes = await readFile(path.join(dir, name));
      const importAt = bytes.indexOf(Buffer.from('posix'));
      const start = bytes.lastIndexOf(Buffer.from([0x80, 0x05]), importAt);
      if (start < 4 << 20 && importAt >= 4 << 20) straddled++;
      expect((await scan(name)).verdict, name).toBe('malicious');
    }
    // At least one of the shifts puts the pickle's opening before the boundary and its import after.
    expect(straddled).toBeGreaterThan(0);
  }, 60_000);

  it('reports a malicious dataset whatever its name, and lists a clean one as no model', async () => {
    const clean = await writeScanFile(dir, 'data/x.h5', await readFile(path.join(dir, 'fixed_strings.h5')), 'hdf5');
    expect(await modelsAnalyzer.analyze(clean, { root: dir, options: {} })).toEqual({});
    const evil = await writeScanFile(dir, 'data/y.h5', await readFile(path.join(dir, 'vlarray.h5')), 'hdf5');
    const out = await modelsAnalyzer.analyze(evil, { root: dir, options: {} });
    expect(out.assets?.[0]?.properties?.verdict).toBe('malicious');
    expect(out.findings?.some((f) => f.severity === 'critical')).toBe(true);
  });
});

describe('embedded pickle search on synthetic bytes', () => {
  const verdictOf = async (bytes: Uint8Array, name = 'data/d.h5') => {
    const ctx = new ModelScanContext(name);
    await scanHdf5(ctx, memorySource(bytes));
    return { ctx, ...fileVerdict(ctx) };
  };

  it('finds no pickle in random bytes full of 0x80 0x02 and NUL-opener pairs', async () => {
    const rnd = new Uint8Array(3 << 20);
    let x = 12345;
    for (let i = 0; i < rnd.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      rnd[i] = x >>> 24;
    }
    for (let i = 0; i < rnd.length; i += 97) rnd.set(i % 2 ? [0x80, 0x02] : [0x00, 0x28], i);
    const r = await verdictOf(concat([h5Bytes(undefined), rnd]));
    expect(r.verdict).toBe('clean');
    expect(r.ctx.ev.hits).toEqual([]);
    expect(r.ctx.modelLike).toBe(false);
  });

  it('finds a protocol 0 pickle stored as an attribute value after NUL padding', async () => {
    const attr = new TextEncoder().encode("cos\nsystem\n(S'echo x'\ntR.");
    const r = await verdictOf(concat([h5Bytes(undefined), new Uint8Array(8), attr, new Uint8Array(8)]));
    expect(r.verdict).toBe('malicious');
  });

  it('still searches the bytes the JSON search skips over (an object that runs past its chunk)', async () => {
    const enc = new TextEncoder();
    const json = concat([enc.encode('{"class_name": "'), new Uint8Array(4_600_000).fill(0x61), new Uint8Array(1), enc.encode("cos\nsystem\n(S'echo x'\ntR."), enc.encode('"}')]);
    const r = await verdictOf(concat([h5Bytes(undefined).subarray(0, 96), json, new Uint8Array(64)]));
    expect(r.ctx.ev.hits.map((h) => h.resolved)).toContain('os.system');
  });

  it('stops at the pickle limit as inconclusive, never clean', async () => {
    const one = new Uint8Array([0x80, 0x04, 0x8c, 0x05, ...new TextEncoder().encode('numpy'), 0x8c, 0x05, ...new TextEncoder().encode('dtype'), 0x93, 0x2e, 0, 0]);
    const many = concat(Array.from({ length: MAX_EMBEDDED_PICKLES + 5 }, () => one));
    const r = await verdictOf(concat([h5Bytes(undefined), many]));
    expect(r.verdict).toBe('inconclusive');
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(/more than \d+ embedded pickles/);
  });

  it('takes HDF5 files named like models for models', () => {
    for (const p of ['m.weights.h5', 'model.h5', 'my_model_v2.h5', 'best_weights.hdf5', 'ckpt-3.h5', 'models/net.hdf5', 'run/checkpoints/e1.hdf5', 'a.zip!models/x.h5']) expect(hdf5NamedLikeModel(p), p).toBe(true);
    for (const p of ['data/patients.h5', 'store.h5', 'remodeled.h5', 'datasets/train.hdf5']) expect(hdf5NamedLikeModel(p), p).toBe(false);
  });

  it('keeps a clean HDF5 named like a model as a model file', async () => {
    expect((await verdictOf(h5Bytes(undefined), 'models/net.h5')).ctx.modelLike).toBe(true);
  });
});

describe('HDF5 model inventory', () => {
  it('keeps a legacy Keras .h5 (model_config) a model file under any name, and checks its config as before', async () => {
    const keras = concat([h5Bytes(undefined).subarray(0, 96), new TextEncoder().encode('model_config'), new Uint8Array(4), new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: { layers: [] } })), new Uint8Array(64)]);
    const ctx = new ModelScanContext('data/x.h5');
    await scanHdf5(ctx, memorySource(keras));
    expect(ctx.modelLike).toBe(true);
    expect(fileVerdict(ctx).verdict).toBe('clean');
    expect(ctx.notes.join('\n')).toMatch(/1 Keras config object/);
  });
});
