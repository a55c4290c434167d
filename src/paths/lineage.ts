import type { Asset, JsonValue, Properties } from '../core/index.js';
import { entitiesOf, maxSensitivity, sensitivityOf, type AssetGraph, type Sensitivity } from '../graph/index.js';

/** Bound on how far back training inputs are followed (a dataset made by a job from a dataset …). */
const MAX_LINEAGE_DEPTH = 8;
const MAX_ITEMS = 200;
const PRODUCERS = new Set(['training-job', 'notebook']);

interface Ref {
  id: string;
  name: string;
  kind: string;
}

function ref(a: Asset): Ref {
  return { id: a.id, name: a.name, kind: a.kind };
}

/** Who can change a dataset: identities with write/admin on it or its storage, and assets that write it. */
function writersOf(graph: AssetGraph, ds: Asset): Properties[] {
  const places = [ds.id, ...graph.out(ds.id, 'stored-in').map((r) => r.to), ...graph.in(ds.id, 'contains').map((r) => r.from)];
  const out = new Map<string, Properties>();
  for (const p of places) {
    for (const r of graph.in(p, 'can-access')) {
      const lvl = String(r.properties?.level ?? '');
      if (lvl !== 'write' && lvl !== 'admin') continue;
      const who = graph.asset(r.from);
      if (who) out.set(who.id, { ...ref(who), level: lvl, via: p === ds.id ? 'dataset' : graph.asset(p)?.name ?? p });
    }
    for (const r of graph.in(p, 'writes')) {
      const who = graph.asset(r.from);
      if (who) out.set(who.id, { ...ref(who), level: 'write', via: p === ds.id ? 'dataset' : graph.asset(p)?.name ?? p });
    }
    if (p !== ds.id) {
      const place = graph.asset(p);
      if (place && (place.properties.publicWrite === true || place.properties.publicAccess === 'write')) out.set('public', { id: 'public', name: 'anyone (public write)', kind: 'principal', level: 'write', via: place.name });
    }
  }
  return [...out.values()].slice(0, MAX_ITEMS);
}

/** Datasets a model was trained on, transitively through training jobs and derived datasets. */
function trainingData(graph: AssetGraph, model: Asset): { ds: Asset; depth: number }[] {
  const found = new Map<string, { ds: Asset; depth: number }>();
  const seen = new Set<string>([model.id]);
  let frontier = [model.id];
  for (let depth = 1; depth <= MAX_LINEAGE_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      const a = graph.asset(id);
      if (!a) continue;
      const targets = [
        ...graph.out(id, 'trained-on').map((r) => r.to),
        ...graph.out(id, 'produced-by').map((r) => r.to),
        ...graph.out(id, 'stored-in').map((r) => r.to).filter((t) => graph.asset(t)?.kind === 'model-file'),
        // What a producer read is what the model learnt from (a training job, a notebook, a training script).
        ...(a.kind === 'training-job' || a.kind === 'notebook' || a.kind === 'workload' ? graph.out(id, 'reads').map((r) => r.to) : []),
        // A dataset's own inputs: the job that wrote it, and the same data under another name
        // (a lineage record of s3://…/x.jsonl contains the scanned x.jsonl, and vice versa).
        ...(a.kind === 'dataset'
          ? [
              ...graph.out(id, 'contains').map((r) => r.to),
              ...graph.in(id, 'contains').filter((r) => graph.asset(r.from)?.kind === 'dataset').map((r) => r.from),
              ...graph.in(id, 'writes').filter((r) => PRODUCERS.has(graph.asset(r.from)?.kind ?? '')).map((r) => r.from),
            ]
          : []),
      ];
      for (const t of targets) {
        if (seen.has(t)) continue;
        seen.add(t);
        const ta = graph.asset(t);
        if (!ta) continue;
        if (ta.kind === 'dataset' && !found.has(t)) found.set(t, { ds: ta, depth });
        if (ta.kind !== 'storage') next.push(t);
      }
    }
    frontier = next;
  }
  return [...found.values()].slice(0, MAX_ITEMS);
}

/**
 * The lineage of every model (`ai-model`, and `model-file`s no model record claims): the datasets
 * it was trained on, transitively, with their sensitivity and entity counts; who can write those
 * datasets (poisoning exposure); where the model is stored; what serves it; and who can invoke it
 * (the internet when a serving endpoint is exposed, identities with access, agents and apps that
 * use it). One JSON object per model, the `lineage` array of the report.
 */
