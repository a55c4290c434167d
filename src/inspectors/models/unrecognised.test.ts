import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanFile } from '../../core/index.js';
import { modelsAnalyzer } from './index.js';
import { writeScanFile } from './testing/scan-file.js';
import { zipBytes } from './testing/zip-writer.js';
import { callPickle } from './testing/pickle-writer.js';

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

describe('models analyzer: files known to be no model, under a model extension', () => {
  const analyze = async (rel: string, bytes: Uint8Array, sniffed: string) => modelsAnalyzer.analyze(await file(rel, bytes, sniffed), { root: dir, options: {} });
  const enc = new TextEncoder();

  it('says nothing of an IDL SAVE file named .sav (SciPy ships dozens), plain or compressed', async () => {
    for (const recfmt of [4, 6]) {
      const idl = Uint8Array.from([0x53, 0x52, 0x00, recfmt, 0, 0, 0, 10, 0, 0, 4, 0x44, ...new Array(64).fill(7)]);
      const out = await analyze(`io/tests/data/scalar_${recfmt}.sav`, idl, 'binary');
      expect(out.assets ?? []).toEqual([]);
      expect(out.findings ?? []).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
  });

  it('says nothing of an SPSS data file named .sav ($FL2, or $FL3 compressed)', async () => {
    for (const magic of ['$FL2', '$FL3']) {
      const sav = new Uint8Array([...enc.encode(magic), ...enc.encode('@(#) SPSS DATA FILE'), ...new Array(200).fill(0x20)]);
      const out = await analyze(`survey/${magic.slice(1)}.sav`, sav, 'binary');
      expect(out.assets ?? []).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
  });

  it('says nothing of plain text under a model name (vim ships its Portuguese tutor as tutor.pt)', async () => {
    // In Latin-1, as vim ships it.
    const latin1 = Uint8Array.from(Buffer.from('= Bem-vindo ao Tutorial do Vim =\n\nO Vim é um editor poderoso.\n', 'latin1'));
    for (const text of [enc.encode('= Bem-vindo ao Tutorial do Vim =\n'), latin1]) {
      const out = await analyze('vim/tutor/tutor.pt', text, 'text');
      expect(out.assets ?? []).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
  });

  it('still says a Git LFS pointer under a model name was not scanned (the model was not fetched)', async () => {
    const pointer = enc.encode(`version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 4932512\n`);
    expect((await analyze('models/pytorch_model.pt', pointer, 'text')).issues?.[0]).toMatchObject({ reason: 'incomplete' });
  });

  it('says nothing of a site-packages .pth path file, though .pth is a model-only extension', async () => {
    const pth = enc.encode("# added by a package\n../vendor\nimport os; os.environ.setdefault('X', '1')\n");
    const out = await analyze('site-packages/distutils-precedence.pth', pth, 'text');
    expect(out.assets ?? []).toEqual([]);
    expect(out.issues ?? []).toEqual([]);
  });

  it('still reports a .pth of unknown binary content, and still scans a pickle named .sav', async () => {
    const junk = Uint8Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff);
    expect((await analyze('w/weights.pth', junk, 'binary')).issues?.[0]).toMatchObject({ reason: 'incomplete' });
    const evil = await analyze('m/model.sav', callPickle('os', 'system', ['id']), 'pickle');
    expect(evil.findings?.some((f) => f.severity === 'critical')).toBe(true);
    // A protocol 0 pickle is text too: it must not pass for a path file (MARK, STRING, INST os system).
    const text = await analyze('site-packages/evil.pth', enc.encode("(S'id'\nios\nsystem\n."), 'text');
    expect(text.findings?.some((f) => f.severity === 'critical')).toBe(true);
    // One whose import comes after 4 KiB of harmless opcodes, opening with one the name check
    // does not know (FLOAT): never taken for plain text.
    const late = enc.encode(`F1.0\n0${'N0'.repeat(3000)}cos\nsystem\n(S'id'\ntR.`);
    for (const rel of ['w/late.pt', 'site-packages/late.pth']) {
      const out = await analyze(rel, late, 'text');
      expect(out.findings?.length ?? 0, rel).toBeGreaterThan(0);
    }
  });
});
