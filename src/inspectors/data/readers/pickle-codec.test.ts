import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickleCodec } from './pickle-codec.js';
import { isZlibPickle } from './pickle-joblib-zlib.js';
import { lzmaChunks } from './lzma-stream.js';
import { pythonWith } from '../testing/python.js';
import { inspect } from '../testing/scan-file.js';

/**
 * Compressed pickles as joblib and Python's own lzma module write them (Debian's python3-joblib and
 * pandas, run only to write the files): joblib keeps the name it is given whatever the compressor.
 */
const python = pythonWith('joblib, pandas');
const NO_PYTHON = 'no python3 with joblib and pandas here; compressed joblib files not tested';

// The e-mail address is built from parts, so the source holds none.
const WRITE = `
import sys, lzma, joblib, pandas as pd
d = sys.argv[1]
mail = 'grace.h' + '@' + '.'.join(['example', 'org'])
# Enough varied rows that zlib writes a block with dynamic Huffman tables (their first ~100 bytes inflate to nothing).
df = pd.DataFrame({'text': ['ticket %d: the printer on floor %d jams' % (i, i % 7) for i in range(300)], 'email': [mail] * 300})
joblib.dump(df, d + '/zlib.joblib', compress=3)
for c in ('gzip', 'bz2', 'xz', 'lzma'):
    joblib.dump(df, '%s/%s.joblib' % (d, c), compress=(c, 3))
joblib.dump(df, d + '/frame.pkl.z')
joblib.dump(df, d + '/frame.pkl.lzma')
# Names that say only the compressor: joblib and pandas pick gzip or zlib by the suffix; joblib 0.10
# wrote zlib under '.gz' whatever it was asked; '.pkl.gzip' is gzip spelled long.
joblib.dump(df, d + '/cache.gz')
joblib.dump(df, d + '/cache.z')
df.to_pickle(d + '/frame.gz')
import gzip, pickle, zlib
open(d + '/old-joblib.gz', 'wb').write(zlib.compress(pickle.dumps(df, 2)))
open(d + '/features.pkl.gzip', 'wb').write(gzip.compress(pickle.dumps(df, 4)))
open(d + '/notes.gz', 'wb').write(gzip.compress(('contact ' + mail + '\\n').encode() * 50))
open(d + '/plain.lzma', 'wb').write(lzma.compress(b'hello, ' * 1000, format=lzma.FORMAT_ALONE))
try:
    import lz4.frame
    joblib.dump(df, d + '/lz4.joblib', compress='lz4')
    joblib.dump(df, d + '/frame.pkl.lz4')
    open(d + '/notes.jsonl.lz4', 'wb').write(lz4.frame.compress(df.to_json(orient='records', lines=True).encode()))
except ImportError:  # python-lz4 (python3-lz4) is not installed
    pass
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pickle-codec-'));
  if (!python) return;
  const r = spawnSync(python, ['-c', WRITE, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function all(gen: AsyncGenerator<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of gen) parts.push(c);
  return Buffer.concat(parts);
}

describe('pickleCodec: a compressed pickle named as a pickle', () => {
  const zlibPickle = deflateSync(Buffer.from([0x80, 4, 0x4e, 0x2e]));
  it('takes the codec from the content, for pickle names and joblib suffixes only', () => {
    expect(pickleCodec('features.joblib', 'zlib', zlibPickle)).toBe('zlib');
    expect(pickleCodec('features.pkl.z', 'zlib', zlibPickle)).toBe('zlib');
    expect(pickleCodec('features.joblib', 'xz', new Uint8Array([0xfd, 0x37]))).toBe('xz');
    expect(pickleCodec('features.joblib', 'gzip', new Uint8Array([0x1f, 0x8b]))).toBe('gzip');
    expect(pickleCodec('features.pkl.lzma', 'lzma', new Uint8Array([0x5d, 0, 0]))).toBe('lzma');
    expect(pickleCodec('features.joblib', 'binary', new Uint8Array([1, 2, 3]))).toBeNull();
    // Named for its compressor: read by that name elsewhere (classify's `.gz` / `.xz` handling).
    expect(pickleCodec('features.pkl.xz', 'xz', new Uint8Array([0xfd, 0x37]))).toBeNull();
    expect(pickleCodec('notes.txt', 'zlib', zlibPickle)).toBeNull();
    // A bare `.z` or `.gz` only when it inflates to a pickle.
    expect(pickleCodec('cache.z', 'binary', zlibPickle)).toBe('zlib');
    expect(pickleCodec('cache.gz', 'binary', zlibPickle)).toBe('zlib');
    expect(pickleCodec('cache.z', 'xz', new Uint8Array([0xfd, 0x37]))).toBeNull();
    expect(pickleCodec('cache.gz', 'gzip', new Uint8Array([0x1f, 0x8b]))).toBeNull();
  });

  it('tells a zlib pickle whose first block spends its opening bytes on Huffman tables', async (t) => {
    if (!python) return t.skip(NO_PYTHON);
    const head = (await readFile(path.join(dir, 'zlib.joblib'))).subarray(0, 4096);
    expect(isZlibPickle(head)).toBe(true);
    expect(isZlibPickle(deflateSync(Buffer.from('plain text, not a pickle '.repeat(40))))).toBe(false);
  });
});

describe('lzmaChunks', () => {
  it('decodes a legacy .lzma stream, and stops at the byte budget saying the file was cut short', async (t) => {
    if (!python) return t.skip(NO_PYTHON);
    const file = path.join(dir, 'plain.lzma');
    expect((await all(lzmaChunks(file, 1 << 20, { truncated: false }))).toString()).toBe('hello, '.repeat(1000));
    const status = { truncated: false };
    expect((await all(lzmaChunks(await readFile(file), 70, status))).length).toBe(70);
    expect(status.truncated).toBe(true);
  });

  it('names corrupt data as such', async () => {
    const bad = new Uint8Array([0x5d, 0, 0, 0x40, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6]);
    await expect(all(lzmaChunks(bad, 1 << 20, { truncated: false }))).rejects.toThrow(/lzma data is corrupt/);
  });
});

describe('compressed joblib files through the data inspector', () => {
  // The LZ4 files need python-lz4 beside joblib as well.
  const files = ['zlib.joblib', 'gzip.joblib', 'bz2.joblib', 'xz.joblib', 'lzma.joblib', 'frame.pkl.z', 'frame.pkl.lzma', 'cache.gz', 'cache.z', 'frame.gz', 'old-joblib.gz', 'features.pkl.gzip', 'lz4.joblib', 'frame.pkl.lz4', 'notes.jsonl.lz4'];
  it.for(files)('reads %s for the e-mail in it', async (name, t) => {
    if (!python || !existsSync(path.join(dir, name))) return t.skip(python ? 'no python-lz4 here; LZ4 files not tested' : NO_PYTHON);
    const root = path.join(dir, `estate-${name}`);
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', name), await readFile(path.join(dir, name)));
    const out = await inspect(root, `data/${name}`);
    expect(out.wanted).toBe(true);
    expect((out.findings ?? []).some((f) => JSON.stringify(f).includes('EMAIL_ADDRESS'))).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/could not be read|reading stopped/);
  });
});

describe('a gzip stream named only by its suffix', () => {
  it('is no pickle when it holds text: a data folder\'s `notes.gz` is not read as one', async (t) => {
    if (!python) return t.skip(NO_PYTHON);
    const root = path.join(dir, 'estate-notes');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', 'notes.gz'), await readFile(path.join(dir, 'notes.gz')));
    expect((await inspect(root, 'data/notes.gz')).wanted).toBe(false);
  });
});
