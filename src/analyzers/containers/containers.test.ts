import { describe, expect, it } from 'vitest';
import { assetId, INTERNET_ID } from '../../core/index.js';
import { fakeFile } from '../deps/fake-file.js';
import { containersAnalyzer, parsePort } from './index.js';

const ctx = { root: '/virtual', options: {} };
async function run(path: string, content: string) {
  const f = fakeFile(path, content);
  expect(containersAnalyzer.wants(f.path, f)).toBe(true);
  return containersAnalyzer.analyze(f, ctx);
}

const COMPOSE = `services:
  ollama:
    image: ollama/ollama:latest
    environment:
      - OLLAMA_HOST=0.0.0.0:11434
    ports:
      - "11434:11434"
  vllm:
    image: vllm/vllm-openai:v0.6.3
    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--lora-modules", "triage=s3://acme-models/triage", "--host", "0.0.0.0", "--api-key", "\${VLLM_API_KEY}"]
    ports:
      - "8000:8000"
  jupyter:
    image: quay.io/jupyter/scipy-notebook
    command: start-notebook.py --IdentityProvider.token=''
    ports:
      - target: 8888
        published: 8888
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.17.0
    command: mlflow server --host 0.0.0.0 --port 5000 --artifacts-destination s3://acme-mlflow/artifacts
    ports:
      - "127.0.0.1:5000:5000"
  bot:
    build: ../apps/support-bot
    environment:
      - OPENAI_API_KEY=\${OPENAI_API_KEY}
      - LOG_LEVEL=info
  db:
    image: postgres:16
`;

