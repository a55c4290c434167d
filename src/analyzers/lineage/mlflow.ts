import path from 'node:path';
import { parse } from 'yaml';
import { maskValue, type Asset, type AnalyzerOutput, type JsonValue, type Relation, type ScanFile } from '../../core/index.js';
import { clip, isDict, isoTime, loggedModelId, mlflowModelId, mlflowRunId, str, yamlDict, type Dict } from './mlflow-meta.js';
import { registryFor } from './mlflow-registry.js';
import { datasetRef, dirOf, fileRef, hfDataset, MODEL_EXT } from './refs.js';
import { findFiles, list, readLastLine, readSmall } from './small-files.js';
import { looksLikeToken, maskUrlsIn } from '../shared/credentials.js';

/**
 * MLflow's file store (`mlruns/`): experiments `<exp>/meta.yaml`, runs `<exp>/<run>/meta.yaml` with
 * `params/`, `tags/`, `metrics/`, `inputs/<id>/meta.yaml` (2.x dataset inputs, pointing at
 * `<exp>/datasets/<id>/meta.yaml`) and `artifacts/…/MLmodel`; the registry under
 * `models/<name>/meta.yaml` and `models/<name>/version-<n>/meta.yaml`. One run is analysed when its
 * meta.yaml is handed over; the rest of the run folder is read from there with bounded reads.
 */

const SECRETISH = /(key|token|secret|passw|credential|auth|bearer)/i;
const MAX_ITEMS = 100;
const STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };
const TRAINING_CONTEXTS = new Set(['train', 'training', 'fit', 'finetune', 'fine-tune', 'fine_tuning']);

/** Reads `params/` or `tags/`: one file per key, the value as its content. Secret-looking values are masked. */
async function keyValues(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of (await list(dir)).slice(0, MAX_ITEMS * 2)) {
    if (e.dir) continue;
    const v = (await readSmall(path.join(dir, e.name), 64 * 1024))?.trim();
    if (v === undefined) continue;
    // The name may not say secret while the value is one: a token shape, or a URL with a password.
    out[e.name] = (SECRETISH.test(e.name) && v) || looksLikeToken(v) ? maskValue(v) : maskUrlsIn(v);
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
    // Named runArtifactPath, not artifactPath: it is relative to the run's artifact root, not a repo path.
    const props: Record<string, JsonValue> = { runId, runArtifactPath: m.artifactPath, flavors: m.flavors };
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
