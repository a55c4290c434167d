import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPickleStrings } from './pickle-strings.js';
import type { DataRow } from './types.js';
import { pythonWith } from '../testing/python.js';
import { inspect } from '../testing/scan-file.js';
import { joblibArray } from '../../models/testing/joblib-writer.js';
import { PickleWriter } from '../../models/testing/pickle-writer.js';

/**
 * joblib files as joblib writes them (Debian's python3-joblib, numpy and pandas, run only to
 * *write* them; nothing is loaded): numpy arrays' raw bytes inside the pickle stream, object
 * arrays as nested pickles. Hostile wrappers are joblib's own files with their shape bytes changed.
 */

const python = pythonWith('joblib, numpy, pandas');
const JOBLIB_TEST_DATA = '/usr/lib/python3/dist-packages/joblib/test/data';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-joblib-'));
  if (!python) return;
  const r = spawnSync(python, ['-c', WRITE, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// The e-mail addresses are built from parts, so the source holds none.
const at = (user: string) => `${user}@${['example', 'org'].join('.')}`;

const WRITE = `
import sys, joblib, numpy as np, pandas as pd
d = sys.argv[1]
mail = lambda u: u + '@' + '.'.join(['example', 'org'])
arrays = {
    'f8_c': np.arange(12, dtype='<f8').reshape(3, 4),
    'f4_f': np.asfortranarray(np.arange(12, dtype='<f4').reshape(3, 4)),
    'i2_be': np.arange(5, dtype='>i2'),
    'u1': np.arange(7, dtype='u1'),
    'b1': np.array([True, False, True]),
    'c16': np.array([1 + 2j, 3 - 4j]),
    'm8': np.array([1, 2], dtype='m8[s]'),
    'U5': np.array(['ab', 'cdefg']),
    'S3': np.array([b'xy', b'zzz']),
    'rec': np.zeros(2, dtype=[('a', '<i4'), ('b', '<f8')]),
    'scalar': np.array(2.5),
    'empty': np.zeros((0, 3)),
}
for name, a in arrays.items():
    joblib.dump({'before': 'start of ' + name, 'array': a, 'after': mail('after.' + name)}, '%s/%s.joblib' % (d, name))
joblib.dump(np.array(['x', mail('carol'), None, 3], dtype=object), d + '/objects.joblib')
joblib.dump({'name': 'alpha', 'arr': np.arange(3, dtype='<i4'), 'email': mail('bob'), 'more': np.ones(4), 'tail': 'the end'}, d + '/dict.joblib')
joblib.dump([np.arange(2), np.arange(2)], d + '/two.joblib', protocol=2)
df = pd.DataFrame({'id': np.arange(3), 'score': np.linspace(0, 1, 3), 'email': [mail('dora'), mail('emil'), mail('fay')]})
joblib.dump({'frame': df, 'note': mail('note')}, d + '/frame.joblib')
features = {'name': 'alpha', 'arr': np.arange(3, dtype='<i4'), 'email': mail('bob')}
joblib.dump(features, d + '/zlib.joblib', compress=3)
for ext in ('gz', 'bz2', 'xz'):
    joblib.dump(features, d + '/features.pkl.' + ext)
`;

async function read(file: string | Uint8Array): Promise<{ rows: DataRow[]; texts: string[]; error?: string }> {
  const data = typeof file === 'string' ? await readFile(file) : file;
  const status = { rows: 0, truncated: false };
  const rows: DataRow[] = [];
  // Fed in 7-byte pieces: pads, arrays and nested pickles cross chunk boundaries.
  const chunks = (async function* () {
    for (let i = 0; i < data.length; i += 7) yield data.subarray(i, i + 7);
  })();
  let error: string | undefined;
  try {
    for await (const r of readPickleStrings(chunks, status, 1e9, [])) rows.push(r);
  } catch (e) {
    error = (e as Error).message;
  }
  return { rows, texts: rows.flatMap((r) => r.cells.map((c) => c.text)), error };
}

describe('joblib files: numpy arrays inside the pickle', () => {
  it.for(['f8_c', 'f4_f', 'i2_be', 'u1', 'b1', 'c16', 'm8', 'U5', 'S3', 'rec', 'scalar', 'empty'])('steps over a %s array and reads the string after it', async (name, t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const { texts, error } = await read(path.join(dir, `${name}.joblib`));
    expect(error).toBeUndefined();
    expect(texts).toContain(`start of ${name}`);
    expect(texts).toContain(at(`after.${name}`));
  });

  it("reads an object array's strings from the pickle nested in the stream", async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const { texts, error } = await read(path.join(dir, 'objects.joblib'));
    expect(error).toBeUndefined();
    expect(texts).toContain(at('carol'));
  });

  it('reads the keys and strings between and after arrays in a dict, the memo of the outer pickle kept', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const { rows, error } = await read(path.join(dir, 'dict.joblib'));
    expect(error).toBeUndefined();
    const cells = rows.flatMap((r) => r.cells).map((c) => [c.field ?? '', c.text]);
    expect(cells).toContainEqual(['name', 'alpha']);
    expect(cells).toContainEqual(['email', at('bob')]);
    expect(cells).toContainEqual(['tail', 'the end']);
  });

  it("reads a DataFrame's object column (its block an object array) and what follows the frame", async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const { texts, error } = await read(path.join(dir, 'frame.joblib'));
    expect(error).toBeUndefined();
    expect(texts).toEqual(expect.arrayContaining([at('dora'), at('emil'), at('fay'), at('note')]));
  });

  it('steps over arrays at protocol 2, the second wrapper class fetched from the memo', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    expect((await read(path.join(dir, 'two.joblib'))).error).toBeUndefined();
  });

  it("reads joblib's own test pickles (0.9 to 0.11, Python 2.7 to 3.6) to their last string without a parse error", async (t) => {
    const files = existsSync(JOBLIB_TEST_DATA) ? readdirSync(JOBLIB_TEST_DATA).filter((f) => f.endsWith('.pkl')) : [];
    if (!files.length) return t.skip(`no joblib test pickles at ${JOBLIB_TEST_DATA}`);
    for (const f of files) {
      const { texts, error } = await read(path.join(JOBLIB_TEST_DATA, f));
      expect(error, f).toBeUndefined();
      // Each is a list of arrays (an object array among them), 256 bytes and a matrix, then this string last.
      expect(texts, f).toContain("C'est l'\u00e9t\u00e9 !");
    }
  });
});

