import type { CorpusCase } from './corpus-types.js';
import { bzip2ViaPython, gzip, lzmaAlone, xzStored, zlib } from './compress-writers.js';
import { concat, ggufBytes, h5Bytes, kerasBytes, kerasDenseConfig, npyBytes, onnxBytes, safetensorsBytes, savedModelBytes, tarBytes, torchLegacyBytes } from './format-writers.js';
import { joblibArray, joblibPipeline } from './joblib-writer.js';
import { callPickle, PickleWriter, torchStateDictPickle } from './pickle-writer.js';
import { zipBytes } from './zip-writer.js';

const enc = new TextEncoder();
const payload = () => callPickle('os', 'system', ['id']);
const weights = [{ name: 'fc.weight', shape: [4, 3], storage: '0' }];

/** A torch state_dict pickle whose trailing dict entry is a REDUCE of os.system. */
export function torchPickleWithPayload(): Uint8Array {
  return torchStateDictPickle(weights, (w) => w.str('_hook').global('os', 'system').str('id').tupleN(1).reduce().setitem());
}

function torchZip(folder: string, pkl: Uint8Array, opts: { deflate?: boolean; badCrc?: boolean; localName?: string; flags?: number } = {}): Uint8Array {
  return zipBytes([
    { name: `${folder}/data.pkl`, data: pkl, ...opts },
    { name: `${folder}/byteorder`, data: enc.encode('little') },
    { name: `${folder}/data/0`, data: new Uint8Array(48) },
    { name: `${folder}/version`, data: enc.encode('3\n') },
  ]);
}

const SSTI_MRO = "{{ ''.__class__.__mro__[1].__subclasses__() }}";
const SSTI_CYCLER = "{% for m in messages %}{{ cycler.__init__.__globals__.os.popen('id').read() }}{% endfor %}";
const SSTI_CONCAT = "{% set a = '__cla' ~ 'ss__' %}{{ messages|attr(a) }}";