describe('containers: docker-compose', () => {
  it('finds AI servers with auth, exposure, models and image pinning', async () => {
    const out = await run('deploy/docker-compose.yml', COMPOSE);
    const by = Object.fromEntries(out.assets!.filter((a) => a.provider === 'docker-compose').map((a) => [a.name, a]));
    expect(Object.keys(by).sort()).toEqual(['bot', 'jupyter', 'mlflow', 'ollama', 'vllm']);
    expect(by.ollama!).toMatchObject({ kind: 'inference-endpoint', type: 'ollama', id: assetId('inference-endpoint', 'docker-compose', 'deploy/docker-compose.yml#ollama') });
    expect(by.ollama!.properties).toMatchObject({ requiresAuth: false, exposedPublicly: true, image: 'ollama/ollama:latest' });
    expect(by.ollama!.locations[0]).toMatchObject({ path: 'deploy/docker-compose.yml', line: 2 });
    expect(by.ollama!.properties.bindsAllInterfaces).toBe(true);
    expect(out.relations!.some((r) => r.from === by.ollama!.id && r.kind === 'calls')).toBe(false);
    expect(by.vllm!.properties).toMatchObject({ requiresAuth: true, model: 'meta-llama/Llama-3.1-8B-Instruct', bindsAllInterfaces: true, loraModules: ['triage'] });
    expect(out.observations).toContainEqual(expect.objectContaining({ type: 'uri-read', value: 's3://acme-models/triage', assetId: by.vllm!.id }));
    expect(by.jupyter!.kind).toBe('notebook');
    expect(by.jupyter!.properties).toMatchObject({ requiresAuth: false, exposedPublicly: true });
    expect(by.mlflow!.properties).toMatchObject({ requiresAuth: false, exposedPublicly: false });
    expect(out.observations).toContainEqual(expect.objectContaining({ type: 'uri-write', value: 's3://acme-mlflow/artifacts', assetId: by.mlflow!.id }));
    expect(by.bot!).toMatchObject({ kind: 'workload', type: 'container' });

    const exposed = out.relations!.filter((r) => r.kind === 'exposed-to').map((r) => r.to);
    expect(exposed.sort()).toEqual([by.jupyter!.id, by.ollama!.id].sort());
    expect(out.relations!.every((r) => r.kind !== 'exposed-to' || r.from === INTERNET_ID)).toBe(true);
    expect(out.assets!.some((a) => a.id === INTERNET_ID)).toBe(true);

    const model = out.assets!.find((a) => a.kind === 'ai-model')!;
    expect(model).toMatchObject({ name: 'meta-llama/Llama-3.1-8B-Instruct', provider: 'huggingface' });
    expect(out.relations).toContainEqual({ from: by.vllm!.id, to: model.id, kind: 'serves' });
    const api = out.assets!.find((a) => a.kind === 'external-ai-api')!;
    expect(api.id).toBe(assetId('external-ai-api', 'openai', 'api.openai.com'));
    expect(out.relations).toContainEqual(expect.objectContaining({ from: by.bot!.id, to: api.id, kind: 'calls' }));
    expect(out.relations).toContainEqual({ from: by.bot!.id, to: assetId('workload', 'docker', 'apps/support-bot/Dockerfile'), kind: 'depends-on' });

    const v = (name: string, rule: string) => out.findings!.find((f) => f.assetId === by[name]!.id && f.ruleId === rule);
    expect(v('ollama', 'inference_server_requires_auth')).toMatchObject({ status: 'fail', severity: 'high' });
    expect(v('jupyter', 'inference_server_requires_auth')).toMatchObject({ status: 'fail', severity: 'critical' });
    expect(v('mlflow', 'inference_server_requires_auth')).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(v('vllm', 'inference_server_requires_auth')!.status).toBe('pass');
    expect(v('ollama', 'container_image_tag_pinned')!.status).toBe('fail');
    expect(v('jupyter', 'container_image_tag_pinned')!.status).toBe('fail');
    expect(v('vllm', 'container_image_tag_pinned')!.status).toBe('pass');
  });

  it('resolves YAML merge keys (x- anchors) and network_mode: host', async () => {
    const yml = 'x-llm: &llm\n  image: ghcr.io/huggingface/text-generation-inference:2.4.0\n  environment:\n    MODEL_ID: mistralai/Mistral-7B-Instruct-v0.3\nservices:\n  tgi:\n    <<: *llm\n    network_mode: host\n';
    const out = await run('compose.yaml', yml);
    const tgi = out.assets!.find((a) => a.name === 'tgi')!;
    expect(tgi).toMatchObject({ kind: 'inference-endpoint', type: 'tgi' });
    expect(tgi.properties).toMatchObject({ model: 'mistralai/Mistral-7B-Instruct-v0.3', exposedPublicly: true, requiresAuth: false });
    expect(tgi.locations[0]!.line).toBe(6);
  });

  it('parses port syntaxes', () => {
    expect(parsePort('11434')).toEqual({ container: 11434 });
    expect(parsePort('8000:8000/tcp')).toEqual({ host: '8000', container: 8000 });
    expect(parsePort('127.0.0.1:5000:5000')).toEqual({ hostIp: '127.0.0.1', host: '5000', container: 5000 });
    expect(parsePort('[::1]:80:8080')).toEqual({ hostIp: '::1', host: '80', container: 8080 });
    expect(parsePort('${PORT:-8000}:8000')).toEqual({ host: '${PORT:-8000}', container: 8000 });
  });
});

