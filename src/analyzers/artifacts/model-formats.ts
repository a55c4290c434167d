import type { FileInfo, Properties, ScanFile } from '../../core/index.js';
import { readPrefix, readRange } from './bounded-read.js';
import { inDataFolder } from './dataset-heuristics.js';
import { parseGgufHeader } from './gguf-header.js';
import { MAX_SAFETENSORS_HEADER, safetensorsFramework, safetensorsHeaderLength, summariseSafetensorsHeader } from './safetensors-header.js';
import { firstZipEntryName, listZipNames } from './zip-listing.js';

/** The model-file formats of DESIGN §2, decided from magic bytes and structure. */
export const MODEL_FORMATS = ['pytorch-zip', 'pytorch-legacy', 'pickle', 'joblib', 'numpy', 'npz', 'keras', 'hdf5', 'savedmodel', 'onnx', 'gguf', 'safetensors', 'tflite'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export interface ModelDescription {
  format: ModelFormat;
  framework?: string;
  properties: Properties;
}

/** How every legacy (pre-1.6) torch.save file opens: PROTO 2, then LONG1 of torch's magic number. */
const TORCH_LEGACY_MAGIC = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);
const COMPRESSED = new Set(['zlib', 'gzip', 'bzip2', 'xz', 'lzma']);
/** Extensions that name a model container when the bytes are an otherwise ambiguous zip. */
const MODEL_ZIP_EXT = new Set(['.pt', '.pth', '.bin', '.ckpt', '.keras', '.npz', '.mar', '.model']);
const PICKLE_NAME = /\.(pkl|pickle|joblib|sav|dill)(\.|$)/;
const HDF5_KERAS_MARKERS = ['keras_version', 'model_config', 'training_config'];
const PICKLE_FRAMEWORKS: readonly [string, string][] = [
  ['sklearn', 'sklearn'],
  ['xgboost', 'xgboost'],
  ['lightgbm', 'lightgbm'],
  ['catboost', 'catboost'],
  ['torch', 'torch'],
  ['keras', 'keras'],
  ['tensorflow', 'tensorflow'],
  ['transformers', 'transformers'],
  ['pandas', 'pandas'],
  ['numpy', 'numpy'],
];

function headHas(head: Uint8Array, s: string): boolean {
  return Buffer.from(head.buffer, head.byteOffset, head.length).includes(s, 0, 'latin1');
}

function zipLooksLikeModel(info: FileInfo): boolean {
  if (MODEL_ZIP_EXT.has(info.ext)) return true;
  const first = firstZipEntryName(info.head) ?? '';
  return /(^|\/)data\.pkl$|\.npy$|^metadata\.json$|^config\.json$|^model\.weights\.h5$/.test(first);
}

/** Cheap, no-I/O gate: could this file be a model file? (The walker's sniff decides, never the extension alone.) */
export function mayBeModel(info: FileInfo): boolean {
  switch (info.sniffed) {
    case 'pickle':
    case 'numpy':
    case 'gguf':
    case 'safetensors':
    case 'tflite':
    case 'hdf5':
      return true;
    case 'zip':
      return zipLooksLikeModel(info);
    case 'protobuf':
      return info.ext === '.onnx' || info.name === 'saved_model.pb';
    default:
      return COMPRESSED.has(info.sniffed) && PICKLE_NAME.test(info.name);
  }
}

function pickleFramework(head: Uint8Array): string | undefined {
  return PICKLE_FRAMEWORKS.find(([needle]) => headHas(head, needle))?.[1];
}

function numpyHeader(head: Uint8Array): Properties {
  const b = Buffer.from(head.buffer, head.byteOffset, head.length);
  if (b.length < 10) return {};
  const major = b[6]!;
  const start = major === 1 ? 10 : 12;
  const len = major === 1 ? b.readUInt16LE(8) : b.length >= 12 ? b.readUInt32LE(8) : 0;
  const text = b.toString('latin1', start, Math.min(b.length, start + len));
  const descr = /'descr':\s*'([^']+)'/.exec(text)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  const props: Properties = {};
  if (descr) props.dtype = descr;
  if (shape !== undefined) props.shape = shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return props;
}

