import { describe, expect, it } from 'vitest';
import { AI_PROVIDERS, apiHost, canonicalHost, providerById, providerForEnvVar, providerForHost, providerForName } from './ai-providers.js';

describe('ai-providers', () => {
  it('has unique ids and a canonical host each', () => {
    const ids = AI_PROVIDERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of AI_PROVIDERS) expect(canonicalHost(p)).not.toContain('*');
  });

  it('maps hosts, URLs and wildcard hosts to providers', () => {
    expect(providerForHost('api.openai.com')?.id).toBe('openai');
    expect(providerForHost('https://API.Anthropic.com/v1/messages')?.id).toBe('anthropic');
    expect(providerForHost('acme-prod.openai.azure.com')?.id).toBe('azure-openai');
    expect(providerForHost('http://localhost:11434/api/chat')?.id).toBe('ollama');
    expect(providerForHost('ollama:11434')?.id).toBe('ollama');
    expect(providerForHost('bedrock-runtime.us-east-1.amazonaws.com')?.id).toBe('aws-bedrock');
    expect(providerForHost('us-central1-aiplatform.googleapis.com')?.id).toBe('google');
    expect(providerForHost('example.com')).toBeUndefined();
    expect(providerForHost('')).toBeUndefined();
    expect(providerForHost('evilopenai.azure.com.attacker.net')).toBeUndefined();
  });

  it('maps env var names, exact and prefixed', () => {
    expect(providerForEnvVar('OPENAI_API_KEY')?.id).toBe('openai');
    expect(providerForEnvVar('azure_openai_endpoint')?.id).toBe('azure-openai');
    expect(providerForEnvVar('HF_TOKEN')?.id).toBe('huggingface');
    expect(providerForEnvVar('OPENAI_API_KEY_PROD')?.id).toBe('openai');
    expect(providerForEnvVar('MYAPP_ANTHROPIC_API_KEY')?.id).toBe('anthropic');
    expect(providerForEnvVar('DATABASE_URL')).toBeUndefined();
  });
});

describe('apiHost', () => {
  it('locates tenant-addressed providers at the resource host, the rest at the canonical host', () => {
    const az = providerById('azure-openai')!;
    expect(apiHost(az, 'https://Acme-East.openai.azure.com/openai/deployments')).toBe('acme-east.openai.azure.com');
    expect(apiHost(az, 'acme-east.openai.azure.com:443')).toBe('acme-east.openai.azure.com');
    expect(apiHost(az)).toBe('openai.azure.com');
    expect(apiHost(az, 'https://x.openai.azure.com.attacker.net')).toBe('openai.azure.com');
    expect(apiHost(az, '${res}.openai.azure.com')).toBe('openai.azure.com');
    expect(apiHost(providerById('ollama')!, 'ollama:11434')).toBe('localhost:11434');
    expect(apiHost(providerById('openai')!, 'https://api.openai.com/v1')).toBe('api.openai.com');
  });
});

describe('providerForName', () => {
  it('matches ids, names and aliases as whole words, longest id first', () => {
    expect(providerForName('azure-openai-key')?.id).toBe('azure-openai');
    expect(providerForName('OpenAI project API key')?.id).toBe('openai');
    expect(providerForName('hf_token')?.id).toBe('huggingface');
    expect(providerForName('claude')?.id).toBe('anthropic');
    expect(providerForName('notopenai')).toBeUndefined();
  });
});
