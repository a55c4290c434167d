import path from 'node:path';
import { parse } from 'yaml';
import { assetId, maskValue, type Asset, type AnalyzerOutput, type JsonValue, type Relation, type ScanFile } from '../../core/index.js';
import { datasetRef, dirOf, fileRef, hfDataset, MODEL_EXT } from './refs.js';
import { findFiles, list, readLastLine, readSmall } from './small-files.js';

/**
 * MLflow's file store (`mlruns/`): experiments `<exp>/meta.yaml`, runs `<exp>/<run>/meta.yaml` with
 * `params/`, `tags/`, `metrics/`, `inputs/<id>/meta.yaml` (2.x dataset inputs, pointing at
 * `<exp>/datasets/<id>/meta.yaml`) and `artifacts/…/MLmodel`; the registry under
 * `models/<name>/meta.yaml` and `models/<name>/version-<n>/meta.yaml`. One run is analysed when its
 * meta.yaml is handed over; the rest of the run folder is read from there with bounded reads.
 */

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const SECRETISH = /(key|token|secret|passw|credential|auth|bearer)/i;
const MAX_ITEMS = 100;
const STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };
const TRAINING_CONTEXTS = new Set(['train', 'training', 'fit', 'finetune', 'fine-tune', 'fine_tuning']);

export const mlflowRunId = (experimentId: string, runId: string) => assetId('training-job', 'mlflow', `${experimentId}/${runId}`);
export const mlflowModelId = (registeredName: string) => assetId('ai-model', 'mlflow', registeredName);
const loggedModelId = (runId: string, artifactPath: string) => assetId('ai-model', 'mlflow', `runs:/${runId}/${artifactPath}`);

