import type { Asset, Relation } from '../../core/index.js';
import { actorFor, joinRelation, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'credential-provider';
/** Kinds that are called, never the caller of an API: an observation on one is no `calls` evidence. */
const NOT_CALLERS = new Set(['external-ai-api', 'ai-service']);

/** Environment-variable and secret-rule prefixes → the AI provider they unlock. */
const PROVIDERS: readonly [RegExp, string][] = [
  [/azure[_-]?openai/i, 'azure'],
  [/openai/i, 'openai'],
  [/anthropic|claude/i, 'anthropic'],
  [/(hugging[_-]?face|^hf[_-])/i, 'huggingface'],
  [/cohere/i, 'cohere'],
  [/mistral/i, 'mistral'],
  [/groq/i, 'groq'],
  [/(gemini|google[_-]?ai|vertex)/i, 'google'],
  [/replicate/i, 'replicate'],
  [/together/i, 'together'],
  [/deepseek/i, 'deepseek'],
  [/perplexity|pplx/i, 'perplexity'],
  [/bedrock|^aws[_-]/i, 'aws'],
];

export function providerOf(s: string): string | undefined {
  for (const [re, p] of PROVIDERS) if (re.test(s)) return p;
  return undefined;
}

function secretProvider(s: Asset): string | undefined {
  for (const k of ['provider', 'vendor', 'service']) {
    const v = s.properties[k];
    if (typeof v === 'string' && v && v !== 'local') return providerOf(v) ?? v.toLowerCase();
  }
  for (const k of ['ruleId', 'detector', 'secretType', 'envVar', 'name']) {
    const v = s.properties[k];
    if (typeof v === 'string') {
      const p = providerOf(v);
      if (p) return p;
    }
  }
  return (s.type && providerOf(s.type)) ?? (s.provider !== 'local' ? s.provider : undefined) ?? providerOf(s.name);
}

/**
 * Credentials and environment variables ↔ the AI providers they open. A leaked key (`secret`
 * asset) of a provider → `can-access` (level `invoke`) every `external-ai-api` and `ai-service`
 * of that provider in the estate: the path from a leaked key to what it can spend or read. An
 * `env` observation (`OPENAI_API_KEY` in a .env, a manifest, code) → the file's actor `calls` that
 * provider's API.
 */
export function secretJoin(input: JoinInput, index: JoinIndex): JoinOutput {
  const targets = new Map<string, Asset[]>();
  for (const a of [...index.kind('external-ai-api'), ...index.kind('ai-service')]) {
    const p = a.provider.toLowerCase();
    (targets.get(p) ?? targets.set(p, []).get(p)!).push(a);
  }
  const relations: Relation[] = [];
  for (const s of index.kind('secret')) {
    const p = secretProvider(s);
    if (!p) continue;
    for (const t of targets.get(p) ?? []) relations.push(joinRelation(s.id, t.id, 'can-access', JOIN, `a ${p} credential unlocks ${t.name}`, { level: 'invoke' }));
  }
  for (const o of input.observations) {
    if (o.type !== 'env' && o.type !== 'env-var') continue;
    const p = providerOf(o.value);
    const actor = p && actorFor(o, index);
    // An env observation attached to the provider's own API (or service) asset names no caller:
    // that API does not call itself.
    if (!p || !actor || NOT_CALLERS.has(actor.kind)) continue;
    for (const t of targets.get(p) ?? []) if (t.kind === 'external-ai-api' && t.id !== actor.id) relations.push(joinRelation(actor.id, t.id, 'calls', JOIN, `${o.value} is set for ${actor.name}${o.path ? ` in ${o.path}` : ''}`));
  }
  return { assets: [], relations };
}
