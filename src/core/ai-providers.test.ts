import { describe, expect, it } from 'vitest';
import { AI_PROVIDERS, canonicalHost, providerForEnvVar, providerForHost } from './ai-providers.js';

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