function yamlDict(text: string | undefined): Dict | undefined {
  if (text === undefined) return undefined;
  try {
    const v = parse(text, { maxAliasCount: 50 }) as unknown;
    return isDict(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function isoTime(ms: unknown): string | undefined {
  const n = typeof ms === 'number' ? ms : typeof ms === 'string' ? Number(ms) : NaN;
  return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : undefined;
}

/** Reads `params/` or `tags/`: one file per key, the value as its content. Secret-looking values are masked. */
async function keyValues(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of (await list(dir)).slice(0, MAX_ITEMS * 2)) {
    if (e.dir) continue;
    const v = (await readSmall(path.join(dir, e.name), 64 * 1024))?.trim();
    if (v === undefined) continue;
    out[e.name] = SECRETISH.test(e.name) && v ? maskValue(v) : v;
  }
  return out;
}

async function lastMetrics(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of (await list(dir)).slice(0, MAX_ITEMS)) {
    if (e.dir) continue;
    const line = await readLastLine(path.join(dir, e.name));
    const v = Number(line?.trim().split(/\s+/)[1]);
    if (Number.isFinite(v)) out[e.name] = v;
  }
  return out;
}

interface LoggedModel {
  artifactPath: string;
  flavors: string[];
  modelUuid?: string;
}

function fromHistory(tag: string | undefined): LoggedModel[] {
  if (!tag) return [];
  try {
    const v = JSON.parse(tag) as unknown;
    return (Array.isArray(v) ? v : []).filter(isDict).flatMap((h) => {
      const ap = str(h.artifact_path);
      return ap ? [{ artifactPath: ap, flavors: isDict(h.flavors) ? Object.keys(h.flavors) : [], modelUuid: str(h.model_uuid) }] : [];
    });
  } catch {
    return [];
  }
}

interface RegistryVersion {
  name: string;
  version?: string;
  runId: string;
  /** The artifact path inside the run (`*` when the source is not recognisable). */
  artifactPath: string;
}

/**
 * Every registry version of a store, read once and shared by all runs of one scan: a store with a
 * thousand runs must not re-read the registry a thousand times. Entries expire after a few seconds
 * so a long-running server never serves a stale registry to a later scan.
 */
const registryCache = new Map<string, { at: number; versions: Promise<RegistryVersion[]> }>();
const REGISTRY_TTL_MS = 5000;

async function readRegistry(mlrunsDir: string): Promise<RegistryVersion[]> {
  const out: RegistryVersion[] = [];
  const modelsDir = path.join(mlrunsDir, 'models');
  for (const m of (await list(modelsDir, 500)).filter((e) => e.dir)) {
    for (const v of (await list(path.join(modelsDir, m.name), 200)).filter((e) => e.dir && e.name.startsWith('version-'))) {
      const meta = yamlDict(await readSmall(path.join(modelsDir, m.name, v.name, 'meta.yaml')));
      const runId = str(meta?.run_id);
      if (!meta || !runId) continue;
      const source = str(meta.source) ?? '';
      const ap = /^runs:\/[^/]+\/(.+)$/.exec(source)?.[1] ?? new RegExp(`/${runId.replace(/[^\w-]/g, '')}/artifacts/(.+)$`).exec(source)?.[1] ?? '*';
      out.push({ name: str(meta.name) ?? m.name, version: str(meta.version), runId, artifactPath: ap.replace(/\/+$/, '') });
    }
  }
  return out;
}

/** run id → registered names by artifact path. */
async function registryFor(mlrunsDir: string, runId: string): Promise<Map<string, { name: string; version?: string }>> {
  const now = Date.now();
  let hit = registryCache.get(mlrunsDir);
  if (!hit || now - hit.at > REGISTRY_TTL_MS) {
    hit = { at: now, versions: readRegistry(mlrunsDir) };
    registryCache.set(mlrunsDir, hit);
    if (registryCache.size > 64) registryCache.delete(registryCache.keys().next().value!);
  }
  const out = new Map<string, { name: string; version?: string }>();
  for (const v of await hit.versions) if (v.runId === runId) out.set(v.artifactPath, { name: v.name, version: v.version });
  return out;
}

/** A dataset input's source (`{"uri": …}`, `{"path": …}` for Hugging Face, …) as a dataset asset. */
function inputDataset(ds: Dict, context: string | undefined, seenAt: string, root: string): Asset | undefined {
  const extra = { mlflowName: str(ds.name) ?? null, digest: str(ds.digest) ?? null, sourceType: str(ds.source_type) ?? null, ...(context ? { context } : {}) };
  let src: Dict = {};
  try {
    const v = typeof ds.source === 'string' ? (JSON.parse(ds.source) as unknown) : ds.source;
    if (isDict(v)) src = v;
  } catch {
    /* a non-JSON source string is used as is below */
  }
  const type = str(ds.source_type) ?? '';
  if (/hugging/i.test(type) && str(src.path)) return hfDataset(str(src.path)!, seenAt);
  let ref = str(src.uri) ?? str(src.url) ?? str(src.path) ?? (typeof ds.source === 'string' && !ds.source.trim().startsWith('{') ? ds.source : undefined);
  if (!ref) return undefined;
  // A local path inside the scanned tree becomes the repo-relative file, so it merges with the artifacts view.
  const abs = ref.replace(/^file:\/\//, '');
  if (abs.startsWith(`${root}/`)) ref = path.relative(root, abs).split(path.sep).join('/');
  return datasetRef(ref, '', seenAt, extra);
}

/** One run folder, from its meta.yaml. */
export async function analyzeMlflowRun(file: ScanFile, text: string, root: string): Promise<AnalyzerOutput> {
  const meta = parse(text, { maxAliasCount: 50 }) as unknown;
  if (!isDict(meta)) throw new Error('run meta.yaml is not a mapping');
  const runDir = path.dirname(file.absPath);
  const expDir = path.dirname(runDir);
  const mlrunsDir = path.dirname(expDir);
  const runId = str(meta.run_id) ?? str(meta.run_uuid) ?? path.basename(runDir);
  const expId = str(meta.experiment_id) ?? path.basename(expDir);
  const exp = yamlDict(await readSmall(path.join(expDir, 'meta.yaml')));
  const params = await keyValues(path.join(runDir, 'params'));
  const tags = await keyValues(path.join(runDir, 'tags'));
  const metrics = await lastMetrics(path.join(runDir, 'metrics'));
  const jobId = mlflowRunId(expId, runId);
  const runName = str(meta.run_name) ?? tags['mlflow.runName'] ?? runId;
  const seenAt = file.path;
  const userTags = Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith('mlflow.')).slice(0, MAX_ITEMS));
  const job: Asset = {
    id: jobId,
    kind: 'training-job',
    name: runName,
    provider: 'mlflow',
    type: 'mlflow-run',
    locations: [{ path: seenAt }],
    properties: {
      runId,
      experimentId: expId,
      experimentName: str(exp?.name) ?? null,
      status: STATUS[String(meta.status)] ?? str(meta.status) ?? null,
      lifecycleStage: str(meta.lifecycle_stage) ?? null,
      user: str(meta.user_id) ?? tags['mlflow.user'] ?? null,
      startedAt: isoTime(meta.start_time) ?? null,
      endedAt: isoTime(meta.end_time) ?? null,
      source: tags['mlflow.source.name'] ?? null,
      gitCommit: tags['mlflow.source.git.commit'] ?? null,
      parentRunId: tags['mlflow.parentRunId'] ?? null,
      params: Object.fromEntries(Object.entries(params).slice(0, MAX_ITEMS).map(([k, v]) => [k, clip(v)])),
      metrics,
      tags: Object.fromEntries(Object.entries(userTags).map(([k, v]) => [k, clip(v)])),
    },
  };
  const assets: Asset[] = [job];
  const relations: Relation[] = [];

  const trainingData: string[] = [];
  for (const inp of (await list(path.join(runDir, 'inputs'))).filter((e) => e.dir).slice(0, MAX_ITEMS)) {
    const im = yamlDict(await readSmall(path.join(runDir, 'inputs', inp.name, 'meta.yaml')));
    if (!im) continue;
    const sourceId = str(im.source_id);
    const dsMeta = sourceId ? yamlDict(await readSmall(path.join(expDir, 'datasets', sourceId, 'meta.yaml'))) : undefined;
    const context = isDict(im.tags) ? str(im.tags['mlflow.data.context']) : undefined;
    const ds = dsMeta && inputDataset(dsMeta, context, seenAt, root);
    if (!ds) continue;
    assets.push(ds);
    const training = !context || TRAINING_CONTEXTS.has(context.toLowerCase());
    relations.push({ from: jobId, to: ds.id, kind: training ? 'trained-on' : 'reads', ...(context ? { properties: { context } } : {}) });
    if (training) trainingData.push(ds.id);
  }

  const models = new Map<string, LoggedModel>();
  for (const m of fromHistory(tags['mlflow.log-model.history'])) models.set(m.artifactPath, m);
  const artifactsDir = path.join(runDir, 'artifacts');
  for (const mlmodelPath of await findFiles(artifactsDir, 'MLmodel')) {
    const mm = yamlDict(await readSmall(mlmodelPath));
    const ap = str(mm?.artifact_path) ?? path.relative(artifactsDir, path.dirname(mlmodelPath)).split(path.sep).join('/');
    if (!models.has(ap)) models.set(ap, { artifactPath: ap, flavors: isDict(mm?.flavors) ? Object.keys(mm.flavors) : [], modelUuid: str(mm?.model_uuid) });
  }
  const registry = models.size ? await registryFor(mlrunsDir, runId) : new Map();
  for (const m of models.values()) {
    const reg = registry.get(m.artifactPath) ?? (models.size === 1 ? registry.get('*') : undefined);
    const id = reg ? mlflowModelId(reg.name) : loggedModelId(runId, m.artifactPath);
    const props: Record<string, JsonValue> = { runId, artifactPath: m.artifactPath, flavors: m.flavors };
    if (m.modelUuid) props.modelUuid = m.modelUuid;
    if (reg) props.registeredName = reg.name;
    assets.push({ id, kind: 'ai-model', name: reg?.name ?? `${runName}/${m.artifactPath}`, provider: 'mlflow', type: reg ? 'mlflow-registered-model' : 'mlflow-logged-model', locations: [{ path: seenAt }], properties: props });
    relations.push({ from: id, to: jobId, kind: 'produced-by' });
    for (const ds of trainingData) relations.push({ from: id, to: ds, kind: 'trained-on' });
    // The weight files the model loads from: the artifacts analyzer describes them, this links them.
    const modelDir = path.join(artifactsDir, m.artifactPath);
    for (const sub of ['', 'data']) {
      for (const e of (await list(path.join(modelDir, sub), 200)).filter((x) => !x.dir && MODEL_EXT.test(x.name))) {
        const rel = [dirOf(seenAt), 'artifacts', m.artifactPath, sub, e.name].filter(Boolean).join('/');
        const f = fileRef('model-file', rel, rel);
        assets.push(f);
        relations.push({ from: id, to: f.id, kind: 'contains' });
      }
    }
  }
  return { assets, relations };
}