describe('containers: Dockerfile', () => {
  it('reads a vLLM image with its model, EXPOSE, and masks secrets in the command', async () => {
    const key = ['tok', 'abcdefghijklmnopqrstuvwx'].join('-');
    const df = `# syntax=docker/dockerfile:1\nARG BASE=vllm/vllm-openai:latest\nFROM python:3.11-slim AS build\nRUN pip install --no-cache-dir torch==2.4.1 \\\n    transformers requests\nFROM \${BASE}\nENV HF_TOKEN=""\nEXPOSE 8000\nCMD ["--model", "Qwen/Qwen2.5-7B-Instruct", "--host", "0.0.0.0", "--hf-token", "${key}"]\n`;
    const out = await run('services/llm/Dockerfile', df);
    const w = out.assets!.find((a) => a.kind === 'workload')!;
    expect(w).toMatchObject({ type: 'dockerfile', id: assetId('workload', 'docker', 'services/llm/Dockerfile') });
    expect(w.properties).toMatchObject({ baseImage: 'vllm/vllm-openai:latest', product: 'vllm', model: 'Qwen/Qwen2.5-7B-Instruct', exposedPorts: [8000], requiresAuth: false, aiPackages: ['torch', 'transformers'] });
    expect(w.properties.image).toBeUndefined();
    expect(w.locations[0]!.line).toBe(6);
    expect(JSON.stringify(out)).not.toContain(key);
    expect(out.relations!.filter((r) => r.kind === 'depends-on')).toHaveLength(2);
    expect(out.assets!.find((a) => a.kind === 'external-ai-api')!.provider).toBe('huggingface');
    expect(out.findings!.find((f) => f.ruleId === 'inference_server_requires_auth')).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(out.relations!.some((r) => r.kind === 'exposed-to')).toBe(false);
  });

  it('detects servers started from generic images and ignores non-AI Dockerfiles', async () => {
    const j = await run('lab/Dockerfile.jupyter', 'FROM python:3.12\nRUN pip install jupyterlab\nCMD jupyter lab --ip=0.0.0.0 --NotebookApp.token=\'\'\n');
    expect(j.assets![0]!.properties).toMatchObject({ product: 'jupyter', requiresAuth: false });
    const plain = await run('web/Dockerfile', 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n');
    expect(plain.assets).toEqual([]);
  });
});

describe('containers: Helm values', () => {
  it('finds AI images with exposure and model', async () => {
    const values = `replicaCount: 1\nimage:\n  repository: ollama/ollama\n  tag: ""\nollama:\n  models:\n    pull:\n      - llama3.1:8b\nservice:\n  type: LoadBalancer\n  port: 11434\nembedder:\n  image:\n    repository: ghcr.io/huggingface/text-embeddings-inference\n    tag: cpu-1.5\n  args: ["--model-id", "BAAI/bge-small-en-v1.5"]\n`;
    const out = await run('deploy/helm/values.yaml', values);
    const eps = out.assets!.filter((a) => a.kind === 'inference-endpoint');
    expect(eps.map((e) => e.type).sort()).toEqual(['ollama', 'tei']);
    const ollama = eps.find((e) => e.type === 'ollama')!;
    expect(ollama.properties).toMatchObject({ exposedPublicly: true, requiresAuth: false, model: 'llama3.1:8b', image: 'ollama/ollama' });
    expect(ollama.locations[0]!.line).toBe(2);
    expect(out.relations!.some((r) => r.kind === 'exposed-to' && r.to === ollama.id)).toBe(true);
    const tei = eps.find((e) => e.type === 'tei')!;
    expect(tei.properties).toMatchObject({ exposedPublicly: false, model: 'BAAI/bge-small-en-v1.5' });
    expect(out.assets!.filter((a) => a.kind === 'ai-model').map((a) => a.provider).sort()).toEqual(['huggingface', 'ollama']);
  });
});

describe('containers: sad and empty', () => {
  it('reports broken YAML in one line and survives junk', async () => {
    const out = await run('docker-compose.yml', 'services:\n  a: [\n');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]).toMatchObject({ path: 'docker-compose.yml', reason: 'parse-error', source: 'containers' });
    const junk = await run('Dockerfile', '\u0000\u0001\u0002 garbage ]]]');
    expect(junk.assets ?? []).toEqual([]);
    expect(junk.issues ?? []).toEqual([]);
  });

  it('yields nothing for empty files', async () => {
    for (const p of ['Dockerfile', 'compose.yaml', 'values.yaml']) {
      const out = await run(p, '');
      expect(out.assets ?? []).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
    expect(containersAnalyzer.wants('k8s/deploy.yaml', fakeFile('k8s/deploy.yaml', ''))).toBe(false);
  });
});
