import type { CorpusCase } from './corpus-types.js';
import { zlib } from './compress-writers.js';
import { concat, h5Bytes, kerasDenseConfig, npyBytes, tarBytes } from './format-writers.js';
import { callPickle, PickleWriter } from './pickle-writer.js';
import { zipBytes } from './zip-writer.js';

/**
 * Bypasses found by the adversarial sweep of November 2026: each file runs code when its library
 * loads it, and each was `clean` or `inconclusive` before the fix its case names. The outer
 * structure is benign wherever it can be, so only the fixed path can find the payload.
 */

const enc = new TextEncoder();
const payload = () => callPickle('os', 'system', ['id']);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function loadType(w: PickleWriter, name: string): PickleWriter {
  return w.global('dill._dill', '_load_type').str(name).tupleN(1).reduce();
}

/**
 * `_rebuild_from_type_v2(__newobj__(FunctionType, __newobj__(CodeType, …), {}), Tensor, (), {})`:
 * a function built from a code object and called, with allowlisted globals only.
 */
export function functionFromCodePickle(): Uint8Array {
  const w = new PickleWriter().proto(2).global('torch._tensor', '_rebuild_from_type_v2').mark();
  w.global('copyreg', '__newobj__').mark();
  loadType(w, 'FunctionType');
  w.global('copyreg', '__newobj__').mark();
  loadType(w, 'CodeType');
  w.int(0).int(0).int(0).int(0).int(2).int(0).bytes(new Uint8Array([0x64, 0, 0x53, 0])).tupleN(0).tupleN(0).tupleN(0).str('x').str('f').str('f').int(1).bytes(new Uint8Array(0)).bytes(new Uint8Array(0)).tupleN(0).tupleN(0);
  w.tuple().reduce().emptyDict().tuple().reduce();
  w.global('torch', 'Tensor').tupleN(0).emptyDict().tuple().reduce();
  return w.stop().toBytes();
}

/** A joblib int8 array whose dtype state sets flag bit 0 (hasobject): joblib unpickles `inner`. */
function joblibFlaggedArray(inner: Uint8Array): Uint8Array {
  const w = new PickleWriter().proto(4).global('joblib.numpy_pickle', 'NumpyArrayWrapper').tupleN(0).newobj();
  w.emptyDict().mark().str('subclass').global('numpy', 'ndarray').str('shape').int(inner.length).tupleN(1).str('order').str('C');
  w.str('dtype').global('numpy', 'dtype').str('i1').bool(false).bool(true).tupleN(3).reduce();
  w.mark().int(3).str('|').none().none().none().int(0xffffffff).int(0xffffffff).int(63).tuple().build();
  w.str('allow_mmap').bool(false).setitems().build();
  return w.raw(inner).stop().toBytes();
}

/** Legacy torch tar whose `pickle` member has tar type `type` (header checksum fixed). */
function legacyTarTyped(type: string): Uint8Array {
  const small = new PickleWriter().proto(2).int(0).stop().toBytes();
  const tar = tarBytes([{ name: 'sys_info_pickle', data: small }, { name: 'pickle', data: payload() }, { name: 'storages', data: small }, { name: 'tensors', data: small }]);
  const h = tar.subarray(1024, 1536);
  h[156] = type.charCodeAt(0);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return tar;
}

const hostileKerasConfig = () => enc.encode(JSON.stringify(kerasDenseConfig([{ module: 'os', class_name: 'system', config: { name: 'x' }, registered_name: null }])));
const lambdaLayer = { config: { name: 'l', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' }, class_name: 'Lambda' };

export const hostileSweep: CorpusCase[] = [
  { name: 'sweep-dill-function-from-code', file: 'state.pt.pkl', bytes: functionFromCodePickle, expect: 'malicious', technique: 'dill _load_type(CodeType/FunctionType) + copyreg __newobj__ + torch _rebuild_from_type_v2: allowlisted globals only' },
  { name: 'sweep-proto0-padded-memo', file: 'padded.pkl', bytes: () => latin1("S'os'\np 1\nS'system'\np0_2\n00g+1\ng 2\n\x93(S'id'\ntR."), expect: 'malicious', technique: 'protocol 0 PUT/GET indices CPython accepts (` 1`, `0_2`, `+1`)' },
  { name: 'sweep-proto0-bin', file: 'pytorch_model.bin', bytes: () => enc.encode("N0cos\nsystem\n(S'id'\ntR."), expect: 'malicious', technique: 'protocol 0 pickle opening with NONE/POP under .bin (CVE-2025-10155 class)' },
  { name: 'sweep-no-proto-dat', file: 'weights.dat', bytes: () => new PickleWriter().str('os').str('system').stackGlobal().str('id').tupleN(1).reduce().stop().toBytes(), expect: 'malicious', technique: 'binary pickle without PROTO under an arbitrary extension' },
  { name: 'sweep-npy-object-word', file: 'arr.npy', bytes: () => npyBytes('object', [1], payload()), expect: 'malicious', technique: ".npy descr 'object' (also escapes/concatenation): numpy.load(allow_pickle=True)" },
  { name: 'sweep-joblib-dtype-flags', file: 'model.joblib', bytes: () => joblibFlaggedArray(payload()), expect: 'malicious', technique: 'joblib int8 array whose dtype BUILD state sets hasobject: nested pickle read as raw bytes' },
  { name: 'sweep-tar-sparse-pickle', file: 'legacy_sparse.pt', bytes: () => legacyTarTyped('S'), expect: 'malicious', technique: 'legacy torch tar whose pickle member is GNU sparse (tarfile reads it as a file)' },
  { name: 'sweep-keras-config-only', file: 'bare.keras', bytes: () => zipBytes([{ name: 'config.json', data: hostileKerasConfig() }]), expect: 'malicious', technique: '.keras zip with config.json only (load_model deserialises it first)' },
  { name: 'sweep-keras-prefixed', file: 'stub.keras', bytes: () => concat([enc.encode('#!/bin/sh\n'), zipBytes([{ name: 'config.json', data: hostileKerasConfig() }, { name: 'metadata.json', data: enc.encode('{}') }])]), expect: 'malicious', technique: '.keras zip behind a prefix (Python zipfile reads it)' },
  { name: 'sweep-joblib-zfile', file: 'old.pkl', bytes: () => concat([enc.encode(`ZF${`0x${payload().length.toString(16)}`.padEnd(19, ' ')}`), zlib(payload())]), expect: 'malicious', technique: 'joblib < 0.10 ZF compat file' },
  { name: 'sweep-h5-reordered', file: 'reordered.h5', bytes: () => concat([h5Bytes(undefined).subarray(0, 96), enc.encode('model_config'), new Uint8Array(4), enc.encode(JSON.stringify({ config: { name: 's', layers: [lambdaLayer] }, class_name: 'Sequential' })), new Uint8Array(64)]), expect: 'malicious', technique: 'HDF5 model_config with keys reordered' },
];