export function buildLineage(graph: AssetGraph): Properties[] {
  const out: Properties[] = [];
  const claimedFiles = new Set<string>();
  for (const m of graph.assets('ai-model')) for (const r of graph.out(m.id, 'stored-in')) claimedFiles.add(r.to);
  // Model files count on their own only when something connects them (a job made them, a server
  // serves them); a bare `torch.load(path)` seen in code is inventory, not lineage.
  const connected = (id: string) => graph.out(id, 'produced-by').length + graph.out(id, 'trained-on').length + graph.in(id, 'serves').length > 0;
  const writersMemo = new Map<string, Properties[]>();
  // Many models share datasets: describe each dataset once (its writers, storage, sensitivity).
  const entryCached = (ds: Asset): Properties => {
    const hit = writersMemo.get(ds.id);
    if (hit) return hit[0]!;
    const storedIn = graph.out(ds.id, 'stored-in').map((r) => graph.asset(r.to)).filter((x): x is Asset => Boolean(x)).map(ref);
    const e: Properties = { ...ref(ds), sensitivity: sensitivityOf(ds) ?? null, entities: entitiesOf(ds), storedIn: storedIn as unknown as JsonValue, writers: writersOf(graph, ds) as unknown as JsonValue };
    writersMemo.set(ds.id, [e]);
    return e;
  };
  const models = [...graph.assets('ai-model'), ...graph.assets('model-file').filter((f) => !claimedFiles.has(f.id) && connected(f.id))];
  for (const m of models) {
    const data = trainingData(graph, m);
    let sensitivity: Sensitivity | undefined;
    const datasets = data.map(({ ds, depth }) => {
      const entry = entryCached(ds);
      sensitivity = maxSensitivity(sensitivity, (entry.sensitivity ?? undefined) as Sensitivity | undefined);
      return { ...entry, depth } as unknown as JsonValue;
    });
    const storedIn = graph.out(m.id, 'stored-in').map((r) => graph.asset(r.to)).filter((x): x is Asset => Boolean(x)).map(ref);
    const servers = [...graph.in(m.id, 'serves'), ...storedIn.flatMap((s) => graph.in(s.id, 'serves'))].map((r) => graph.asset(r.from)).filter((x): x is Asset => Boolean(x));
    const servedBy = [...new Map(servers.map((s) => [s.id, s])).values()];
    const invokers = new Map<string, Properties>();
    for (const s of servedBy) {
      if (graph.in(s.id, 'exposed-to').some((r) => r.from === 'internet')) invokers.set('internet', { id: 'internet', name: 'the internet', kind: 'internet', via: s.name });
      for (const r of graph.in(s.id, 'can-access')) {
        const who = graph.asset(r.from);
        if (who) invokers.set(who.id, { ...ref(who), via: s.name, level: String(r.properties?.level ?? '') });
      }
      for (const r of graph.in(s.id, 'calls')) {
        const who = graph.asset(r.from);
        if (who) invokers.set(who.id, { ...ref(who), via: s.name });
      }
    }
    for (const r of graph.in(m.id, 'uses-model')) {
      const who = graph.asset(r.from);
      if (who) invokers.set(who.id, { ...ref(who), via: 'uses-model' });
    }
    // Fine-tuned from: a model that depends on another model inherits its supply chain.
    const baseModels = graph.out(m.id, 'depends-on').map((r) => graph.asset(r.to)).filter((x): x is Asset => x?.kind === 'ai-model').map(ref);
    const poisoners = new Set<string>();
    for (const d of datasets as unknown as { writers: { id: string }[] }[]) for (const w of d.writers) poisoners.add(w.id);
    out.push({
      modelId: m.id,
      model: m.name,
      kind: m.kind,
      provider: m.provider,
      trainedOn: datasets,
      baseModels: baseModels as unknown as JsonValue,
      sensitivity: sensitivity ?? null,
      sensitiveData: datasets.length > 0 && (sensitivity === 'confidential' || sensitivity === 'restricted'),
      poisoningExposure: poisoners.size,
      storedIn: storedIn as unknown as JsonValue,
      servedBy: servedBy.map(ref) as unknown as JsonValue,
      invokers: [...invokers.values()] as unknown as JsonValue,
    });
  }
  return out.sort((a, b) => String(a.model).localeCompare(String(b.model)) || String(a.modelId).localeCompare(String(b.modelId)));
}

/** Ids of models whose lineage includes confidential or restricted data. */
export function modelsTrainedOnSensitiveData(lineage: readonly Properties[]): Set<string> {
  return new Set(lineage.filter((l) => l.sensitiveData === true).map((l) => String(l.modelId)));
}
