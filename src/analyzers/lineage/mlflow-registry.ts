import path from 'node:path';
import { parse } from 'yaml';
import { assetId, type Asset, type AnalyzerOutput, type JsonValue, type Relation, type ScanFile } from '../../core/index.js';
import { clip, isDict, mlflowModelId, mlflowRunId, str, yamlDict } from './mlflow-meta.js';
import { dirOf } from './refs.js';
import { list, readSmall } from './small-files.js';

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
export async function registryFor(mlrunsDir: string, runId: string): Promise<Map<string, { name: string; version?: string }>> {
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
