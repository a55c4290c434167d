import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../code/index.js';
import { cardModelId } from '../lineage/model-card.js';
import { hfModel } from '../lineage/refs.js';
import { emitWorkload } from '../containers/emit.js';
import { modelAssetId } from './model-id.js';

describe('modelAssetId', () => {
  it('ignores case and surrounding space of the model id', () => {
    expect(modelAssetId('huggingface', ' Meta-Llama/Llama-3.1-8B ')).toBe(modelAssetId('huggingface', 'meta-llama/llama-3.1-8b'));
    expect(modelAssetId('huggingface', 'a/b')).not.toBe(modelAssetId('openai', 'a/b'));
  });

  it('gives code, model cards and served-model configs one id for a mixed-case Hugging Face id', () => {
    const want = modelAssetId('huggingface', 'meta-llama/Llama-3.1-8B-Instruct');
    const code = analyzeSource({ text: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n', lang: 'python', path: 'train.py' });
    expect(code.assets?.filter((a) => a.kind === 'ai-model').map((a) => a.id)).toContain(want);
    expect(cardModelId('meta-llama/Llama-3.1-8B-Instruct')).toBe(want);
    expect(hfModel('meta-llama/Llama-3.1-8B-Instruct', 'README.md').id).toBe(want);
    expect(hfModel('meta-llama/Llama-3.1-8B-Instruct', 'README.md').name).toBe('meta-llama/Llama-3.1-8B-Instruct');
    const served = emitWorkload(VLLM).assets.filter((a) => a.kind === 'ai-model');
    expect(served.map((a) => a.id)).toEqual([want]);
    expect(served[0]!.name).toBe('meta-llama/Llama-3.1-8B-Instruct');
  });
});

const VLLM = {
  provider: 'docker-compose',
  locator: 'deploy/docker-compose.yml#vllm',
  name: 'vllm',
  location: { path: 'deploy/docker-compose.yml', line: 3 },
  image: 'vllm/vllm-openai:v0.6.3',
  args: ['--model', 'meta-llama/Llama-3.1-8B-Instruct'],
  env: new Map<string, string>(),
  ports: [],
  exposedPublicly: false,
};
