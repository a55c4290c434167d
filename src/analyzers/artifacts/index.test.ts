import { zipSync, zlibSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fileAssetId } from '../../core/index.js';
import { artifactsAnalyzer } from './index.js';
import { scanFile, tempRoot } from './fixtures.test-support.js';

const ctx = { root: '/', options: {} };
const enc = new TextEncoder();

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
function ggufString(s: string): Buffer {
  return Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);
}
/** A GGUF v3 header with two string keys, one u32 key and a u32 array, then no tensors. */
function gguf(): Buffer {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const kv = [
    Buffer.concat([ggufString('general.architecture'), u32(8), ggufString('llama')]),
    Buffer.concat([ggufString('general.name'), u32(8), ggufString('Acme Triage 8B')]),
    Buffer.concat([ggufString('tokenizer.ggml.token_type'), u32(9), u32(4), u64(3), u32(1), u32(1), u32(1)]),
    Buffer.concat([ggufString('llama.context_length'), u32(4), u32(8192)]),
  ];
  return Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0), u64(kv.length), ...kv]);
}
function safetensors(header: object): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  return Buffer.concat([u64(json.length), json, Buffer.alloc(16)]);
}
function npy(descr: string, shape: string): Buffer {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape}), }`;
  h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(h.length);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), len, Buffer.from(h, 'latin1'), Buffer.alloc(16)]);
}
/** A protocol-4 pickle of `sklearn.linear_model.LogisticRegression` (GLOBAL opcode), never loaded. */
function sklearnPickle(): Buffer {
  return Buffer.concat([Buffer.from([0x80, 0x04]), Buffer.from('csklearn.linear_model._logistic\nLogisticRegression\n)\x81.', 'latin1')]);
}
const TORCH_LEGACY = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);

async function run(rel: string, bytes: Uint8Array | string, sniffed: string) {
  const f = scanFile(tempRoot(), rel, bytes, sniffed);
  if (!artifactsAnalyzer.wants(f.path, f)) return { wanted: false, out: {} };
  return { wanted: true, out: await artifactsAnalyzer.analyze(f, ctx) };
}

describe('artifacts analyzer: model files', () => {
  it('recognises a torch zip by its data.pkl entry, even when named .txt', async () => {
    const zip = zipSync({ 'weights/data.pkl': enc.encode('\x80\x02}q\x00.'), 'weights/version': enc.encode('3\n') }, { level: 0 });
    const { out } = await run('models/weights.txt', zip, 'zip');
    const a = out.assets![0]!;
    expect(a.id).toBe(fileAssetId('model-file', 'models/weights.txt'));
    expect(a).toMatchObject({ kind: 'model-file', provider: 'local', type: 'pytorch-zip', properties: { format: 'pytorch-zip', framework: 'torch', entries: 2 } });
  });

  it('tells Keras v3 and npz archives apart and ignores other zips', async () => {
    const keras = zipSync({ 'metadata.json': enc.encode('{}'), 'config.json': enc.encode('{}'), 'model.weights.h5': new Uint8Array(8) });
    expect((await run('m/clf.keras', keras, 'zip')).out.assets![0]!.type).toBe('keras');
    const npz = zipSync({ 'a.npy': npy('<f4', '2,'), 'b.npy': npy('<i8', '3,') });
    expect((await run('m/arrays.npz', npz, 'zip')).out.assets![0]).toMatchObject({ type: 'npz', properties: { arrays: 2 } });
    const docs = zipSync({ 'word/document.xml': enc.encode('<x/>') });
    expect((await run('docs/report.docx', docs, 'zip')).wanted).toBe(false);
    expect((await run('m/other.bin', docs, 'zip')).out.assets ?? []).toEqual([]);
  });

  it('reads legacy torch, pickle, joblib and compressed joblib', async () => {
    expect((await run('m/old.pt', TORCH_LEGACY, 'pickle')).out.assets![0]).toMatchObject({ type: 'pytorch-legacy', properties: { framework: 'torch' } });
    expect((await run('m/clf.pkl', sklearnPickle(), 'pickle')).out.assets![0]).toMatchObject({ type: 'pickle', properties: { framework: 'sklearn' } });
    expect((await run('m/clf.joblib', sklearnPickle(), 'pickle')).out.assets![0]!.type).toBe('joblib');
    const z = zlibSync(sklearnPickle());
    expect((await run('m/clf.joblib.z', z, 'zlib')).out.assets![0]).toMatchObject({ type: 'joblib', properties: { compression: 'zlib' } });
  });

  it('reads GGUF and safetensors headers', async () => {
    const g = (await run('m/acme.gguf', gguf(), 'gguf')).out.assets![0]!;
    expect(g.properties).toMatchObject({ format: 'gguf', framework: 'llama.cpp', architecture: 'llama', name: 'Acme Triage 8B', contextLength: 8192, tensorCount: 0 });
    const st = safetensors({ __metadata__: { format: 'pt' }, 'a.weight': { dtype: 'F16', shape: [4, 4], data_offsets: [0, 32] }, 'b.bias': { dtype: 'F32', shape: [4], data_offsets: [32, 48] } });
    const s = (await run('m/model.safetensors', st, 'safetensors')).out.assets![0]!;
    expect(s.properties).toMatchObject({ format: 'safetensors', framework: 'torch', tensorCount: 2, dtypes: ['F16', 'F32'], parameterCount: 20 });
  });

  it('reads numpy, tflite, onnx, hdf5 and SavedModel', async () => {
    expect((await run('m/emb.npy', npy('<f4', '10, 768'), 'numpy')).out.assets![0]!.properties).toMatchObject({ dtype: '<f4', shape: [10, 768] });
    const tfl = Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(32)]);
    expect((await run('m/m.tflite', tfl, 'tflite')).out.assets![0]!.type).toBe('tflite');
    const onnx = Buffer.concat([Buffer.from([0x08, 0x08, 0x12, 0x07]), Buffer.from('pytorch'), Buffer.from([0x1a, 0x03]), Buffer.from('2.4'), Buffer.from([0x3a, 0x00])]);
    expect((await run('m/m.onnx', onnx, 'protobuf')).out.assets![0]!.properties).toMatchObject({ format: 'onnx', irVersion: 8, producer: 'pytorch', producerVersion: '2.4' });
    const h5 = Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64), Buffer.from('keras_version\x002.15.0')]);
    expect((await run('m/m.h5', h5, 'hdf5')).out.assets![0]!.properties).toMatchObject({ format: 'hdf5', framework: 'keras' });
    const sm = (await run('m/export/1/saved_model.pb', Buffer.from([0x08, 0x01, 0x12, 0x00]), 'protobuf')).out.assets![0]!;
    expect(sm).toMatchObject({ name: '1', type: 'savedmodel', properties: { directory: 'm/export/1', framework: 'tensorflow' } });
  });

  it('sad: corrupt ONNX and truncated safetensors become issues or partial facts, never throws', async () => {
    const bad = await run('m/bad.onnx', Buffer.from([0xff, 0xff, 0xff]), 'protobuf');
    expect(bad.out.issues?.[0]).toMatchObject({ path: 'm/bad.onnx', reason: 'parse-error', source: 'artifacts' });
    const trunc = Buffer.concat([u64(5000), Buffer.from('{"a":')]);
    const t = (await run('m/trunc.safetensors', trunc, 'safetensors')).out.assets![0]!;
    expect(t.properties).toMatchObject({ headerParsed: false });
    const broken = Buffer.concat([u64(10), Buffer.from('{"a": [1, '), Buffer.alloc(4)]);
    expect((await run('m/broken.safetensors', broken, 'safetensors')).out.issues?.[0]?.reason).toBe('parse-error');
    const g = (await run('m/cut.gguf', gguf().subarray(0, 40), 'gguf')).out.assets![0]!;
    expect(g.properties).toMatchObject({ headerTruncated: true });
  });

  it('empty: text files and empty files are not model files', async () => {
    expect((await run('m/notes.pkl', '', 'text')).wanted).toBe(false);
    expect((await run('src/main.py', 'print(1)\n', 'text')).wanted).toBe(false);
  });
});

describe('artifacts analyzer: datasets', () => {
  const csv = ['id,text,label', ...Array.from({ length: 30 }, (_, i) => `${i},"note, ${i}",${i % 2}`)].join('\n');

  it('profiles CSV, JSONL, JSON arrays and corpora in data folders', async () => {
    const c = (await run('ml/data/train.csv', csv, 'text')).out.assets![0]!;
    expect(c).toMatchObject({ id: fileAssetId('dataset', 'ml/data/train.csv'), kind: 'dataset', type: 'csv', properties: { columns: ['id', 'text', 'label'], rowsEstimate: 30, rowsExact: true } });
    const jl = ['{"prompt":"a","completion":"b"}', '{"prompt":"c","completion":"d"}'].join('\n');
    expect((await run('datasets/sft.jsonl', jl, 'text')).out.assets![0]!.properties).toMatchObject({ fields: ['prompt', 'completion'], rowsEstimate: 2 });
    const arr = JSON.stringify([{ q: 1, a: 2 }, { q: 3, a: 4 }]);
    expect((await run('eval/qa.json', arr, 'text')).out.assets![0]!.properties).toMatchObject({ fields: ['q', 'a'], rowsEstimate: 2 });
    expect((await run('corpus/wiki.txt', 'line one\nline two\n', 'text')).out.assets![0]).toMatchObject({ type: 'text', properties: { rowsEstimate: 2 } });
  });

  it('estimates rows of a large CSV from a bounded sample', async () => {
    const big = ['a,b', ...Array.from({ length: 20_000 }, (_, i) => `${i},xxxxxxxx`)].join('\n');
    const p = (await run('data/big.csv', big, 'text')).out.assets![0]!.properties;
    expect(p.rowsExact).toBe(false);
    expect(p.rowsEstimate as number).toBeGreaterThan(17_000);
    expect(p.rowsEstimate as number).toBeLessThan(23_000);
  });

  it('reads Parquet columns and rows from the footer', async () => {
    const buf = parquetWriteBuffer({ columnData: [{ name: 'patient_id', data: [1, 2, 3], type: 'INT32' }, { name: 'note', data: ['a', 'b', 'c'], type: 'STRING' }] });
    const p = (await run('anywhere/notes.parquet', new Uint8Array(buf), 'parquet')).out.assets![0]!;
    expect(p.properties).toMatchObject({ format: 'parquet', columns: ['patient_id', 'note'], columnCount: 2, rowsEstimate: 3 });
  });

  it('names Arrow, Avro (with its schema fields), ORC and data-folder HDF5 by magic bytes', async () => {
    const zz = (n: number) => Buffer.from([n * 2]); // zigzag varint for small non-negative n
    const str = (s: string) => Buffer.concat([zz(Buffer.byteLength(s)), Buffer.from(s)]);
    const schema = JSON.stringify({ type: 'record', name: 'Visit', fields: [{ name: 'patient_id', type: 'string' }, { name: 'notes', type: 'string' }] });
    const avro = Buffer.concat([Buffer.from('Obj\x01', 'latin1'), zz(2), str('avro.schema'), Buffer.concat([Buffer.from([(Buffer.byteLength(schema) * 2) & 0x7f | 0x80, (Buffer.byteLength(schema) * 2) >> 7]), Buffer.from(schema)]), str('avro.codec'), str('null'), zz(0), Buffer.alloc(16)]);
    expect((await run('exports/visits.avro', avro, 'binary')).out.assets![0]).toMatchObject({ kind: 'dataset', type: 'avro', properties: { columns: ['patient_id', 'notes'], recordName: 'Visit', codec: 'null' } });
    expect((await run('exports/t.arrow', Buffer.concat([Buffer.from('ARROW1\0\0'), Buffer.alloc(32)]), 'binary')).out.assets![0]!.type).toBe('arrow');
    // The stream format (Hugging Face `datasets` shards) has no magic: its first marker and its name.
    const stream = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xa8, 0x02, 0, 0]), Buffer.alloc(32)]);
    expect((await run('cache/imdb/imdb-train.arrow', stream, 'binary')).out.assets![0]!.type).toBe('arrow');
    expect((await run('cache/imdb/blob.bin', stream, 'binary')).out.assets ?? []).toHaveLength(0);
    expect((await run('exports/t.orc', Buffer.concat([Buffer.from('ORC'), Buffer.alloc(32)]), 'binary')).out.assets![0]!.type).toBe('orc');
    const h5 = Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    expect((await run('data/features.h5', h5, 'hdf5')).out.assets![0]).toMatchObject({ kind: 'dataset', type: 'hdf5' });
    expect((await run('models/weights.h5', h5, 'hdf5')).out.assets![0]).toMatchObject({ kind: 'model-file', type: 'hdf5' });
    expect((await run('bin/tool', Buffer.alloc(64, 1), 'binary')).wanted).toBe(false);
    const cut = (await run('exports/cut.avro', avro.subarray(0, 20), 'binary')).out;
    expect(cut.issues?.[0]?.reason).toBe('parse-error');
  });

  it('does not call configs, small CSVs outside data folders or READMEs datasets', async () => {
    expect((await run('config/settings.json', '{"a": 1}', 'text')).wanted).toBe(false);
    expect((await run('data/settings.json', '{"a": 1}', 'text')).out.assets ?? []).toEqual([]);
    expect((await run('src/fixtures/two.csv', 'a,b\n1,2\n', 'text')).out.assets ?? []).toEqual([]);
    expect((await run('app/big.csv', csv, 'text')).out.assets).toHaveLength(1);
    expect((await run('data/README.txt', 'hello', 'text')).wanted).toBe(false);
    expect((await run('node_modules/x/data/a.csv', csv, 'text')).wanted).toBe(false);
    expect((await run('ml/mlruns/1/abc/params/lr.txt', '0.1', 'text')).wanted).toBe(false);
    expect((await run('data/ragged.csv', 'a,b\n1\n1,2,3\n', 'text')).out.assets ?? []).toEqual([]);
  });

  it('sad: corrupt Parquet and broken JSON are issues naming the file', async () => {
    const bad = await run('data/bad.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(20)]), 'parquet');
    expect(bad.out.issues?.[0]).toMatchObject({ path: 'data/bad.parquet', reason: 'parse-error' });
    expect(bad.out.issues?.[0]?.message).toContain('data/bad.parquet');
    const json = await run('data/cut.json', '[{"a": 1}, {"a": ', 'text');
    expect(json.out.issues?.[0]?.reason).toBe('parse-error');
  });

  it('empty: an empty CSV or corpus yields nothing', async () => {
    expect((await run('data/empty.csv', '', 'text')).out.assets ?? []).toEqual([]);
    expect((await run('data/empty.txt', '', 'text')).wanted).toBe(false);
  });
});