describe('joblib files: hostile wrappers', () => {
  /** `u1.joblib` with its shape `(7,)` (BININT1 7, TUPLE1) replaced by `shape`'s bytes. */
  async function withShape(shape: number[]): Promise<Uint8Array> {
    const data = await readFile(path.join(dir, 'u1.joblib'));
    const i = data.indexOf(Buffer.from([0x4b, 7, 0x85]));
    expect(i).toBeGreaterThan(0);
    return Buffer.concat([data.subarray(0, i), Buffer.from(shape), data.subarray(i + 2)]);
  }

  it('reads a shape written as protocol 0 INT or LONG lines as CPython does (octal, underscores, prefixes)', async () => {
    /** A list of a u1 array of `n` bytes whose shape is the text opcode `line`, then a string. */
    const file = (n: number, line: string) => {
      const w = new PickleWriter().proto(4).emptyList().mark();
      joblibArray(w, [n], 'u1');
      const b = Buffer.from(w.str('after the array').appends().stop().toBytes());
      const i = b.indexOf(Buffer.from([0x28, 0x4b, n, 0x74]));
      expect(i).toBeGreaterThan(0);
      return Buffer.concat([b.subarray(0, i + 1), Buffer.from(`${line}\n`, 'latin1'), b.subarray(i + 3)]);
    };
    // `I010` is octal 8 (read as 10 it stepped into the next opcodes); `I8_0` and `L0o10L` were not read at all.
    for (const [n, line] of [[8, 'I010'], [80, 'I8_0'], [8, 'L0o10L'], [8, 'I 0x8']] as const) {
      const { texts, error } = await read(file(n, line));
      expect(error, line).toBeUndefined();
      expect(texts, line).toContain('after the array');
    }
  });

  it('a shape claiming terabytes: stepped over to the end of the file, then said, no hang', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    // LONG1 of 2^40.
    const { error } = await read(await withShape([0x8a, 6, 0, 0, 0, 0, 0, 1]));
    expect(error).toMatch(/joblib array \(dtype u1, shape \(1099511627776\)\) of 1099511627776 bytes .* runs past the end of the file/);
  });

  it('a shape past 2^53 bytes, or negative, is said at once', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    expect((await read(await withShape([0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x7f]))).error).toMatch(/claims more than 2\^53 bytes/);
    // BININT -1
    expect((await read(await withShape([0x4a, 0xff, 0xff, 0xff, 0xff]))).error).toMatch(/shape \(-1\)\) has a shape that is not a list of sizes/);
  });

  it('a wrapper whose dtype cannot be told stops the file with a message, not reading array bytes as opcodes', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const data = await readFile(path.join(dir, 'u1.joblib'));
    const i = data.indexOf(Buffer.from('\x8c\x02u1', 'latin1'));
    const bad = Buffer.concat([data.subarray(0, i), Buffer.from('\x8c\x02??', 'latin1'), data.subarray(i + 4)]);
    expect((await read(bad)).error).toMatch(/joblib array \(dtype \?\?, shape \(7\)\) of unknown layout/);
  });
});

