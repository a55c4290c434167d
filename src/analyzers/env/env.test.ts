import { describe, expect, it } from 'vitest';
import { assetId } from '../../core/index.js';
import { fakeFile } from '../deps/fake-file.js';
import { envAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
const chars = (n: number, seed = 5) => Array.from({ length: n }, (_, i) => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[(i * seed + 1) % 57]).join('');
const ANTHROPIC = ['sk', 'ant', 'api03', chars(48)].join('-');

async function run(path: string, content: string) {
  const f = fakeFile(path, content);
  expect(envAnalyzer.wants(f.path, f)).toBe(true);
  return envAnalyzer.analyze(f, ctx);
}

describe('env: .env files', () => {
  it('finds providers by variable name and endpoint host, never storing values', async () => {
    const out = await run(
      'apps/bot/.env.example',
      ['# copy to .env', 'OPENAI_API_KEY=', 'ANTHROPIC_API_KEY="${ANTHROPIC_API_KEY}"', 'AZURE_OPENAI_ENDPOINT=https://acme-prod.openai.azure.com/', 'AZURE_OPENAI_API_KEY=<your-key>', 'export HF_TOKEN=', 'DATABASE_URL=postgres://localhost/db', 'OLLAMA_HOST=http://localhost:11434'].join('\n'),
    );
    const byProvider = Object.fromEntries(out.assets!.map((a) => [a.provider, a]));
    expect(Object.keys(byProvider).sort()).toEqual(['anthropic', 'azure-openai', 'huggingface', 'ollama', 'openai']);
    expect(byProvider.openai!.id).toBe(assetId('external-ai-api', 'openai', 'api.openai.com'));
    expect(byProvider.openai!.properties).toMatchObject({ configuredBy: ['OPENAI_API_KEY'], hasValue: false, host: 'api.openai.com' });
    expect(byProvider.openai!.locations).toEqual([{ path: 'apps/bot/.env.example', line: 2 }]);
    expect(byProvider['azure-openai']!.id).toBe(assetId('external-ai-api', 'azure-openai', 'acme-prod.openai.azure.com'));
    expect(byProvider['azure-openai']!.properties.configuredBy).toEqual(['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY']);
    expect(byProvider.ollama!.properties.host).toBe('localhost:11434');
    const remote = await run('svc/.env', 'OLLAMA_BASE_URL=http://ollama:11434/v1\n');
    expect(remote.assets![0]!.id).toBe(assetId('external-ai-api', 'ollama', 'localhost:11434'));
    expect(remote.assets![0]!.properties.observedHost).toBe('ollama:11434');
    expect(out.findings!.every((f) => f.status === 'pass')).toBe(true);
    expect(out.observations!.map((o) => o.value)).toContain('HF_TOKEN');
  });

  it('flags a real-looking key in a .env with the value masked', async () => {
    const out = await run('services/api/.env', `ANTHROPIC_API_KEY=${ANTHROPIC}\nOPENAI_API_KEY=changeme\n`);
    const fail = out.findings!.filter((f) => f.status === 'fail');
    expect(fail).toHaveLength(1);
    expect(fail[0]).toMatchObject({ ruleId: 'env_file_ai_key_not_committed', severity: 'high', location: { path: 'services/api/.env', line: 1 } });
    expect(fail[0]!.message).toContain('sk-an');
    const dump = JSON.stringify(out);
    expect(dump).not.toContain(ANTHROPIC);
    expect(dump).not.toContain(ANTHROPIC.slice(10, 40));
    expect(out.assets!.find((a) => a.provider === 'anthropic')!.properties.hasValue).toBe(true);
    expect(out.assets!.find((a) => a.provider === 'openai')!.properties.hasValue).toBe(false);
  });
});

describe('env: .envrc and variants', () => {
  it('reads direnv exports and prod.env names', async () => {
    const out = await run('.envrc', 'export GROQ_API_KEY="$(pass show groq)"\nexport MISTRAL_API_KEY=\nuse nix\n');
    expect(out.assets!.map((a) => a.provider).sort()).toEqual(['groq', 'mistral']);
    expect(out.findings!.filter((f) => f.status === 'fail')).toEqual([]);
    expect(envAnalyzer.wants('deploy/prod.env', fakeFile('deploy/prod.env', ''))).toBe(true);
  });
});

describe('env: app configs', () => {
  it('reads YAML configs (litellm-style references and nested keys)', async () => {
    const yaml = 'model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: azure/gpt-4o\n      api_base: https://acme-eu.openai.azure.com\n      api_key: os.environ/AZURE_API_KEY\nllm:\n  anthropic:\n    api_key: ${ANTHROPIC_API_KEY}\n  groq:\n    apiKey: ""\n';
    const out = await run('deploy/litellm/config.yaml', yaml);
    const providers = out.assets!.map((a) => a.provider).sort();
    expect(providers).toEqual(['anthropic', 'azure-openai', 'groq']);
    const az = out.assets!.find((a) => a.provider === 'azure-openai')!;
    expect(az.properties.host).toBe('acme-eu.openai.azure.com');
    expect(az.locations[0]!.line).toBe(5);
    expect(out.assets!.find((a) => a.provider === 'anthropic')!.properties.configuredBy).toContain('ANTHROPIC_API_KEY');
  });

  it('reads Spring application.properties and appsettings.json', async () => {
    const props = await run('services/java-rag/src/main/resources/application.properties', 'spring.ai.openai.api-key=${OPENAI_API_KEY}\nspring.ai.openai.chat.options.model=gpt-4o-mini\n');
    expect(props.assets!.map((a) => a.provider)).toEqual(['openai']);
    const json = await run('appsettings.json', JSON.stringify({ OpenAI: { ApiKey: '' }, Logging: { LogLevel: 'Info' } }, null, 2));
    expect(json.assets!.map((a) => a.provider)).toEqual(['openai']);
  });
});

describe('env: sad and empty', () => {
  it('reports broken YAML/JSON configs in one line', async () => {
    const out = await run('config.yaml', 'a: [1, 2\nb: {');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]).toMatchObject({ path: 'config.yaml', reason: 'parse-error', source: 'env' });
  });

  it('yields nothing for empty or AI-free files and ignores other names', async () => {
    for (const p of ['.env', 'config.json', 'application.properties']) {
      const out = await run(p, p === 'config.json' ? '{"port": 8080}' : '');
      expect(out.assets).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
    for (const p of ['src/env.py', '.vscode/settings.json', '.continue/config.yaml', 'environment.yml']) expect(envAnalyzer.wants(p, fakeFile(p, ''))).toBe(false);
  });
});
