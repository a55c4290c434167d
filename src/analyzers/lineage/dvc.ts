import { parse } from 'yaml';
import { assetId, type Asset, type AnalyzerOutput, type Relation, type ScanFile, type ScanIssue } from '../../core/index.js';
import { datasetRef, dirOf, fileRef, joinRel, looksLikeDataPath, looksLikeModelPath } from './refs.js';
import { maskCommandLine, maskUrlsIn } from '../shared/credentials.js';

const MAX_STAGES = 500;
const MAX_PATHS = 200;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);

/** DVC lists deps/outs as strings or as `{path: {cache: false}}` / `{path: …, md5: …}` entries. */
function pathsOf(v: unknown): { path: string; md5?: string }[] {
  if (!Array.isArray(v)) return [];
  const out: { path: string; md5?: string }[] = [];
  for (const e of v.slice(0, MAX_PATHS)) {
    // A remote dep may be a signed URL (`https://…?sig=…`): masked before it names anything.
    if (typeof e === 'string') out.push({ path: maskUrlsIn(e) });
    else if (isDict(e)) {
      if (typeof e.path === 'string') out.push({ path: maskUrlsIn(e.path), md5: typeof e.md5 === 'string' ? e.md5 : undefined });
      else for (const k of Object.keys(e)) out.push({ path: maskUrlsIn(k) });
    }
  }
  return out;
}

function paramNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const e of v.slice(0, MAX_PATHS)) {
    if (typeof e === 'string') out.push(e);
    else if (isDict(e)) for (const [file, keys] of Object.entries(e)) for (const k of Array.isArray(keys) ? keys : []) out.push(`${file}:${String(k)}`);
  }
  return out;
}

export function dvcStageId(dvcYamlPath: string, stage: string): string {
  return assetId('training-job', 'dvc', `${dvcYamlPath}#${stage}`);
}

/**
 * `dvc.yaml` (and `dvc.lock`, which records the same stages with hashes): one `training-job` per
 * stage; deps that look like data become datasets it `reads`, outs that look like models become
 * model files it `writes`, each `produced-by` the stage and `trained-on` the stage's data deps.
 * Paths are relative to the stage's `wdir` (default: the dvc.yaml's folder).
 */
export function analyzeDvcPipeline(file: ScanFile, text: string): AnalyzerOutput {
  const doc = parse(text, { maxAliasCount: 100 }) as unknown;
  if (doc === null || doc === undefined) return {};
  if (!isDict(doc)) throw new Error('expected a mapping at the top level');
  const stages = doc.stages;
  if (stages !== undefined && !isDict(stages)) throw new Error('`stages` is not a mapping');
  const isLock = file.name === 'dvc.lock';
  const yamlPath = isLock ? `${dirOf(file.path) ? `${dirOf(file.path)}/` : ''}dvc.yaml` : file.path;
  const assets: Asset[] = [];
  const relations: Relation[] = [];
  const entries = Object.entries(stages ?? {});
  let longLists = 0;
  for (const [name, raw] of entries.slice(0, MAX_STAGES)) {
    if (!isDict(raw)) continue;
    const body = isDict(raw.do) ? raw.do : raw; // foreach/do templates: the `do` block has the shape
    for (const list of [body.deps, body.outs, body.outs_no_cache, body.params]) if (Array.isArray(list) && list.length > MAX_PATHS) longLists++;
    const wdir = joinRel(dirOf(yamlPath), typeof body.wdir === 'string' ? body.wdir : '.') ?? dirOf(yamlPath);
    const deps = pathsOf(body.deps);
    const outs = [...pathsOf(body.outs), ...pathsOf(body.outs_no_cache)];
    const jobId = dvcStageId(yamlPath, name);
    const rawCmd = Array.isArray(body.cmd) ? body.cmd.map(String).join(' && ') : typeof body.cmd === 'string' ? body.cmd : undefined;
    // Stage commands carry tokens and connection strings often enough: the report gets masks.
    const cmd = rawCmd === undefined ? undefined : maskCommandLine(rawCmd);
    assets.push({
      id: jobId,
      kind: 'training-job',
      name,
      provider: 'dvc',
      type: 'dvc-stage',
      // The pipeline file first, so the stage points at dvc.yaml whichever file the walker hands over first.
      locations: isLock ? [{ path: yamlPath, resource: `stages.${name}` }, { path: file.path, resource: `stages.${name}` }] : [{ path: file.path, resource: `stages.${name}` }],
      properties: {
        stage: name,
        pipeline: yamlPath,
        ...(cmd ? { cmd } : {}),
        deps: deps.map((d) => d.path),
        outs: outs.map((o) => o.path),
        params: paramNames(body.params),
        ...(raw.foreach !== undefined ? { foreach: true } : {}),
        ...(isLock ? { locked: true } : {}),
      },
    });
    const dataIds: string[] = [];
    for (const d of deps) {
      if (!looksLikeDataPath(d.path) || looksLikeModelPath(d.path)) continue;
      const ds = datasetRef(d.path, wdir, file.path, { trackedBy: 'dvc', ...(d.md5 ? { md5: d.md5 } : {}) });
      if (!ds) continue;
      assets.push(ds);
      dataIds.push(ds.id);
      relations.push({ from: jobId, to: ds.id, kind: 'reads' });
    }
    for (const o of outs) {
      const rel = joinRel(wdir, o.path);
      if (rel === undefined || o.path.includes('${')) continue;
      const extra = { trackedBy: 'dvc', ...(o.md5 ? { md5: o.md5 } : {}) };
      if (looksLikeModelPath(o.path)) {
        const m = fileRef('model-file', rel, file.path, extra);
        assets.push(m);
        relations.push({ from: jobId, to: m.id, kind: 'writes' }, { from: m.id, to: jobId, kind: 'produced-by' });
        for (const ds of dataIds) relations.push({ from: m.id, to: ds, kind: 'trained-on' });
      } else if (looksLikeDataPath(o.path)) {
        const ds = fileRef('dataset', rel, file.path, extra);
        assets.push(ds);
        relations.push({ from: jobId, to: ds.id, kind: 'writes' }, { from: ds.id, to: jobId, kind: 'produced-by' });
      }
    }
  }
  if (!isLock) artifacts(doc.artifacts, file.path, assets, relations);
  // What the caps left out is said, so a pipeline is not read as smaller than it is.
  const cut: string[] = [];
  if (entries.length > MAX_STAGES) cut.push(`${entries.length} stages, of which the first ${MAX_STAGES} were read`);
  if (longLists) cut.push(`${longLists} deps/outs/params list(s) longer than ${MAX_PATHS}, of which the first ${MAX_PATHS} entries were read`);
  const issues: ScanIssue[] = cut.length ? [{ path: file.path, reason: 'limit', message: `${file.path}: ${cut.join('; ')}`, source: 'lineage' }] : [];
  return { assets, relations, issues };
}

