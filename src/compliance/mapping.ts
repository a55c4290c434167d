import type { Category, Finding, FrameworkMap } from '../core/index.js';
import crosswalk from './crosswalk.json' with { type: 'json' };
import { frameworks, resolveControlId, resolveFrameworkId } from './catalogue.js';

type Cross = Record<string, Record<string, string[] | string>>;
const byOwasp = crosswalk['owasp-llm-2025'] as Cross;
const byCategory = crosswalk.category as Cross;

/** Canonical framework id → canonical control ids; unknown ids are dropped (the mapping test catches them). */
export function normaliseFrameworkMap(map: FrameworkMap | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [fwRaw, ids] of Object.entries(map ?? {})) {
    const fw = resolveFrameworkId(fwRaw);
    if (!fw || !Array.isArray(ids)) continue;
    for (const raw of ids) {
      const id = typeof raw === 'string' ? resolveControlId(fw, raw) : undefined;
      if (id) (out.get(fw) ?? out.set(fw, new Set()).get(fw)!).add(id);
    }
  }
  return out;
}

function add(out: Map<string, Set<string>>, fw: string, ids: readonly string[]) {
  for (const raw of ids) {
    const id = resolveControlId(fw, raw);
    if (id) (out.get(fw) ?? out.set(fw, new Set()).get(fw)!).add(id);
  }
}

const cache = new Map<string, Map<string, Set<string>>>();

/**
 * The controls a finding bears on, in every shipped framework. A rule's own mapping wins for the
 * frameworks it names; for the others, its OWASP LLM ids are carried across by the crosswalk
 * (CoSAI-derived for ATLAS and the NIST AI RMF, aispm judgement for the rest), and where that
 * says nothing the finding's category supplies a default. Rules sharing a mapping share the result.
 */
export function effectiveControls(f: Pick<Finding, 'frameworks' | 'category'>): Map<string, Set<string>> {
  const key = `${f.category}|${JSON.stringify(f.frameworks ?? {})}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const own = normaliseFrameworkMap(f.frameworks);
  const out = new Map<string, Set<string>>();
  for (const [fw, ids] of own) out.set(fw, new Set(ids));
  const owasp = [...(own.get('owasp-llm-2025') ?? [])];
  const cat = byCategory[f.category as Category] ?? {};
  if (!own.has('owasp-llm-2025') && Array.isArray(cat['owasp-llm-2025'])) {
    add(out, 'owasp-llm-2025', cat['owasp-llm-2025']);
    owasp.push(...(out.get('owasp-llm-2025') ?? []));
  }
  for (const fw of frameworks) {
    if (own.has(fw.id) || fw.id === 'owasp-llm-2025') continue;
    let found = false;
    for (const o of owasp) {
      const ids = byOwasp[o]?.[fw.id];
      if (Array.isArray(ids) && ids.length) {
        add(out, fw.id, ids);
        found = true;
      }
    }
    const def = cat[fw.id];
    if (!found && Array.isArray(def)) add(out, fw.id, def);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, out);
  return out;
}
