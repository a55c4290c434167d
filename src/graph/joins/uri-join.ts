import { assetId, parseCloudUri, type Asset, type CloudUri, type JsonValue, type Relation } from '../../core/index.js';
import { actorFor, joinRelation, stringProps, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'uri-storage';

function baseName(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return squash(parts[parts.length - 1] ?? '');
}

/** Case, `-`, `_` and spaces do not tell two copies of a file apart (`triage_notes.jsonl` ≈ `Triage-Notes.jsonl`). */
function squash(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, '');
}

/**
 * The names a local copy of an object is likely to have: the object's own name, and its last
 * prefix folded into the name (`triage/notes.jsonl` is often saved as `triage-notes.jsonl`).
 */
function objectNames(key: string): string[] {
  const parts = key.split('/').filter(Boolean);
  const last = parts[parts.length - 1];
  if (!last) return [];
  const out = [squash(last)];
  if (parts.length > 1) out.push(squash(`${parts[parts.length - 2]}${last}`));
  return out;
}

const ARTIFACT_KEY = /(model_data|artifact|model_ur[il]|model_path|weights)/i;

/** Cloud URIs under artifact-like keys of an IaC resource's attributes (nested blocks too, bounded). */
function artifactUris(resource: JsonValue | undefined): string[] {
  const out: string[] = [];
  const attrs = resource && typeof resource === 'object' && !Array.isArray(resource) ? (resource as Record<string, JsonValue>).attributes : undefined;
  const walk = (v: JsonValue | undefined, key: string, depth: number) => {
    if (depth > 4 || out.length > 20 || v === undefined || v === null) return;
    if (typeof v === 'string') {
      if (ARTIFACT_KEY.test(key)) out.push(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  walk(attrs, '', 0);
  return out;
}

/** `script:<path>` workload stub for a file that reads cloud data but declared no asset of its own. */
function scriptStub(path: string): Asset {
  return { id: assetId('workload', 'local', `script:${path}`), kind: 'workload', name: path, provider: 'local', type: 'script', locations: [{ path }], properties: { stub: true } };
}

/**
 * Cloud URIs read or written in code and notebooks ↔ the buckets IaC declares ↔ datasets.
 * Each `uri-read` / `uri-write` observation becomes `reads` / `writes` edges from the asset that
 * did it (the notebook, training job, agent — or a script stub) to the bucket, and to the dataset
 * it names: a scanned local dataset file with the same object name (its content is what the
 * bucket holds: that file gets `stored-in` the bucket), else a dataset stub for the URI. A bucket
 * no IaC declares becomes a storage stub with the provider taken from the URI scheme.
 */
export function uriJoin(input: JoinInput, index: JoinIndex): JoinOutput {
  const assets = new Map<string, Asset>();
  const relations: Relation[] = [];
  const localDatasets = new Map<string, Asset[]>();
  for (const d of index.kind('dataset')) {
    if (d.provider !== 'local') continue;
    for (const l of d.locations) if (l.path) (localDatasets.get(baseName(l.path)) ?? localDatasets.set(baseName(l.path), []).get(baseName(l.path))!).push(d);
  }
  const known = (id: string) => input.assets.get(id) ?? assets.get(id);

  const storageFor = (u: CloudUri, evidence: string, where: Asset['locations'][number]): string => {
    const id = assetId('storage', u.provider, u.storageLocator);
    if (known(id)) return id;
    if (u.provider === 'azure') {
      const account = assetId('storage', 'azure', u.storageLocator.replace(/\/[^/]+$/, ''));
      if (known(account)) relations.push(joinRelation(account, id, 'contains', JOIN, `container of ${u.storageLocator.replace(/\/[^/]+$/, '')}`));
    }
    assets.set(id, {
      id, kind: 'storage', name: u.bucket, provider: u.provider, type: u.provider === 'aws' ? 's3-bucket' : u.provider === 'gcp' ? 'gcs-bucket' : 'blob-container',
      locations: [where], properties: { uri: u.storageLocator, stub: true, joinedBy: JOIN, evidence },
    });
    return id;
  };

  const written: { actorId: string; uri: string }[] = [];
  const link = (actorId: string, raw: string, mode: 'reads' | 'writes', where: Asset['locations'][number]) => {
    const u = parseCloudUri(raw);
    if (!u) return;
    if (mode === 'writes') written.push({ actorId, uri: u.canonical });
    const evidence = `${mode === 'reads' ? 'reads' : 'writes'} ${u.canonical}${where.path ? ` at ${where.path}${where.line ? `:${where.line}` : ''}` : ''}`;
    const storage = storageFor(u, evidence, where);
    relations.push(joinRelation(actorId, storage, mode, JOIN, evidence, { uri: u.canonical }));
    if (!u.key) return;
    const matches = u.key.endsWith('/') ? [] : [...new Set(objectNames(u.key).flatMap((n) => localDatasets.get(n) ?? []))];
    for (const d of matches) {
      relations.push(joinRelation(d.id, storage, 'stored-in', JOIN, `${d.locations[0]?.path ?? d.name} has the object name of ${u.canonical}`, { uri: u.canonical }));
      relations.push(joinRelation(actorId, d.id, mode, JOIN, evidence, { uri: u.canonical }));
    }
    if (matches.length) return;
    const dsId = assetId('dataset', u.provider, u.canonical);
    if (!known(dsId)) {
      assets.set(dsId, { id: dsId, kind: 'dataset', name: u.canonical, provider: u.provider, type: 'object-store-uri', locations: [{ ...where, uri: u.canonical }], properties: { uri: u.canonical, stub: true } });
    }
    relations.push(joinRelation(dsId, storage, 'stored-in', JOIN, `${u.canonical} is an object of ${u.storageLocator}`));
    relations.push(joinRelation(actorId, dsId, mode, JOIN, evidence, { uri: u.canonical }));
  };

  for (const o of input.observations) {
    if (o.type !== 'uri-read' && o.type !== 'uri-write') continue;
    let actor = actorFor(o, index);
    if (!actor) {
      if (!o.path) continue;
      actor = assets.get(scriptStub(o.path).id) ?? scriptStub(o.path);
      assets.set(actor.id, actor);
    }
    link(actor.id, o.value, o.type === 'uri-read' ? 'reads' : 'writes', { path: o.path, line: o.line, uri: o.value });
  }

  // Lineage records (MLflow runs, DVC stages, SageMaker jobs) name their inputs and outputs as URIs too.
  for (const a of [...index.kind('training-job'), ...index.kind('dataset'), ...index.kind('ai-model')]) {
    const where = a.locations[0] ?? {};
    if (a.kind === 'dataset') {
      for (const raw of stringProps(a, ['uri', 'source', 'location'])) {
        const u = parseCloudUri(raw);
        if (!u) continue;
        const storage = storageFor(u, `${a.name} is located at ${u.canonical}`, where);
        relations.push(joinRelation(a.id, storage, 'stored-in', JOIN, `${a.name} is located at ${u.canonical}`));
        // A lineage record of s3://…/train.jsonl and the scanned train.jsonl are the same data:
        // the record `contains` the file, so lineage and sensitivity reach the content.
        if (a.provider !== 'local' && u.key && !u.key.endsWith('/'))
          for (const d of new Set(objectNames(u.key).flatMap((n) => localDatasets.get(n) ?? []))) relations.push(joinRelation(a.id, d.id, 'contains', JOIN, `${d.locations[0]?.path ?? d.name} has the object name of ${u.canonical}`));
      }
      continue;
    }
    if (a.kind === 'ai-model') {
      for (const raw of [...stringProps(a, ['artifactUri', 'artifact_uri', 'modelDataUrl', 'model_data_url', 'uri']), ...artifactUris(a.properties.resource)]) {
        const u = parseCloudUri(raw);
        if (!u) continue;
        relations.push(joinRelation(a.id, storageFor(u, `model artifacts at ${u.canonical}`, where), 'stored-in', JOIN, `model artifacts at ${u.canonical}`));
        // Whoever writes next to the model's artifacts (same folder) produced them.
        const dir = u.canonical.replace(/\/[^/]*$/, '');
        for (const w of written) {
          if (w.actorId !== a.id && dir.length > u.storageLocator.length && (w.uri === dir || w.uri.startsWith(`${dir}/`)))
            relations.push(joinRelation(a.id, w.actorId, 'produced-by', JOIN, `${w.uri} is written beside the model artifacts ${u.canonical}`));
        }
      }
      continue;
    }
    for (const raw of stringProps(a, ['inputs', 'deps', 'inputUris', 'trainingData', 'dataUri'])) link(a.id, raw, 'reads', where);
    for (const raw of stringProps(a, ['outputs', 'outs', 'outputUri', 'artifactUri'])) link(a.id, raw, 'writes', where);
  }
  return { assets: [...assets.values()], relations };
}
