import type { CorpusCase } from './corpus-types.js';
import { bzip2ViaPython, gzip, lzmaAlone, xzStored, zlib } from './compress-writers.js';
import { ggufBytes, h5Bytes, kerasBytes, kerasDenseConfig, npyBytes, onnxBytes, safetensorsBytes, savedModelBytes, tarBytes, torchLegacyBytes } from './format-writers.js';
import { joblibPipeline } from './joblib-writer.js';
import { PickleWriter, torchStateDictPickle, type FakeTensor } from './pickle-writer.js';
import { zipBytes } from './zip-writer.js';

const enc = new TextEncoder();

const mlp: FakeTensor[] = [
  { name: 'encoder.0.weight', shape: [64, 32], storage: '0' },
  { name: 'encoder.0.bias', shape: [64], storage: '1' },
  { name: 'head.weight', shape: [10, 64], storage: '2' },
  { name: 'head.bias', shape: [10], storage: '3', type: 'HalfStorage' },
];

function torchZip(folder: string, pkl: Uint8Array, deflate = false, badCrc = false): Uint8Array {
  return zipBytes([
    { name: `${folder}/data.pkl`, data: pkl, deflate, badCrc },
    { name: `${folder}/byteorder`, data: enc.encode('little') },
    ...['0', '1', '2', '3'].map((k) => ({ name: `${folder}/data/${k}`, data: new Uint8Array(256) })),
    { name: `${folder}/version`, data: enc.encode('3\n') },
    { name: `${folder}/.data/serialization_id`, data: enc.encode('1234567890') },
  ]);
}

/** `pickle.dumps(numpy.arange(4))` at protocol 2: _reconstruct, ndarray, dtype, _codecs.encode. */
export function numpyArrayPickle(): Uint8Array {
  const w = new PickleWriter().proto(2).global('numpy.core.multiarray', '_reconstruct').binput(0).global('numpy', 'ndarray').binput(1).int(0).tupleN(1).binput(2);
  w.global('_codecs', 'encode').binput(3).binunicode('b').binput(4).binunicode('latin1').binput(5).tupleN(2).binput(6).reduce().binput(7).tupleN(3).binput(8).reduce().binput(9);
  w.mark().int(1).int(4).tupleN(1).global('numpy', 'dtype').binput(11).binunicode('i8').bool(false).bool(true).tupleN(3).reduce().binput(12);
  w.mark().int(3).binunicode('<').none().none().none().int(0xffffffff).int(0xffffffff).int(0).tuple().build();
  w.bool(false).bytes(new Uint8Array(32)).tuple().build();
  return w.stop().toBytes();
}

function millionList(): Uint8Array {
  const w = new PickleWriter().proto(2).emptyList().binput(0);
  for (let batch = 0; batch < 1000; batch++) {
    w.mark();
    for (let i = 0; i < 1000; i++) w.int((batch + i) & 0xff);
    w.appends();
  }
  return w.stop().toBytes();
}

/** `training_args.bin` as the Hugging Face Trainer writes it: a dataclass with enum members. */
function trainingArgsPickle(): Uint8Array {
  const w = new PickleWriter().proto(4).str('transformers.training_args').str('TrainingArguments').stackGlobal().memoize().tupleN(0).newobj().memoize();
  w.emptyDict().mark().str('output_dir').str('out').str('learning_rate').float();
  w.str('eval_strategy').str('transformers.trainer_utils').str('IntervalStrategy').stackGlobal().str('steps').tupleN(1).reduce();
  w.str('optim').str('transformers.training_args').str('OptimizerNames').stackGlobal().str('adamw_torch').tupleN(1).reduce();
  w.str('logging_dir').global('pathlib', 'PosixPath').str('runs').tupleN(1).reduce();
  return w.setitems().build().stop().toBytes();
}

function xgboostPickle(): Uint8Array {
  const w = new PickleWriter().proto(4).str('xgboost.sklearn').str('XGBClassifier').stackGlobal().memoize().tupleN(0).newobj().memoize();
  w.emptyDict().mark().str('n_estimators').int(100).str('_Booster');
  w.str('xgboost.core').str('Booster').stackGlobal().tupleN(0).newobj().emptyDict().str('handle');
  w.global('builtins', 'bytearray').bytes(new Uint8Array(64)).tupleN(1).reduce().setitem().build();
  return w.setitems().build().stop().toBytes();
}

