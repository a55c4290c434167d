import { describe, expect, it } from 'vitest';
import { assetId, type Asset } from '../../core/index.js';
import { buildGraph } from '../build.js';
import { mergeRelations } from '../merge.js';
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
