import { describe, expect, it } from 'vitest';
import { assetId, type Asset } from '../../core/index.js';
import { buildGraph } from '../build.js';
import { mergeRelations } from '../merge.js';
import { scopeOf } from './secret-join.js';
import { asset } from '../testing/synthetic-estate.js';

const openai = (): Asset => asset('external-ai-api', assetId('external-ai-api', 'openai', 'api.openai.com'), 'api.openai.com', 'openai', { configuredBy: ['OPENAI_API_KEY'] }, 'api', '.env');

describe('secret join', () => {
  it('never makes an API call itself when the env observation is attached to the API asset', () => {
    const api = openai();
    const g = buildGraph([api], [], [{ type: 'env', value: 'OPENAI_API_KEY', assetId: api.id, path: '.env' }]);
    expect(g.relations.filter((r) => r.from === r.to)).toEqual([]);
    expect(g.graph.out(api.id, 'calls')).toEqual([]);
  });

  it('falls back to no edge, not a loop, and still links a real actor in the same file', () => {
    const api = openai();
    const bot = asset('workload', assetId('workload', 'local', 'dockerfile:.env'), 'bot', 'local', {}, 'dockerfile', '.env');
    const g = buildGraph([api, bot], [], [{ type: 'env', value: 'OPENAI_API_KEY', path: '.env' }]);
    expect(g.graph.out(bot.id, 'calls').map((r) => r.to)).toEqual([api.id]);
    expect(g.relations.some((r) => r.from === r.to)).toBe(false);
  });
});

describe('mergeRelations', () => {
  it('drops self-loops from any source', () => {
    const known = new Set(['a', 'b']);
    const out = mergeRelations([{ from: 'a', to: 'a', kind: 'calls' }, { from: 'a', to: 'b', kind: 'calls' }, { from: 'b', to: 'b', kind: 'contains' }], known);
    expect(out).toEqual([{ from: 'a', to: 'b', kind: 'calls' }]);
  });
});

describe('credential scope (shared provider ids)', () => {
  it('maps Azure OpenAI credentials to the azure-openai provider id the external-ai-api assets use', () => {
    expect(scopeOf('AZURE_OPENAI_API_KEY')).toEqual({ api: 'azure-openai', cloud: 'azure' });
    expect(scopeOf('azure-openai-key')).toEqual({ api: 'azure-openai', cloud: 'azure' });
    expect(scopeOf('openai-project-key')).toEqual({ api: 'openai' });
    expect(scopeOf('hf-token')).toEqual({ api: 'huggingface' });
    expect(scopeOf('aws')).toEqual({ cloud: 'aws' });
    expect(scopeOf('aws-access-key-id')).toEqual({ cloud: 'aws' });
    expect(scopeOf('github')).toBeUndefined();
    expect(scopeOf('myopenaiproxy')).toBeUndefined();
  });

  it('links an Azure OpenAI key to the Azure OpenAI API and the Azure AI service, never to api.openai.com', () => {
    const az = asset('external-ai-api', assetId('external-ai-api', 'azure-openai', 'acme.openai.azure.com'), 'acme.openai.azure.com', 'azure-openai');
    const oa = openai();
    const svc = asset('ai-service', assetId('ai-service', 'azure', 'acct'), 'acme-openai', 'azure', {}, 'azurerm_cognitive_account');
    const key = asset('secret', assetId('secret', 'local', 'k'), 'Azure OpenAI key', 'azure-openai', { ruleId: 'azure-openai-key' }, undefined, '.env');
    const g = buildGraph([az, oa, svc, key], [], []);
    expect(g.graph.out(key.id, 'can-access').map((r) => r.to).sort()).toEqual([az.id, svc.id].sort());
  });

  it('lets an AWS key reach the AWS AI services and the Bedrock API', () => {
    const br = asset('external-ai-api', assetId('external-ai-api', 'aws-bedrock', 'bedrock-runtime.amazonaws.com'), 'bedrock-runtime.amazonaws.com', 'aws-bedrock');
    const svc = asset('ai-service', assetId('ai-service', 'aws', 'p'), 'AWS AI platform', 'aws', {}, 'aws_bedrock_platform');
    const key = asset('secret', assetId('secret', 'local', 'a'), 'AWS access key id', 'aws', { provider: 'aws', ruleId: 'aws-access-key-id' });
    const g = buildGraph([br, svc, key, openai()], [], []);
    expect(g.graph.out(key.id, 'can-access').map((r) => r.to).sort()).toEqual([br.id, svc.id].sort());
  });
});
