import { normaliseRelPath, type Asset, type Relation } from '../../core/index.js';
import { joinRelation, stringProps, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'artifact-file';

function clean(p: string): string {
  return p.trim().replace(/\/+$/, '');
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/**
 * MLflow / DVC / training records ↔ the files the scan saw. Lineage records name files relative
 * to their own folder (dvc.yaml) or the scan root, so a record's path is resolved against exactly
 * those roots — each folder the record is located in, and the root — and matches a file that is
 * that path or lies inside that folder. No suffix matching: `model` or `data/train.jsonl` must not
 * reach every `…/model/…` folder or `…/data/train.jsonl` elsewhere in a monorepo. Absolute paths
 * and URIs name other machines and never match. Edges: a job `reads` its input datasets, a model
 * file is `produced-by` the job that outputs it, a model record is `stored-in` its weights file,
 * and a dataset record `contains` the file it describes.
 */
export function artifactJoin(_input: JoinInput, index: JoinIndex): JoinOutput {
  const files: Asset[] = [...index.kind('dataset'), ...index.kind('model-file')].filter((a) => a.provider === 'local');
  const matchFiles = (record: Asset, raw: string): Asset[] => {
    const p = clean(raw);
    if (!p || p.includes('://') || p.startsWith('/') || /^[a-z]:[\\/]/i.test(p)) return [];
    const roots = new Set<string>(['']);
    for (const l of record.locations) if (l.path) roots.add(dirOf(l.path));
    const anchored = new Set<string>();
    for (const r of roots) {
      const c = normaliseRelPath(r ? `${r}/${p}` : p);
      if (c) anchored.add(c);
    }
    if (!anchored.size) return [];
    return files.filter((f) => f.locations.some((l) => l.path && [...anchored].some((c) => l.path === c || l.path!.startsWith(`${c}/`))));
  };
  const relations: Relation[] = [];
  const push = (r: Relation) => {
    if (r.from !== r.to) relations.push(r);
  };
  for (const job of index.kind('training-job')) {
    for (const raw of stringProps(job, ['deps', 'inputs', 'trainingData', 'dataPath', 'datasets'])) {
      for (const f of matchFiles(job, raw)) if (f.kind === 'dataset') push(joinRelation(job.id, f.id, 'reads', JOIN, `${job.name} lists ${raw} as an input`));
    }
    for (const raw of stringProps(job, ['outs', 'outputs', 'artifacts', 'modelPath'])) {
      for (const f of matchFiles(job, raw)) push(joinRelation(f.id, job.id, 'produced-by', JOIN, `${job.name} lists ${raw} as an output`));
    }
  }
  for (const m of index.kind('ai-model')) {
    for (const raw of stringProps(m, ['path', 'modelPath', 'artifactPath', 'weights', 'files'])) {
      for (const f of matchFiles(m, raw)) if (f.kind === 'model-file') push(joinRelation(m.id, f.id, 'stored-in', JOIN, `${m.name} has its weights at ${raw}`));
    }
  }
  for (const d of index.kind('dataset')) {
    if (d.provider === 'local') continue;
    for (const raw of stringProps(d, ['path', 'paths', 'files'])) {
      for (const f of matchFiles(d, raw)) if (f.kind === 'dataset' && f.id !== d.id) push(joinRelation(d.id, f.id, 'contains', JOIN, `${d.name} is recorded at ${raw}`));
    }
  }
  return { assets: [], relations };
}
