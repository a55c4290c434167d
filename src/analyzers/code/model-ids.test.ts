import { describe, expect, it } from 'vitest';
import { classifyModelId, looksLikeHubId, modelFromConstant } from './model-ids.js';

describe('classifyModelId', () => {
  it.each([
    ['gpt-4o', 'openai'],
    ['gpt-4o-mini-2024-07-18', 'openai'],
    ['o3-mini', 'openai'],
    ['o1', 'openai'],
    ['chatgpt-4o-latest', 'openai'],
    ['text-embedding-3-small', 'openai'],
    ['claude-3-5-sonnet-20241022', 'anthropic'],
    ['claude-sonnet-4@20250514', 'anthropic'],
    ['gemini-1.5-pro', 'google'],
    ['models/gemini-2.0-flash', 'google'],
    ['mistral-large-latest', 'mistral'],
    ['codestral-2405', 'mistral'],
    ['llama3.1:8b', 'meta'],
    ['command-r-plus', 'cohere'],
    ['command-r7b-12-2024', 'cohere'],
    ['command-a-03-2025', 'cohere'],
    ['claude-opus-4-1', 'anthropic'],
    ['gemini-pro', 'google'],
    ['amazon.titan-embed-text-v2:0', 'amazon'],
    ['deepseek-chat', 'deepseek'],
    ['qwen2.5:7b', 'alibaba'],
    ['grok-2-latest', 'xai'],
    ['phi-3-mini', 'microsoft'],
    ['anthropic.claude-3-haiku-20240307-v1:0', 'anthropic'],
    ['us.meta.llama3-2-90b-instruct-v1:0', 'meta'],
    ['openai/gpt-4o', 'openai'],
    ['meta-llama/Llama-3.1-8B', 'huggingface'],
  ])('%s → %s', (id, provider) => {
    expect(classifyModelId(id)?.provider).toBe(provider);
  });

  it('rejects prose, paths, mime types and near-misses', () => {
    for (const s of ['we use gpt-4o', 'application/json', 'data/train.csv', 'o5', 'gpt', 'claude', 'commander', 'ollama', 'command-add', 'claude-desktop', 'claude-code', 'gemini-cli', 'titan-cluster', '', 'text/plain', 'acme/acme-triage-llm']) {
      expect(classifyModelId(s)).toBeUndefined();
    }
  });

  it('accepts any org/name in a hub-loader context, but not paths', () => {
    expect(classifyModelId('acme/acme-triage-llm', true)).toMatchObject({ provider: 'huggingface', hub: true });
    expect(looksLikeHubId('./models/x')).toBe(false);
    expect(looksLikeHubId('models/config.json')).toBe(false);
    expect(looksLikeHubId('checkpoints/best')).toBe(false);
  });
});

describe('modelFromConstant', () => {
  it.each([
    ['GPT4oMini', 'gpt-4o-mini'],
    ['GPT3Dot5Turbo', 'gpt-3.5-turbo'],
    ['ChatModelGPT4o', 'gpt-4o'],
    ['GPT_4O_MINI', 'gpt-4o-mini'],
    ['ModelClaude3_5SonnetLatest', 'claude-3-5-sonnet-latest'],
    ['ModelClaudeSonnet4_0', 'claude-sonnet-4-0'],
    ['CLAUDE_3_5_HAIKU_LATEST', 'claude-3-5-haiku-latest'],
  ])('%s → %s', (name, id) => {
    expect(modelFromConstant(name)?.id).toBe(id);
  });

  it('ignores identifiers that are not model constants', () => {
    for (const n of ['GPTClient', 'ClaudeService', 'Model', 'GPT', 'ModelName']) expect(modelFromConstant(n)).toBeUndefined();
  });
});

// Precision sweep on Debian's dist-packages, CPython and node_modules: these literals matched a
// model family or a known hub org, but name something else.
describe('look-alikes of model ids', () => {
  it('rejects numpy dtype codes, math names and GitHub repositories of hub orgs', () => {
    for (const s of ['O3', 'O1', 'O4', 'phi1', 'phi2', 'Microsoft/TypeScript', 'facebook/react', 'google/guava', 'openai/openai-python']) {
      expect(classifyModelId(s), s).toBeUndefined();
    }
  });

  it('keeps the real ids next to them', () => {
    for (const [s, provider] of [['o3', 'openai'], ['o1-mini', 'openai'], ['phi3', 'microsoft'], ['phi-2', 'microsoft'], ['phi4-mini', 'microsoft'], ['microsoft/phi-2', 'huggingface'], ['google/flan-t5-base', 'huggingface'], ['facebook/bart-large-cnn', 'huggingface'], ['microsoft/DialoGPT-medium', 'huggingface'], ['openai/whisper-large-v3', 'huggingface'], ['BAAI/bge-small-en', 'huggingface']] as const) {
      expect(classifyModelId(s)?.provider, s).toBe(provider);
    }
  });

  it('still takes any org/name as a model inside a loader call', () => {
    expect(classifyModelId('facebook/react', true)).toMatchObject({ provider: 'huggingface', hub: true });
  });
});

// transformers 5.x: class names listed in `__all__` and `_no_split_modules`, and `model_type` keys.
describe('identifiers shaped like model families', () => {
  it('rejects CamelCase and snake_case identifiers and key prefixes', () => {
    for (const s of ['Qwen2Model', 'Phi3Config', 'Gemma3Processor', 'Llama4', 'CodeLlamaTokenizerFast', 'llama4_text', 'phi4_multimodal_vision', 'qwen2_5_vl', 'gpt-oss.rope.scaling.']) {
      expect(classifyModelId(s), s).toBeUndefined();
    }
  });

  it('keeps lower-case tags and punctuated ids', () => {
    for (const s of ['llama3', 'qwen2', 'phi3', 'gemma2', 'qwen2.5:7b', 'Qwen2.5-7B-Instruct', 'Llama-3.1-8B', 'gpt-oss-20b']) expect(classifyModelId(s), s).toBeDefined();
  });
});