/** `models/<name>/meta.yaml` (a registered model) or `models/<name>/version-<n>/meta.yaml` (one version). */
export async function analyzeMlflowRegistry(file: ScanFile, text: string, mlrunsDir: string): Promise<AnalyzerOutput> {
  const meta = parse(text, { maxAliasCount: 50 }) as unknown;
  if (!isDict(meta)) throw new Error('registry meta.yaml is not a mapping');
  const isVersion = /\/version-[^/]+\/meta\.yaml$/.test(file.path);
  const name = str(meta.name) ?? path.basename(path.dirname(isVersion ? path.dirname(file.absPath) : file.absPath));
  const id = mlflowModelId(name);
  const props: Record<string, JsonValue> = { registeredName: name, registry: 'mlflow' };
  if (!isVersion && str(meta.description)) props.description = clip(str(meta.description)!, 500);
  const model: Asset = { id, kind: 'ai-model', name, provider: 'mlflow', type: 'mlflow-registered-model', locations: [{ path: file.path }], properties: props };
  if (!isVersion) return { assets: [model] };
  const runId = str(meta.run_id);
  const relations: Relation[] = [];
  const assets: Asset[] = [model];
  if (runId) {
    for (const exp of (await list(mlrunsDir)).filter((e) => e.dir && e.name !== 'models' && !e.name.startsWith('.'))) {
      const runMeta = yamlDict(await readSmall(path.join(mlrunsDir, exp.name, runId, 'meta.yaml')));
      if (!runMeta) continue;
      const expId = str(runMeta.experiment_id) ?? exp.name;
      const jobId = mlflowRunId(expId, runId);
      // The run's own meta.yaml makes the full job asset; this stub only anchors the edge.
      assets.push({ id: jobId, kind: 'training-job', name: str(runMeta.run_name) ?? runId, provider: 'mlflow', type: 'mlflow-run', locations: [{ path: [dirOf(dirOf(dirOf(dirOf(file.path)))), exp.name, runId, 'meta.yaml'].filter(Boolean).join('/') }], properties: { runId, experimentId: expId } });
      relations.push({ from: id, to: jobId, kind: 'produced-by', properties: { version: str(meta.version) ?? null, stage: str(meta.current_stage) ?? null } });
      break;
    }
  }
  return { assets, relations };
}