const LLAMA3 =
  "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
const CHATML =
  "{% for message in messages %}{% if message['role'] == 'system' %}{{ '<|im_start|>system\\n' + message['content'] + '<|im_end|>\\n' }}{% else %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const TOOLS =
  "{%- set ns = namespace(found=false) -%}{%- for message in messages -%}{%- if message['role'] not in ['system', 'user', 'assistant', 'tool'] -%}{{ raise_exception('Unknown role: ' ~ message['role']) }}{%- endif -%}{%- if tools is not none -%}{{ tools | tojson(indent=2) }}{%- endif -%}{{ message['content'] }}{%- endfor -%}{{ strftime_now('%Y-%m-%d') }}";

/** Files shaped like ordinary checkpoints and artifacts: every one must scan `clean`. */
export const benignCases: CorpusCase[] = [
  { name: 'torch-state-dict', file: 'model.pt', bytes: () => torchZip('archive', torchStateDictPickle(mlp)), expect: 'clean', technique: 'torch.save(state_dict) zip' },
  { name: 'torch-renamed-folder', file: 'resnet.pth', bytes: () => torchZip('resnet18', torchStateDictPickle(mlp)), expect: 'clean', technique: 'torch zip with the model name as top folder' },
  { name: 'torch-deflated', file: 'deflated.pt', bytes: () => torchZip('archive', torchStateDictPickle(mlp), true), expect: 'clean', technique: 'torch zip with a deflated data.pkl' },
  { name: 'torch-bad-crc-benign', file: 'crc.pt', bytes: () => torchZip('archive', torchStateDictPickle(mlp), false, true), expect: 'clean', technique: 'bad CRC read leniently like torch' },
  {
    name: 'torch-many-tensors',
    file: 'big.pt',
    bytes: () => torchZip('archive', torchStateDictPickle(Array.from({ length: 800 }, (_, i) => ({ name: `layers.${i}.weight`, shape: [16, 16], storage: String(i) })))),
    expect: 'clean',
    technique: '800-tensor state_dict (memo indices past 255)',
  },
  { name: 'torch-legacy', file: 'legacy.pt', bytes: () => torchLegacyBytes(torchStateDictPickle(mlp), ['0', '1', '2', '3'], new Uint8Array(4096).fill(0x80)), expect: 'clean', technique: 'legacy torch.save with raw storage bytes after the pickles' },
  {
    name: 'torch-legacy-tar',
    file: 'legacy_tar.pt',
    bytes: () => {
      const storages = new PickleWriter().proto(2).int(1).stop().toBytes();
      const rec = new PickleWriter().proto(2).str('0').str('cpu').global('torch', 'FloatStorage').tupleN(3).stop().toBytes();
      const count = Uint8Array.from([4, 0, 0, 0, 0, 0, 0, 0]);
      const views = new PickleWriter().proto(2).emptyList().stop().toBytes();
      const tensors = new PickleWriter().proto(2).int(1).stop().toBytes();
      const trec = new PickleWriter().proto(2).str('t0').str('0').global('torch', 'FloatTensor').tupleN(3).stop().toBytes();
      const geom = new Uint8Array(8 + 16 + 8);
      geom[0] = 1;
      return tarBytes([
        { name: 'sys_info_pickle', data: new PickleWriter().proto(2).emptyDict().stop().toBytes() },
        { name: 'storages', data: Uint8Array.from([...storages, ...rec, ...count, ...new Uint8Array(16), ...views]) },
        { name: 'tensors', data: Uint8Array.from([...tensors, ...trec, ...geom]) },
        { name: 'pickle', data: new PickleWriter().proto(2).emptyDict().stop().toBytes() },
      ]);
    },
    expect: 'clean',
    technique: 'legacy torch tar: interleaved pickles and raw records',
  },
  { name: 'torch-nested-zip', file: 'release.zip', bytes: () => zipBytes([{ name: 'README.md', data: enc.encode('# weights') }, { name: 'ckpt/model.pt', data: torchZip('archive', torchStateDictPickle(mlp)) }]), expect: 'clean', technique: 'checkpoint inside a release zip' },
  { name: 'sklearn-pipeline-joblib', file: 'pipeline.joblib', bytes: () => joblibPipeline(), expect: 'clean', technique: 'joblib.dump of an sklearn Pipeline with inline arrays' },
  { name: 'joblib-gzip-benign', file: 'p.joblib.gz', bytes: () => gzip(joblibPipeline()), expect: 'clean', technique: 'joblib compress=("gzip")' },
  { name: 'joblib-zlib-benign', file: 'p.joblib', bytes: () => zlib(joblibPipeline()), expect: 'clean', technique: 'joblib compress=True (zlib)' },
  { name: 'joblib-xz-benign', file: 'p.joblib.xz', bytes: () => xzStored(joblibPipeline()), expect: 'clean', technique: 'joblib xz' },
  { name: 'joblib-lzma-benign', file: 'p.joblib.lzma', bytes: () => lzmaAlone(joblibPipeline()), expect: 'clean', technique: 'joblib lzma' },
  { name: 'joblib-bz2-benign', file: 'p.joblib.bz2', bytes: () => bzip2ViaPython(joblibPipeline()), expect: 'clean', technique: 'joblib bz2' },
  { name: 'hf-training-args', file: 'training_args.bin', bytes: () => trainingArgsPickle(), expect: 'clean', technique: 'Hugging Face Trainer training_args.bin' },
  { name: 'xgboost-pickle', file: 'xgb.pkl', bytes: () => xgboostPickle(), expect: 'clean', technique: 'pickled XGBClassifier with Booster bytes' },
  { name: 'numpy-array-pickle', file: 'arr.pkl', bytes: () => numpyArrayPickle(), expect: 'clean', technique: 'pickle.dumps(ndarray) protocol 2' },
  { name: 'npy-float', file: 'emb.npy', bytes: () => npyBytes('<f4', [256, 8], new Uint8Array(256 * 8 * 4)), expect: 'clean', technique: 'numpy float32 .npy' },
  { name: 'npy-int-2d', file: 'ids.npy', bytes: () => npyBytes('<i8', [10, 3], new Uint8Array(240)), expect: 'clean', technique: 'numpy int64 .npy' },
  { name: 'npz', file: 'arrays.npz', bytes: () => zipBytes([{ name: 'x.npy', data: npyBytes('<f8', [4], new Uint8Array(32)) }, { name: 'y.npy', data: npyBytes('|u1', [4], new Uint8Array(4)), deflate: true }]), expect: 'clean', technique: 'numpy.savez' },
  { name: 'million-list', file: 'list.pkl', bytes: () => millionList(), expect: 'clean', technique: '1M-element list' },
  { name: 'protocol0-dict', file: 'config.pkl', bytes: () => enc.encode("(dp0\nS'lr'\np1\nF0.001\nsS'epochs'\np2\nI10\ns."), expect: 'clean', technique: 'protocol 0 dict of hyper-parameters' },
  { name: 'ordered-dict-strings', file: 'vocab.pkl', bytes: () => new PickleWriter().proto(3).global('collections', 'OrderedDict').tupleN(0).reduce().mark().str('hello').int(1).str('world').int(2).setitems().stop().toBytes(), expect: 'clean', technique: 'OrderedDict vocabulary' },
  { name: 'big-string-skipped', file: 'text.pkl', bytes: () => new PickleWriter().proto(4).frame(100).binunicode('x'.repeat(200_000)).stop().toBytes(), expect: 'clean', technique: 'long BINUNICODE skipped without buffering' },
  { name: 'protocol5-bytearray', file: 'p5.pkl', bytes: () => new PickleWriter().proto(5).raw([0x96, 16, 0, 0, 0, 0, 0, 0, 0]).raw(new Uint8Array(16)).stop().toBytes(), expect: 'clean', technique: 'protocol 5 BYTEARRAY8' },
  { name: 'keras-dense', file: 'model.keras', bytes: () => kerasBytes(kerasDenseConfig()), expect: 'clean', technique: 'Keras 3 Dense model' },
  { name: 'h5-dense', file: 'model.h5', bytes: () => h5Bytes({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 4, activation: 'relu' } }] }, keras_version: '2.15.0', backend: 'tensorflow' }), expect: 'clean', technique: 'legacy Keras .h5 with model_config' },
  { name: 'h5-weights-only', file: 'weights.h5', bytes: () => h5Bytes(undefined), expect: 'clean', technique: 'weights-only HDF5' },
  { name: 'gguf-llama3', file: 'llama.gguf', bytes: () => ggufBytes([['general.architecture', { t: 'str', v: 'llama' }], ['general.alignment', { t: 'u32', v: 32 }], ['tokenizer.ggml.tokens', { t: 'strs', v: ['<s>', '</s>', 'hello'] }], ['tokenizer.ggml.token_type', { t: 'i32s', v: [3, 3, 1] }], ['tokenizer.chat_template', { t: 'str', v: LLAMA3 }]], [{ name: 'tok_embd.weight', shape: [8, 3] }]), expect: 'clean', technique: 'GGUF with a Llama 3 chat template' },
  { name: 'gguf-chatml', file: 'qwen.gguf', bytes: () => ggufBytes([['general.architecture', { t: 'str', v: 'qwen2' }], ['tokenizer.chat_template', { t: 'str', v: CHATML }], ['general.file_type', { t: 'u32', v: 1 }]]), expect: 'clean', technique: 'GGUF with a ChatML template' },
  { name: 'gguf-no-template', file: 'base.gguf', bytes: () => ggufBytes([['general.architecture', { t: 'str', v: 'llama' }], ['llama.rope.freq_base', { t: 'f32', v: 10000 }]], [{ name: 'a', shape: [4] }, { name: 'b', shape: [2, 2] }]), expect: 'clean', technique: 'base GGUF' },
  { name: 'tokenizer-config-tools', file: 'tokenizer_config.json', bytes: () => enc.encode(JSON.stringify({ bos_token: '<s>', chat_template: [{ name: 'default', template: CHATML }, { name: 'tool_use', template: TOOLS }] })), expect: 'clean', technique: 'tokenizer_config.json with named templates' },
  { name: 'safetensors', file: 'model.safetensors', bytes: () => safetensorsBytes([{ name: 'w', shape: [4, 4] }, { name: 'b', shape: [4] }], { format: 'pt' }), expect: 'clean', technique: 'safetensors with metadata' },
  { name: 'safetensors-half', file: 'half.safetensors', bytes: () => safetensorsBytes([{ name: 'w', shape: [8, 8], dtype: 'F16' }, { name: 'x', shape: [3], dtype: 'BF16' }]), expect: 'clean', technique: 'safetensors F16/BF16' },
  { name: 'onnx-standard', file: 'model.onnx', bytes: () => onnxBytes({ nodes: [['Gemm', ''], ['Relu', ''], ['Softmax', '']], domains: [''] }), expect: 'clean', technique: 'ONNX standard ops' },
  { name: 'onnx-external-relative', file: 'big.onnx', bytes: () => onnxBytes({ initializers: [{ name: 'w', location: 'big.onnx.data' }, { name: 'w2', location: 'weights/part2.bin' }] }), expect: 'clean', technique: 'ONNX external data beside the model' },
  { name: 'onnx-ms-domain', file: 'ort.onnx', bytes: () => onnxBytes({ nodes: [['FusedMatMul', 'com.microsoft']], domains: ['', 'com.microsoft'] }), expect: 'clean', technique: 'onnxruntime contrib ops' },
  { name: 'savedmodel-normal', file: 'saved_model.pb', bytes: () => savedModelBytes(['Placeholder', 'MatMul', 'BiasAdd', 'Relu', 'SaveV2', 'RestoreV2'], ['StatefulPartitionedCall']), expect: 'clean', technique: 'ordinary SavedModel graph' },
  { name: 'tar-of-safetensors', file: 'export.tar', bytes: () => tarBytes([{ name: 'model/config.json', data: enc.encode('{}') }, { name: 'model/model.safetensors', data: safetensorsBytes([{ name: 'w', shape: [2] }]) }]), expect: 'clean', technique: 'tar of safetensors' },
];