/**
 * The `artifacts:` section (DVC's model registry): a `type: model` artifact is an `ai-model` that
 * `contains` its file; a data artifact is a dataset at its path.
 */
function artifacts(section: unknown, yamlPath: string, assets: Asset[], relations: Relation[]): void {
  if (!isDict(section)) return;
  for (const [name, raw] of Object.entries(section).slice(0, MAX_STAGES)) {
    if (!isDict(raw) || typeof raw.path !== 'string') continue;
    const rel = joinRel(dirOf(yamlPath), raw.path);
    if (rel === undefined || raw.path.includes('${')) continue;
    const type = typeof raw.type === 'string' ? raw.type : undefined;
    const extra = { dvcArtifact: name, ...(type ? { artifactType: type } : {}) };
    if (type === 'model' || (!type && looksLikeModelPath(raw.path))) {
      const file = fileRef('model-file', rel, yamlPath, extra);
      const meta = isDict(raw.meta) ? raw.meta : {};
      const labels = Array.isArray(raw.labels) ? raw.labels.filter((l): l is string => typeof l === 'string').slice(0, 20) : [];
      const model: Asset = {
        id: assetId('ai-model', 'dvc', `${yamlPath}#${name}`),
        kind: 'ai-model',
        name,
        provider: 'dvc',
        type: 'dvc-artifact',
        locations: [{ path: yamlPath, resource: `artifacts.${name}` }],
        properties: {
          path: rel,
          ...(typeof raw.desc === 'string' ? { description: raw.desc.slice(0, 500) } : {}),
          ...(labels.length ? { labels } : {}),
          ...(typeof meta.framework === 'string' ? { framework: meta.framework } : {}),
        },
      };
      assets.push(file, model);
      relations.push({ from: model.id, to: file.id, kind: 'contains' });
    } else if (type === 'data' || type === 'dataset' || looksLikeDataPath(raw.path)) {
      assets.push(fileRef('dataset', rel, yamlPath, extra));
    }
  }
}

/**
 * A `*.dvc` file: DVC tracks the outs (data kept out of git); `deps` name where an imported file
 * came from (`dvc import-url s3://…`). Each out is a dataset (or a model file when it looks like
 * one) at its repo path, so it merges with whatever else sees that path.
 */
export function analyzeDvcFile(file: ScanFile, text: string): AnalyzerOutput {
  const doc = parse(text, { maxAliasCount: 100 }) as unknown;
  if (doc === null || doc === undefined) return {};
  if (!isDict(doc)) throw new Error('expected a mapping at the top level');
  const base = dirOf(file.path);
  const assets: Asset[] = [];
  const relations: Relation[] = [];
  const sources: Asset[] = [];
  for (const d of pathsOf(doc.deps)) {
    const src = datasetRef(d.path, base, file.path, { importedBy: 'dvc' });
    if (src) sources.push(src);
  }
  assets.push(...sources);
  for (const o of Array.isArray(doc.outs) ? doc.outs.slice(0, MAX_PATHS) : []) {
    if (!isDict(o) || typeof o.path !== 'string') continue;
    const rel = joinRel(base, o.path);
    if (rel === undefined) continue;
    const extra = {
      trackedBy: 'dvc',
      dvcFile: file.path,
      ...(typeof o.md5 === 'string' ? { md5: o.md5 } : {}),
      ...(typeof o.size === 'number' ? { size: o.size } : {}),
      ...(typeof o.nfiles === 'number' ? { files: o.nfiles } : {}),
    };
    const a = fileRef(looksLikeModelPath(o.path) && !looksLikeDataPath(o.path) ? 'model-file' : 'dataset', rel, file.path, extra);
    assets.push(a);
    for (const s of sources) relations.push({ from: a.id, to: s.id, kind: 'depends-on', properties: { relation: 'imported-from' } });
  }
  return { assets, relations };
}