/** Container- and format-level attacks: torch zips, wrappers, archives, Keras, GGUF, ONNX, SavedModel, safetensors. */
export const hostileContainers: CorpusCase[] = [
  { name: 'torch-zip-os-system', file: 'model.pt', bytes: () => torchZip('archive', torchPickleWithPayload()), expect: 'malicious', technique: 'torch zip whose data.pkl calls os.system' },
  { name: 'torch-zip-renamed-folder', file: 'model.bin', bytes: () => torchZip('innocent_weights', torchPickleWithPayload()), expect: 'malicious', technique: 'torch zip with a renamed top folder' },
  { name: 'torch-zip-bad-crc', file: 'crc.pt', bytes: () => torchZip('archive', payload(), { badCrc: true }), expect: 'malicious', technique: 'zip with a bad CRC (CVE-2025-10156: scanners crash, torch loads)' },
  { name: 'torch-zip-name-mismatch', file: 'mismatch.pt', bytes: () => torchZip('archive', payload(), { localName: 'archive/other.bin' }), expect: 'malicious', technique: 'local/central header name mismatch' },
  { name: 'torch-zip-deflated', file: 'deflated.pt', bytes: () => torchZip('archive', payload(), { deflate: true }), expect: 'malicious', technique: 'deflated data.pkl' },
  { name: 'torch-zip-odd-flags', file: 'flags.pt', bytes: () => torchZip('archive', payload(), { flags: 0x0800 | 0x0002 }), expect: 'malicious', technique: 'odd general-purpose flag bits' },
  { name: 'torch-zip-deep-data-pkl', file: 'deep.pt', bytes: () => torchZip('a/b/c', payload()), expect: 'malicious', technique: 'data.pkl nested in deep folders' },
  {
    name: 'torch-zip-constants-pkl',
    file: 'ts.pt',
    bytes: () => zipBytes([{ name: 'm/data.pkl', data: torchStateDictPickle(weights) }, { name: 'm/constants.pkl', data: payload() }, { name: 'm/code/__torch__.py', data: enc.encode('def f(): pass') }]),
    expect: 'malicious',
    technique: 'payload in a second .pkl record (TorchScript constants.pkl)',
  },
  { name: 'torch-legacy-payload', file: 'legacy.pt', bytes: () => torchLegacyBytes(torchPickleWithPayload()), expect: 'malicious', technique: 'legacy torch.save stacked pickles' },
  {
    name: 'torch-legacy-tar-payload',
    file: 'legacy_tar.pt',
    bytes: () => tarBytes([{ name: 'sys_info_pickle', data: new PickleWriter().proto(2).emptyDict().stop().toBytes() }, { name: 'pickle', data: payload() }, { name: 'storages', data: new PickleWriter().proto(2).int(0).stop().toBytes() }, { name: 'tensors', data: new PickleWriter().proto(2).int(0).stop().toBytes() }]),
    expect: 'malicious',
    technique: 'legacy torch tar format',
  },
  { name: 'zip-in-zip', file: 'bundle.zip', bytes: () => zipBytes([{ name: 'readme.md', data: enc.encode('# model') }, { name: 'inner/model.pt', data: torchZip('archive', payload()) }]), expect: 'malicious', technique: 'nested archive' },
  { name: 'tar-gz-pickle', file: 'bundle.tar.gz', bytes: () => gzip(tarBytes([{ name: 'model/weights.pkl', data: payload() }])), expect: 'malicious', technique: 'pickle inside a .tar.gz' },
  { name: 'joblib-payload', file: 'pipeline.joblib', bytes: () => joblibPipeline((w) => w.str('hook').global('os', 'system').str('id').tupleN(1).reduce()), expect: 'malicious', technique: 'joblib sklearn pipeline with an injected REDUCE' },
  {
    name: 'joblib-object-array-payload',
    file: 'objarr.joblib',
    bytes: () => {
      const w = new PickleWriter().proto(4).emptyDict().str('arr');
      joblibArray(w, [2], 'O8', payload());
      return w.setitem().stop().toBytes();
    },
    expect: 'malicious',
    technique: 'joblib object array: nested pickle inline after the wrapper',
  },
  { name: 'joblib-gzip', file: 'm.joblib.gz', bytes: () => gzip(payload()), expect: 'malicious', technique: 'gzip-wrapped joblib' },
  { name: 'joblib-zlib', file: 'm.joblib', bytes: () => zlib(payload()), expect: 'malicious', technique: 'zlib-wrapped joblib' },
  { name: 'joblib-xz', file: 'm.joblib.xz', bytes: () => xzStored(payload()), expect: 'malicious', technique: 'xz-wrapped joblib' },
  { name: 'joblib-lzma', file: 'm.joblib.lzma', bytes: () => lzmaAlone(payload()), expect: 'malicious', technique: 'lzma-wrapped joblib' },
  { name: 'joblib-bz2', file: 'm.joblib.bz2', bytes: () => bzip2ViaPython(payload()), expect: 'malicious', technique: 'bz2-wrapped joblib (7z/bz2 evasion)' },
  { name: 'gzip-legacy-torch', file: 'legacy.pt.gz', bytes: () => gzip(torchLegacyBytes(torchPickleWithPayload())), expect: 'malicious', technique: 'compressed legacy torch' },
  {
    name: 'seven-zip-torch',
    file: 'nullifai.7z',
    bytes: () => concat([Uint8Array.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), new Uint8Array(64)]),
    expect: 'inconclusive',
    technique: 'nullifAI 7z-compressed torch (unsupported compression → inconclusive, never clean)',
  },
  { name: 'npy-object-payload', file: 'arr.npy', bytes: () => npyBytes('|O', [1], payload()), expect: 'malicious', technique: 'numpy object array pickle' },
  { name: 'npz-object-payload', file: 'arrs.npz', bytes: () => zipBytes([{ name: 'a.npy', data: npyBytes('<f4', [2], new Uint8Array(8)) }, { name: 'b.npy', data: npyBytes('|O', [1], payload()) }]), expect: 'malicious', technique: 'npz with an object array' },
  {
    name: 'keras-lambda',
    file: 'lambda.keras',
    bytes: () => kerasBytes(kerasDenseConfig([{ module: 'keras.layers', class_name: 'Lambda', config: { name: 'lambda', function: { class_name: '__lambda__', config: { code: '4wEAAAAAAAAA', defaults: null, closure: null } } }, registered_name: null }])),
    expect: 'malicious',
    technique: 'Keras v3 Lambda layer with marshalled bytecode',
  },
  {
    name: 'keras-module-exec',
    file: 'cve-2025-1550.keras',
    bytes: () => kerasBytes(kerasDenseConfig([{ module: 'builtins', class_name: 'function', config: 'exec', registered_name: 'exec' }])),
    expect: 'malicious',
    technique: 'CVE-2025-1550: config names builtins.exec',
  },
  {
    name: 'keras-module-os',
    file: 'os.keras',
    bytes: () => kerasBytes(kerasDenseConfig([{ module: 'os', class_name: 'system', config: { name: 'x' }, registered_name: null }])),
    expect: 'malicious',
    technique: 'Keras config with a module/class outside Keras',
  },
  {
    name: 'keras-get-file',
    file: 'getfile.keras',
    bytes: () => kerasBytes(kerasDenseConfig([{ module: 'keras.utils', class_name: 'function', config: 'get_file', registered_name: 'get_file' }])),
    expect: 'malicious',
    technique: 'safe_mode bypass through keras.utils.get_file',
  },
  {
    name: 'h5-lambda',
    file: 'legacy.h5',
    bytes: () => h5Bytes({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Lambda', config: { name: 'l', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' } }] } }),
    expect: 'malicious',
    technique: 'legacy HDF5 model_config with a Lambda layer',
  },
  { name: 'gguf-ssti-mro', file: 'mro.gguf', bytes: () => ggufBytes([['general.architecture', { t: 'str', v: 'llama' }], ['tokenizer.chat_template', { t: 'str', v: SSTI_MRO }]]), expect: 'malicious', technique: 'CVE-2024-34359 __class__.__mro__.__subclasses__' },
  { name: 'gguf-ssti-cycler', file: 'cycler.gguf', bytes: () => ggufBytes([['tokenizer.chat_template', { t: 'str', v: SSTI_CYCLER }]]), expect: 'malicious', technique: 'cycler.__init__.__globals__.os.popen' },
  { name: 'gguf-ssti-concat', file: 'concat.gguf', bytes: () => ggufBytes([['tokenizer.chat_template.tool_use', { t: 'str', v: SSTI_CONCAT }]]), expect: 'malicious', technique: 'dunder spelled by string concatenation + attr filter' },
  { name: 'tokenizer-config-ssti', file: 'tokenizer_config.json', bytes: () => enc.encode(JSON.stringify({ bos_token: '<s>', chat_template: SSTI_CYCLER })), expect: 'malicious', technique: 'tokenizer_config.json chat_template SSTI' },
  { name: 'onnx-external-traversal', file: 'trav.onnx', bytes: () => onnxBytes({ initializers: [{ name: 'w', location: '../../../etc/passwd' }] }), expect: 'malicious', technique: 'ONNX external_data path traversal' },
  { name: 'onnx-external-absolute', file: 'abs.onnx', bytes: () => onnxBytes({ initializers: [{ name: 'w', location: '/etc/shadow' }] }), expect: 'malicious', technique: 'ONNX external_data absolute path' },
  { name: 'onnx-custom-domain', file: 'custom.onnx', bytes: () => onnxBytes({ nodes: [['EvilOp', 'com.evil']], domains: ['', 'com.evil'] }), expect: 'suspicious', technique: 'ONNX custom operator domain' },
  { name: 'savedmodel-pyfunc', file: 'saved_model.pb', bytes: () => savedModelBytes(['Placeholder', 'PyFunc']), expect: 'suspicious', technique: 'SavedModel PyFunc op' },
  { name: 'savedmodel-readfile', file: 'sm/saved_model.pb', bytes: () => savedModelBytes(['Placeholder'], ['ReadFile', 'WriteFile']), expect: 'suspicious', technique: 'SavedModel ReadFile/WriteFile in a library function' },
  { name: 'safetensors-bad-length', file: 'bad.safetensors', bytes: () => { const b = safetensorsBytes([{ name: 'w', shape: [2] }]); b[0] = 0xff; b[1] = 0x7f; return b; }, expect: 'suspicious', technique: 'safetensors header length past the file' },
  {
    name: 'safetensors-overlap',
    file: 'overlap.safetensors',
    bytes: () => safetensorsBytes([{ name: 'a', shape: [4] }, { name: 'b', shape: [4] }], undefined, (h) => ((h.b as { data_offsets: number[] }).data_offsets = [8, 24])),
    expect: 'suspicious',
    technique: 'safetensors overlapping / out-of-range tensors',
  },
  { name: 'truncated-pickle', file: 'trunc.pkl', bytes: () => torchStateDictPickle(weights).subarray(0, 60), expect: 'inconclusive', technique: 'truncated pickle with nothing bad before the break' },
  { name: 'zip-bomb-member', file: 'bomb.zip', bytes: () => { const big = new Uint8Array(40 << 20); big.set([0x80, 0x02]); return zipBytes([{ name: 'big.pkl', data: big, deflate: true }]); }, expect: 'inconclusive', technique: 'decompression-ratio limit' },
];
