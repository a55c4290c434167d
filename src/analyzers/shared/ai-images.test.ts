import { describe, expect, it } from 'vitest';
import { isImagePinned, matchAiImage, parseImageRef } from './ai-images.js';

describe('ai-images', () => {
  it('matches AI images across registries, ignoring tags and digests', () => {
    expect(matchAiImage('vllm/vllm-openai:v0.6.3')?.product).toBe('vllm');
    expect(matchAiImage('docker.io/ollama/ollama')?.product).toBe('ollama');
    expect(matchAiImage('ghcr.io/huggingface/text-generation-inference:2.4')?.product).toBe('tgi');
    expect(matchAiImage('nvcr.io/nvidia/tritonserver:24.05-py3')?.product).toBe('triton');
    expect(matchAiImage('quay.io/jupyter/base-notebook:latest')?.kind).toBe('notebook');
    expect(matchAiImage('jupyter/scipy-notebook@sha256:abcd')?.product).toBe('jupyter');
    expect(matchAiImage('qdrant/qdrant:v1.12.0')?.kind).toBe('vector-store');
    expect(matchAiImage('ghcr.io/mlflow/mlflow:v2.17.0')?.product).toBe('mlflow');
    expect(matchAiImage('ghcr.io/open-webui/open-webui:main')?.product).toBe('open-webui');
    expect(matchAiImage('postgres:16')).toBeUndefined();
    expect(matchAiImage('nginx')).toBeUndefined();
    expect(matchAiImage('${IMAGE}')).toBeUndefined();
    expect(matchAiImage('')).toBeUndefined();
  });

  it('pulls the served model from args', () => {
    const vllm = matchAiImage('vllm/vllm-openai:latest')!;
    expect(vllm.servesModelFromArgs?.(['--model', 'meta-llama/Llama-3.1-8B-Instruct'])).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(vllm.servesModelFromArgs?.(['vllm', 'serve', 'Qwen/Qwen2.5-7B', '--port', '8000'])).toBe('Qwen/Qwen2.5-7B');
    expect(vllm.authFlag).toBe('--api-key');
    const tgi = matchAiImage('ghcr.io/huggingface/text-generation-inference:2.4')!;
    expect(tgi.servesModelFromArgs?.(['--model-id=mistralai/Mistral-7B-v0.1'])).toBe('mistralai/Mistral-7B-v0.1');
    expect(matchAiImage('ollama/ollama')?.authFlag).toBeUndefined();
  });

  it('parses refs and judges pinning', () => {
    expect(parseImageRef('localhost:5000/team/img:1.2@sha256:ff')).toEqual({ repository: 'localhost:5000/team/img', tag: '1.2', digest: 'sha256:ff' });
    expect(parseImageRef('localhost:5000/team/img')).toEqual({ repository: 'localhost:5000/team/img' });
    expect(isImagePinned('ollama/ollama')).toBe(false);
    expect(isImagePinned('ollama/ollama:latest')).toBe(false);
    expect(isImagePinned('ollama/ollama:0.3.14')).toBe(true);
    expect(isImagePinned('ollama/ollama@sha256:0123')).toBe(true);
  });
});

describe('matchAiCommand', () => {
  it('recognises AI servers started from generic images', async () => {
    const { matchAiCommand } = await import('./ai-images.js');
    expect(matchAiCommand(['vllm', 'serve', 'Qwen/Qwen2.5-7B-Instruct', '--host', '0.0.0.0'])?.product).toBe('vllm');
    expect(matchAiCommand(['python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'x/y'])?.product).toBe('vllm');
    expect(matchAiCommand(['jupyter', 'lab', '--ip=0.0.0.0'])?.product).toBe('jupyter');
    expect(matchAiCommand(['mlflow', 'server', '--host', '0.0.0.0'])?.product).toBe('mlflow');
    expect(matchAiCommand(['/bin/sh', '-c', 'ollama serve & sleep 5 && ollama pull llama3'])?.product).toBe('ollama');
    expect(matchAiCommand(['mlflow', 'run', '.'])).toBeUndefined();
    expect(matchAiCommand(['python', 'app.py'])).toBeUndefined();
    expect(matchAiCommand([])).toBeUndefined();
  });
});
