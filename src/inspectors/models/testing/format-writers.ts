/**
 * Writers for the non-pickle model formats, byte-exact to their specs, so tests, benches and the
 * example estate can build real files (benign and hostile) without downloading anything.
 */
import { zipBytes } from './zip-writer.js';
import { PickleWriter, TORCH_MAGIC } from './pickle-writer.js';

const enc = new TextEncoder();

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function le(n: number, bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  let x = BigInt(n);
  for (let i = 0; i < bytes; i++) {
    b[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
}

/** `.npy` v1.0 with a given descr and shape; `data` follows the padded header. */
export function npyBytes(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  return concat([Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), le(header.length, 2), enc.encode(header), data]);
}

export type GgufValue = { t: 'str'; v: string } | { t: 'u32'; v: number } | { t: 'f32'; v: number } | { t: 'strs'; v: string[] } | { t: 'i32s'; v: number[] };

function ggufString(s: string): Uint8Array {
  const b = enc.encode(s);
  return concat([le(b.length, 8), b]);
}

/** GGUF v3 with metadata and `tensors` F32 tensors of the given shapes (data zero-filled). */
export function ggufBytes(kv: [string, GgufValue][], tensors: { name: string; shape: number[] }[] = []): Uint8Array {
  const parts: Uint8Array[] = [enc.encode('GGUF'), le(3, 4), le(tensors.length, 8), le(kv.length, 8)];
  for (const [k, v] of kv) {
    parts.push(ggufString(k));
    if (v.t === 'str') parts.push(le(8, 4), ggufString(v.v));
    else if (v.t === 'u32') parts.push(le(4, 4), le(v.v, 4));
    else if (v.t === 'f32') {
      const f = new Uint8Array(4);
      new DataView(f.buffer).setFloat32(0, v.v, true);
      parts.push(le(6, 4), f);
    } else if (v.t === 'strs') parts.push(le(9, 4), le(8, 4), le(v.v.length, 8), ...v.v.map(ggufString));
    else parts.push(le(9, 4), le(5, 4), le(v.v.length, 8), ...v.v.map((x) => le(x >>> 0, 4)));
  }
  let offset = 0;
  const sizes: number[] = [];
  for (const t of tensors) {
    parts.push(ggufString(t.name), le(t.shape.length, 4), ...t.shape.map((d) => le(d, 8)), le(0, 4), le(offset, 8));
    const size = t.shape.reduce((a, b) => a * b, 1) * 4;
    sizes.push(size);
    offset += Math.ceil(size / 32) * 32;
  }
  const head = concat(parts);
  const pad = (32 - (head.length % 32)) % 32;
  return concat([head, new Uint8Array(pad + offset)]);
}

/** safetensors from tensors (F32 unless given); `mutate` may corrupt the header object first. */
export function safetensorsBytes(
  tensors: { name: string; shape: number[]; dtype?: string }[],
  metadata?: Record<string, string>,
  mutate?: (h: Record<string, unknown>) => void,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let off = 0;
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1) * (t.dtype === 'F16' || t.dtype === 'BF16' ? 2 : 4);
    header[t.name] = { dtype: t.dtype ?? 'F32', shape: t.shape, data_offsets: [off, off + size] };
    off += size;
  }
  mutate?.(header);
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  return concat([le(json.length, 8), enc.encode(json), new Uint8Array(off)]);
}

/** A Keras 3 `.keras` zip: metadata.json, config.json, and a (stub) weights file. */
export function kerasBytes(config: unknown): Uint8Array {
  return zipBytes([
    { name: 'metadata.json', data: enc.encode(JSON.stringify({ keras_version: '3.6.0', date_saved: '2026-01-01@00:00:00' })) },
    { name: 'config.json', data: enc.encode(JSON.stringify(config)), deflate: true },
    { name: 'model.weights.h5', data: h5Bytes(undefined) },
  ]);
}

/**
 * An HDF5-signed file whose root attribute area holds `model_config` with the given JSON, as
 * legacy `model.save('x.h5')` stores it. Only the parts the scanner relies on are real: the
 * signature and the contiguous attribute bytes (this is not a full HDF5 object tree).
 */
export function h5Bytes(modelConfig: unknown | undefined): Uint8Array {
  const sig = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 8, 8, 0]);
  const parts = [sig, new Uint8Array(80)];
  if (modelConfig !== undefined) {
    parts.push(enc.encode('model_config'), new Uint8Array(4), enc.encode(JSON.stringify(modelConfig)), new Uint8Array(8));
    parts.push(enc.encode('keras_version'), new Uint8Array(4), enc.encode('2.15.0'));
  }
  parts.push(new Uint8Array(256));
  return concat(parts);
}

