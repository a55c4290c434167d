import type { Asset, JsonValue, Relation } from '../../core/index.js';
import { joinRelation, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'model-deployment';
const SERVING_KINDS = new Set(['inference-endpoint', 'workload', 'ai-service', 'agent']);

/** `models/Meta-Llama-3.1-8B:latest` → `meta-llama-3.1-8b`: the comparable part of a model id. */
export function normaliseModelName(s: string): string {
  return s.trim().toLowerCase().replace(/^(models?|hf|huggingface)[:/]/, '').replace(/[:@](latest|main)$/, '').replace(/\s+/g, '');
}

function modelStrings(a: Asset): string[] {
  const out: string[] = [];
  const take = (k: string, v: JsonValue | undefined) => {
    if (!/model/i.test(k) || /(?:file|path|url|uri|format|type|provider)s?$/i.test(k)) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  };
  for (const [k, v] of Object.entries(a.properties)) take(k, v);
  const res = a.properties.resource;
  if (res && typeof res === 'object' && !Array.isArray(res)) {
    const attrs = (res as Record<string, JsonValue>).attributes;
    if (attrs && typeof attrs === 'object' && !Array.isArray(attrs)) for (const [k, v] of Object.entries(attrs)) take(k, v);
  }
  return out;
}

/**
 * Model ids in code ↔ what deploys them: an endpoint, server, service or agent whose
 * configuration names a model (`model`, `modelId`, `model_name`, a SageMaker `model_name`, a
 * vLLM `--model`) that some `ai-model` asset also is → `serves` (endpoint → model), or
 * `uses-model` when the consumer is an agent. Matching is on the normalised id, or on the last
 * path segment when one side is a hub id (`org/name`) and the other a bare name.
 */
export function modelJoin(input: JoinInput, index: JoinIndex): JoinOutput {
  const byName = new Map<string, Asset[]>();
  const add = (k: string, m: Asset) => (byName.get(k) ?? byName.set(k, []).get(k)!).push(m);
  for (const m of index.kind('ai-model')) {
    const n = normaliseModelName(m.name);
    add(n, m);
    if (n.includes('/')) add(n.split('/').pop()!, m);
  }
  const relations: Relation[] = [];
  if (!byName.size) return { assets: [], relations: [] };
  const existing = new Set<string>();
  for (const r of input.relations) if (r.kind === 'serves' || r.kind === 'uses-model') existing.add(`${r.from}|${r.to}`);
  for (const a of input.assets.values()) {
    if (!SERVING_KINDS.has(a.kind)) continue;
    for (const raw of modelStrings(a)) {
      const n = normaliseModelName(raw);
      const hits = byName.get(n) ?? (n.includes('/') ? byName.get(n.split('/').pop()!) : undefined) ?? [];
      for (const m of hits) {
        if (m.id === a.id || existing.has(`${a.id}|${m.id}`)) continue;
        existing.add(`${a.id}|${m.id}`);
        relations.push(joinRelation(a.id, m.id, a.kind === 'agent' ? 'uses-model' : 'serves', JOIN, `${a.name} is configured with model "${raw}"`));
      }
    }
  }
  return { assets: [], relations };
}