/**
 * MLflow 3 logged models: `<exp>/models/<model_id>/meta.yaml` (a model is its own entity there,
 * with `source_run_id`), so a run's models are found from this side.
 */
export async function analyzeMlflowLoggedModel(file: ScanFile, text: string): Promise<AnalyzerOutput> {
  const meta = parse(text, { maxAliasCount: 50 }) as unknown;
  if (!isDict(meta)) throw new Error('logged model meta.yaml is not a mapping');
  const modelDir = path.dirname(file.absPath);
  const modelId = str(meta.model_id) ?? path.basename(modelDir);
  const expId = str(meta.experiment_id) ?? path.basename(path.dirname(path.dirname(modelDir)));
  const runId = str(meta.source_run_id);
  const name = str(meta.name) ?? modelId;
  const id = assetId('ai-model', 'mlflow', `models:/${modelId}`);
  const props: Record<string, JsonValue> = { modelId, experimentId: expId };
  for (const [k, p] of [['model_type', 'modelType'], ['status', 'status'], ['source_run_id', 'runId']] as const) {
    const v = str(meta[k]);
    if (v) props[p] = v;
  }
  const model: Asset = { id, kind: 'ai-model', name, provider: 'mlflow', type: 'mlflow-logged-model', locations: [{ path: file.path }], properties: props };
  if (!runId) return { assets: [model] };
  const jobId = mlflowRunId(expId, runId);
  // A stub so the edge survives even when the run folder is gone; the run's meta.yaml fills it in.
  const expDir = path.dirname(path.dirname(modelDir));
  const runMeta = yamlDict(await readSmall(path.join(expDir, runId, 'meta.yaml')));
  const job: Asset = { id: jobId, kind: 'training-job', name: str(runMeta?.run_name) ?? runId, provider: 'mlflow', type: 'mlflow-run', locations: [{ path: file.path }], properties: { runId, experimentId: expId } };
  return { assets: [model, job], relations: [{ from: id, to: jobId, kind: 'produced-by' }] };
}