/** ONNX ModelProto opens with ir_version (field 1) and usually producer_name/version (fields 2, 3). */
function onnxHeader(head: Uint8Array): Properties | undefined {
  let p = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    while (p < head.length && shift < 35) {
      const b = head[p++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
      shift += 7;
    }
    return -1;
  };
  if (head[0] !== 0x08) return undefined;
  p = 1;
  const props: Properties = { irVersion: varint() };
  while (p < head.length) {
    const tag = varint();
    const field = tag >> 3;
    if (tag < 0 || (tag & 7) !== 2 || field > 4) break;
    const len = varint();
    if (len < 0 || p + len > head.length) break;
    const s = Buffer.from(head.subarray(p, p + len)).toString('utf8');
    p += len;
    if (field === 2) props.producer = s;
    else if (field === 3) props.producerVersion = s;
  }
  return props;
}

async function describeZip(file: ScanFile): Promise<ModelDescription | undefined> {
  const names = (await listZipNames(file.absPath, file.size)) ?? [];
  const props: Properties = { entries: names.length };
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) return { format: 'pytorch-zip', framework: 'torch', properties: props };
  if (names.includes('metadata.json') && names.includes('config.json')) return { format: 'keras', framework: 'keras', properties: props };
  if (names.length && names.every((n) => n.endsWith('.npy'))) return { format: 'npz', framework: 'numpy', properties: { ...props, arrays: names.length } };
  return undefined;
}

async function describeHdf5(file: ScanFile): Promise<ModelDescription | undefined> {
  // Root attributes (where Keras writes its version and config) sit near the start of the file.
  const prefix = await readPrefix(file, 256 * 1024);
  const keras = HDF5_KERAS_MARKERS.some((m) => prefix.includes(m, 0, 'latin1'));
  if (keras) return { format: 'hdf5', framework: 'keras', properties: {} };
  // Plain arrays in a data folder are a dataset (the artifacts analyzer falls through to it).
  return inDataFolder(file.path) ? undefined : { format: 'hdf5', properties: {} };
}

async function describeSafetensors(file: ScanFile): Promise<ModelDescription> {
  const len = safetensorsHeaderLength(file.head);
  if (len === undefined || len > MAX_SAFETENSORS_HEADER || 8 + len > file.size) {
    return { format: 'safetensors', properties: { headerBytes: len ?? null, headerParsed: false } };
  }
  const json = (await readRange(file.absPath, 8, len)).toString('utf8');
  const summary = summariseSafetensorsHeader(json);
  return { format: 'safetensors', framework: safetensorsFramework(summary.metadataFormat), properties: { headerBytes: len, ...summary } };
}

/**
 * Names the model format from magic bytes and structure (zip directory, pickle opcodes, headers),
 * with bounded reads only. Returns `undefined` when the file is not a model after all (a zip of
 * documents). Throws on corrupt structure; the analyzer turns that into a parse-error issue.
 */
export async function describeModel(file: ScanFile): Promise<ModelDescription | undefined> {
  const head = file.head;
  switch (file.sniffed) {
    case 'pickle': {
      const b = Buffer.from(head.buffer, head.byteOffset, head.length);
      if (b.subarray(0, TORCH_LEGACY_MAGIC.length).equals(TORCH_LEGACY_MAGIC)) return { format: 'pytorch-legacy', framework: 'torch', properties: {} };
      const framework = pickleFramework(head);
      if (file.name.includes('.joblib')) return { format: 'joblib', framework: framework ?? 'sklearn', properties: {} };
      return { format: 'pickle', framework, properties: {} };
    }
    case 'numpy':
      return { format: 'numpy', framework: 'numpy', properties: numpyHeader(head) };
    case 'gguf':
      return { format: 'gguf', framework: 'llama.cpp', properties: parseGgufHeader(await readPrefix(file, 1024 * 1024)) ?? {} };
    case 'safetensors':
      return describeSafetensors(file);
    case 'tflite':
      return { format: 'tflite', framework: 'tensorflow-lite', properties: {} };
    case 'hdf5':
      return describeHdf5(file);
    case 'zip':
      return describeZip(file);
    case 'protobuf': {
      if (file.name === 'saved_model.pb') {
        const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
        return { format: 'savedmodel', framework: 'tensorflow', properties: { directory: dir } };
      }
      const onnx = onnxHeader(head);
      if (!onnx) throw new Error('not an ONNX ModelProto (expected ir_version first)');
      return { format: 'onnx', framework: 'onnx', properties: onnx };
    }
    default:
      if (COMPRESSED.has(file.sniffed) && PICKLE_NAME.test(file.name)) {
        return { format: file.name.includes('.joblib') ? 'joblib' : 'pickle', framework: file.name.includes('.joblib') ? 'sklearn' : undefined, properties: { compression: file.sniffed } };
      }
      return undefined;
  }
}
