import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAssetId, type FileInfo, type ScanFile } from '../../core/index.js';
import { modelsAnalyzer } from './index.js';
import { writeScanFile } from './testing/scan-file.js';
import { callPickle, torchStateDictPickle } from './testing/pickle-writer.js';
import { torchPickleWithPayload } from './testing/hostile-containers.js';
import { zipBytes } from './testing/zip-writer.js';
import { gzip, lz4Stored, zstdStored } from './testing/compress-writers.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-models-an-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (rel: string, bytes: Uint8Array, sniffed: string): Promise<ScanFile> => writeScanFile(dir, rel, bytes, sniffed);

const info = (p: Partial<FileInfo>): FileInfo => ({ path: 'x', name: 'x', ext: '', size: 1, sniffed: 'binary', head: new Uint8Array(0), ...p });

describe('models analyzer', () => {
  it('wants model files by content, and by extension only to disambiguate', () => {
    expect(modelsAnalyzer.wants('a.txt', info({ sniffed: 'pickle', ext: '.txt' }))).toBe(true);
    expect(modelsAnalyzer.wants('m.bin', info({ sniffed: 'safetensors' }))).toBe(true);
    expect(modelsAnalyzer.wants('m/tokenizer_config.json', info({ name: 'tokenizer_config.json', sniffed: 'text' }))).toBe(true);
    expect(modelsAnalyzer.wants('m.onnx', info({ sniffed: 'protobuf', ext: '.onnx' }))).toBe(true);
    expect(modelsAnalyzer.wants('x.pt', info({ sniffed: 'binary', ext: '.pt' }))).toBe(true);
    expect(modelsAnalyzer.wants('notes.md', info({ sniffed: 'text', ext: '.md' }))).toBe(false);
    expect(modelsAnalyzer.wants('pic.png', info({ sniffed: 'png', ext: '.png' }))).toBe(false);
    // A TorchScript mobile flatbuffer by its identifier (bytes 4..8), under a name no model list has.
    const ptmf = Uint8Array.from([0x1c, 0, 0, 0, 0x50, 0x54, 0x4d, 0x46]);
    expect(modelsAnalyzer.wants('m.ff', info({ sniffed: 'binary', ext: '.ff', head: ptmf }))).toBe(true);
    expect(modelsAnalyzer.wants('m.ff', info({ sniffed: 'binary', ext: '.ff', head: ptmf.slice(0, 7) }))).toBe(false);
  });

  it('gives a malicious torch checkpoint a model-file asset and a critical finding with globals and offsets', async () => {
    const z = zipBytes([{ name: 'archive/data.pkl', data: torchPickleWithPayload() }, { name: 'archive/version', data: new TextEncoder().encode('3') }]);
    const out = await modelsAnalyzer.analyze(await file('models/ft/pytorch_model.bin', z, 'zip'), { root: dir, options: {} });
    const id = fileAssetId('model-file', 'models/ft/pytorch_model.bin');
    expect(out.assets?.[0]).toMatchObject({ id, kind: 'model-file', type: 'pytorch-zip', properties: { verdict: 'malicious', format: 'pytorch-zip' } });
    const f = out.findings?.find((x) => x.ruleId === 'model_file_no_code_execution_on_load');
    expect(f).toMatchObject({ severity: 'critical', status: 'fail', category: 'unsafe-model', assetId: id, location: { path: 'models/ft/pytorch_model.bin', resource: 'archive/data.pkl' } });
    expect(f?.frameworks['owasp-llm-2025']).toContain('LLM03');
    const globals = f?.properties?.globals as { resolved: string; offset: number; member: string }[];
    expect(globals[0]).toMatchObject({ resolved: 'os.system', member: 'archive/data.pkl' });
    expect(globals[0]!.offset).toBeGreaterThan(0);
    for (const x of out.findings ?? []) expect(modelsAnalyzer.rules?.map((r) => r.id)).toContain(x.ruleId);
  });

  it('gives a clean checkpoint a clean asset and no findings', async () => {
    const z = zipBytes([{ name: 'archive/data.pkl', data: torchStateDictPickle([{ name: 'w', shape: [2], storage: '0' }]) }]);
    const out = await modelsAnalyzer.analyze(await file('ok.pt', z, 'zip'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties.verdict).toBe('clean');
    expect(out.findings).toEqual([]);
  });

  it('reports an unfinished scan as a manual finding and an issue, never as clean', async () => {
    const bytes = callPickle('collections', 'OrderedDict').subarray(0, 10);
    const out = await modelsAnalyzer.analyze(await file('trunc.pkl', bytes, 'pickle'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties.verdict).toBe('inconclusive');
    expect(out.findings?.[0]).toMatchObject({ ruleId: 'model_file_fully_scanned', status: 'manual' });
    expect(out.issues?.[0]).toMatchObject({ path: 'trunc.pkl', reason: 'incomplete', source: 'models' });
  });

  it('says nothing about archives that hold no model content', async () => {
    const z = zipBytes([{ name: 'readme.md', data: new TextEncoder().encode('# hi') }]);
    expect(await modelsAnalyzer.analyze(await file('docs.zip', z, 'zip'), { root: dir, options: {} })).toEqual({});
  });

  it('looks inside compressed files before inflating them: a gzipped CSV is not a model', async () => {
    const csv = gzip(new TextEncoder().encode('id,name\n'.repeat(10_000)));
    expect(await modelsAnalyzer.analyze(await file('data/rows.csv.gz', csv, 'gzip'), { root: dir, options: {} })).toEqual({});
    const junk = gzip(new Uint8Array(5000).fill(1));
    const out = await modelsAnalyzer.analyze(await file('weights.pkl.gz', junk, 'gzip'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties.verdict).toBe('inconclusive');
  });

  it('reads inside zstd streams (was: never checked): a pickle is scanned, a .jsonl.zst dataset is no model', async () => {
    const evil = zstdStored(callPickle('os', 'system', ['id']));
    const out = await modelsAnalyzer.analyze(await file('weights.pkl.zst', evil, 'zstd'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties).toMatchObject({ verdict: 'malicious' });
    expect(out.findings?.find((f) => f.ruleId === 'model_file_no_code_execution_on_load')?.severity).toBe('critical');
    const rows = zstdStored(new TextEncoder().encode('{"text": "hello", "label": "a"}\n'.repeat(1000)));
    expect(await modelsAnalyzer.analyze(await file('data/train.jsonl.zst', rows, 'zstd'), { root: dir, options: {} })).toEqual({});
  });

  it('reads inside LZ4 frames (joblib compress="lz4"; was: inconclusive, never checked): a pickle is scanned, a .jsonl.lz4 dataset is no model', async () => {
    const evil = lz4Stored(callPickle('os', 'system', ['id']));
    const out = await modelsAnalyzer.analyze(await file('model.joblib', evil, 'lz4'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties).toMatchObject({ verdict: 'malicious' });
    expect(out.findings?.find((f) => f.ruleId === 'model_file_no_code_execution_on_load')?.severity).toBe('critical');
    const rows = lz4Stored(new TextEncoder().encode('{"text": "hello", "label": "a"}\n'.repeat(1000)));
    expect(await modelsAnalyzer.analyze(await file('data/train.jsonl.lz4', rows, 'lz4'), { root: dir, options: {} })).toEqual({});
  });

  it('does not let a zstd frame claim a 1 GiB window: the pickle inside is inconclusive, not allocated for', async () => {
    const wide = zstdStored(callPickle('os', 'system', ['id']));
    wide[5] = 0xa0;
    const out = await modelsAnalyzer.analyze(await file('wide.pkl.zst', wide, 'zstd'), { root: dir, options: {} });
    expect(out.assets?.[0]?.properties.verdict).toBe('inconclusive');
    expect(out.issues?.[0]?.message).toMatch(/1024 MiB window/);
  });

  it('returns an issue (not a throw) when the file vanished', async () => {
    const f = await file('gone.pkl', new Uint8Array(4), 'pickle');
    await rm(f.absPath);
    const out = await modelsAnalyzer.analyze(f, { root: dir, options: {} });
    expect(out.issues?.[0]?.reason).toBe('unreadable');
  });
});
