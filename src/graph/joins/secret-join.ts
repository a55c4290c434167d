import { AI_PROVIDERS, providerForName, type Asset, type Relation } from '../../core/index.js';
import { actorFor, joinRelation, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'credential-provider';
/** Kinds that are called, never the caller of an API: an observation on one is no `calls` evidence. */
const NOT_CALLERS = new Set(['external-ai-api', 'ai-service']);

/** Cloud credential words (an AWS access key, an Azure client secret) → the IaC provider of the services they open. */
const CLOUDS: readonly [RegExp, 'aws' | 'azure' | 'gcp'][] = [
  [/^(aws|amazon)$/, 'aws'],
  [/^(azure|microsoft)$/, 'azure'],
  [/^(gcp|google[-_ ]?cloud)$/, 'gcp'],
];

/** What a credential opens: an API provider of the shared catalogue, and/or a cloud's AI services. */
export interface CredentialScope {
  /** `external-ai-api` provider id (src/core/ai-providers.ts), e.g. `azure-openai`. */
  api?: string;
  /** Cloud whose `ai-service`s (and cloud-hosted APIs such as Bedrock) the credential reaches. */
  cloud?: 'aws' | 'azure' | 'gcp';
}

/** The scope of a loose credential name: a secret rule id, a vendor field or an env var name. */
export function scopeOf(s: string): CredentialScope | undefined {
  const p = providerForName(s);
  if (p) return { api: p.id, ...(p.cloud ? { cloud: p.cloud } : {}) };
  const first = s.trim().toLowerCase().split(/[^a-z0-9]+/)[0] ?? '';
  const whole = s.trim().toLowerCase();
  for (const [re, cloud] of CLOUDS) if (re.test(whole) || re.test(first)) return { cloud };
  return undefined;
}

function secretScope(s: Asset): CredentialScope | undefined {
  for (const k of ['provider', 'vendor', 'service', 'ruleId', 'detector', 'secretType', 'envVar', 'name']) {
    const v = s.properties[k];
    if (typeof v === 'string' && v && v !== 'local') {
      const scope = scopeOf(v);
      if (scope) return scope;
    }
  }
  for (const v of [s.type, s.provider !== 'local' ? s.provider : undefined, s.name]) {
    const scope = v ? scopeOf(v) : undefined;
    if (scope) return scope;
  }
  return undefined;
}

/**
 * Credentials and environment variables ↔ the AI providers they open. A leaked key (`secret`
 * asset) of a provider → `can-access` (level `invoke`) every `external-ai-api` and `ai-service`
 * of that provider in the estate: the path from a leaked key to what it can spend or read. An
 * `env` observation (`OPENAI_API_KEY` in a .env, a manifest, code) → the file's actor `calls` that
 * provider's API.
 */
export function secretJoin(input: JoinInput, index: JoinIndex): JoinOutput {
  const apis = new Map<string, Asset[]>();
  const services = new Map<string, Asset[]>();
  const push = (m: Map<string, Asset[]>, k: string, a: Asset) => (m.get(k) ?? m.set(k, []).get(k)!).push(a);
  for (const a of index.kind('external-ai-api')) push(apis, a.provider.toLowerCase(), a);
  for (const a of index.kind('ai-service')) push(services, a.provider.toLowerCase(), a);
  const targetsOf = (scope: CredentialScope): Asset[] => {
    // The provider's API, and any AI service catalogued under the provider itself (an OpenAI org).
    const out = new Set<Asset>(scope.api ? [...(apis.get(scope.api) ?? []), ...(services.get(scope.api) ?? [])] : []);
    if (scope.cloud) {
      for (const a of services.get(scope.cloud) ?? []) out.add(a);
      // A cloud credential also invokes that cloud's hosted model APIs (AWS keys → Bedrock).
      if (!scope.api) for (const p of AI_PROVIDERS) if (p.cloud === scope.cloud) for (const a of apis.get(p.id) ?? []) out.add(a);
    }
    return [...out];
  };
  const label = (scope: CredentialScope) => scope.api ?? scope.cloud!;
  const relations: Relation[] = [];
  for (const s of index.kind('secret')) {
    const scope = secretScope(s);
    if (!scope) continue;
    for (const t of targetsOf(scope)) if (t.id !== s.id) relations.push(joinRelation(s.id, t.id, 'can-access', JOIN, `a ${label(scope)} credential unlocks ${t.name}`, { level: 'invoke' }));
  }
  for (const o of input.observations) {
    if (o.type !== 'env' && o.type !== 'env-var') continue;
    const scope = scopeOf(o.value);
    const actor = scope && actorFor(o, index);
    // An env observation attached to the provider's own API (or service) asset names no caller:
    // that API does not call itself.
    if (!scope || !actor || NOT_CALLERS.has(actor.kind)) continue;
    for (const t of targetsOf(scope)) if (t.kind === 'external-ai-api' && t.id !== actor.id) relations.push(joinRelation(actor.id, t.id, 'calls', JOIN, `${o.value} is set for ${actor.name}${o.path ? ` in ${o.path}` : ''}`));
  }
  return { assets: [], relations };
}