/** Keras functional/sequential configs. */
export function kerasDenseConfig(extraLayers: unknown[] = []): Record<string, unknown> {
  const dense = (name: string, units: number) => ({
    module: 'keras.layers',
    class_name: 'Dense',
    config: { name, units, activation: 'relu', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null } },
    registered_name: null,
    build_config: { input_shape: [null, 8] },
  });
  return {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'sequential', layers: [{ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8], name: 'input' }, registered_name: null }, dense('dense', 16), ...extraLayers, dense('out', 2)] },
    registered_name: null,
    compile_config: { optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: { learning_rate: 0.001 }, registered_name: null }, loss: 'mse' },
  };
}

// ---- protobuf ----
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

export type PbField = [number, string | Uint8Array | number];

export function pb(fields: PbField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [no, v] of fields) {
    if (typeof v === 'number') parts.push(Uint8Array.from([...varint(no * 8), ...varint(v)]));
    else {
      const b = typeof v === 'string' ? enc.encode(v) : v;
      parts.push(Uint8Array.from([...varint(no * 8 + 2), ...varint(b.length)]), b);
    }
  }
  return concat(parts);
}

/** An ONNX ModelProto with nodes (op, domain), opset domains and initializers (external locations). */
export function onnxBytes(opts: { nodes?: [string, string][]; domains?: string[]; initializers?: { name: string; location?: string }[] }): Uint8Array {
  const nodes = (opts.nodes ?? [['Relu', '']]).map(([op, d]) => pb([[1, 'x'], [2, 'y'], [4, op], ...(d ? ([[7, d]] as PbField[]) : [])]));
  const inits = (opts.initializers ?? []).map((i) =>
    pb([[1, 4], [2, 1], [8, i.name], ...(i.location ? ([[13, pb([[1, 'location'], [2, i.location]])], [13, pb([[1, 'offset'], [2, '0']])], [14, 1]] as PbField[]) : [[9, new Uint8Array(16)]] as PbField[])]),
  );
  const graph = pb([...nodes.map((n): PbField => [1, n]), [2, 'main'], ...inits.map((i): PbField => [5, i])]);
  const opsets = (opts.domains ?? ['']).map((d) => pb([[1, d], [2, 17]]));
  return pb([[1, 9], [2, 'pytorch'], [7, graph], ...opsets.map((o): PbField => [8, o])]);
}

/** A SavedModel proto whose graph has nodes with the given op names (plus a library function). */
export function savedModelBytes(ops: string[], libraryOps: string[] = []): Uint8Array {
  const node = (op: string, i: number) => pb([[1, `n${i}`], [2, op]]);
  const fn = pb([[1, pb([[1, 'f']])], ...libraryOps.map((op, i): PbField => [3, node(op, i)])]);
  const graph = pb([...ops.map((op, i): PbField => [1, node(op, i)]), [2, pb([[1, fn]])]]);
  const meta = pb([[1, pb([[1, 'serve']])], [2, graph]]);
  return pb([[1, 1], [2, meta]]);
}

// ---- tar ----
export function tarBytes(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const h = new Uint8Array(512);
    h.set(enc.encode(e.name).subarray(0, 100), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode('0000000\0'), 108);
    h.set(enc.encode('0000000\0'), 116);
    h.set(enc.encode(`${e.data.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h.set(enc.encode('        '), 148);
    h[156] = 0x30;
    h.set(enc.encode('ustar\0'), 257);
    h.set(enc.encode('00'), 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    parts.push(h, e.data, new Uint8Array((512 - (e.data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return concat(parts);
}

/** Legacy `torch.save` (non-zip): magic, protocol, sys_info, the model pickle, storage keys, raw data. */
export function torchLegacyBytes(model: Uint8Array, keys: string[] = ['0'], raw = new Uint8Array(64)): Uint8Array {
  const magic = new PickleWriter().proto(2).long1(TORCH_MAGIC).stop().toBytes();
  const proto = new PickleWriter().proto(2).int(1001).stop().toBytes();
  const sys = new PickleWriter().proto(2).emptyDict().mark().str('protocol_version').int(1001).str('little_endian').bool(true).setitems().stop().toBytes();
  const k = new PickleWriter().proto(2).emptyList().mark();
  for (const key of keys) k.str(key);
  const keyList = k.appends().stop().toBytes();
  return concat([magic, proto, sys, model, keyList, raw]);
}