describe('joblib files through the data inspector', () => {
  it('finds the e-mail after an array in data/features.joblib, with no parse problem', async (t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const root = path.join(dir, 'estate');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', 'features.joblib'), await readFile(path.join(dir, 'dict.joblib')));
    const out = await inspect(root, 'data/features.joblib');
    expect(out.wanted).toBe(true);
    const findings = out.findings ?? [];
    expect(findings.some((f) => JSON.stringify(f).includes('EMAIL_ADDRESS'))).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/could not be read|reading stopped/);
  });

  // joblib's compressors: zlib (`compress=3`, its default, whatever the name), gzip, bz2 and xz (by the file's extension).
  it.for([
    ['zlib.joblib', 'features.joblib'],
    ['features.pkl.gz', 'features.pkl.gz'],
    ['features.pkl.bz2', 'features.pkl.bz2'],
    ['features.pkl.xz', 'features.pkl.xz'],
  ])('reads a compressed joblib file (%s) for the e-mail after its array', async ([written, name], t) => {
    if (!python) return t.skip('no python3 with joblib, numpy and pandas here; joblib files not tested');
    const root = path.join(dir, `estate-${written}`);
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', name!), await readFile(path.join(dir, written!)));
    const out = await inspect(root, `data/${name}`);
    expect(out.wanted).toBe(true);
    expect((out.findings ?? []).some((f) => JSON.stringify(f).includes('EMAIL_ADDRESS'))).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/could not be read|reading stopped/);
  });

  it('leaves a zlib stream that is no pickle, and a zlib pickle outside a data folder, alone', async () => {
    const root = path.join(dir, 'estate-plain-zlib');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await mkdir(path.join(root, 'models'), { recursive: true });
    await writeFile(path.join(root, 'data', 'notes.pkl'), deflateSync(Buffer.from('plain text, not a pickle')));
    await writeFile(path.join(root, 'models', 'model.joblib'), deflateSync(Buffer.from([0x80, 4, 0x4e, 0x2e])));
    expect((await inspect(root, 'data/notes.pkl')).wanted).toBe(false);
    expect((await inspect(root, 'models/model.joblib')).wanted).toBe(false);
  });
});
