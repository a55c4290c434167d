import type { Asset, Relation } from '../../core/index.js';
import { joinRelation, stringProps, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'artifact-file';

function clean(p: string): string {
  return p.trim().replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * MLflow / DVC / training records ↔ the files the scan saw. Lineage records name files relative
 * to their own folder or the scan root; a record's path matches a file asset when the file's path
 * is that path, or ends with `/<that path>`, or lies inside that folder. Edges: a job `reads` its
 * input datasets, a model file is `produced-by` the job that outputs it, a model record is
 * `stored-in` its weights file, and a dataset record `contains` the file it describes.
 */
export function artifactJoin(_input: JoinInput, index: JoinIndex): JoinOutput {
  const files: Asset[] = [...index.kind('dataset'), ...index.kind('model-file')].filter((a) => a.provider === 'local');
  const matchFiles = (raw: string): Asset[] => {
    const p = clean(raw);
    if (!p || p.includes('://')) return [];
    return files.filter((f) => f.locations.some((l) => l.path && (l.path === p || l.path.endsWith(`/${p}`) || l.path.startsWith(`${p}/`) || l.path.includes(`/${p}/`))));
  };
  const relations: Relation[] = [];
  const push = (r: Relation) => {
    if (r.from !== r.to) relations.push(r);
  };
  for (const job of index.kind('training-job')) {
    for (const raw of stringProps(job, ['deps', 'inputs', 'trainingData', 'dataPath', 'datasets'])) {
      for (const f of matchFiles(raw)) if (f.kind === 'dataset') push(joinRelation(job.id, f.id, 'reads', JOIN, `${job.name} lists ${raw} as an input`));
    }
    for (const raw of stringProps(job, ['outs', 'outputs', 'artifacts', 'modelPath'])) {
      for (const f of matchFiles(raw)) push(joinRelation(f.id, job.id, 'produced-by', JOIN, `${job.name} lists ${raw} as an output`));
    }
  }
  for (const m of index.kind('ai-model')) {
    for (const raw of stringProps(m, ['path', 'modelPath', 'artifactPath', 'weights', 'files'])) {
      for (const f of matchFiles(raw)) if (f.kind === 'model-file') push(joinRelation(m.id, f.id, 'stored-in', JOIN, `${m.name} has its weights at ${raw}`));
    }
  }
  for (const d of index.kind('dataset')) {
    if (d.provider === 'local') continue;
    for (const raw of stringProps(d, ['path', 'paths', 'files'])) {
      for (const f of matchFiles(raw)) if (f.kind === 'dataset' && f.id !== d.id) push(joinRelation(d.id, f.id, 'contains', JOIN, `${d.name} is recorded at ${raw}`));
    }
  }
  return { assets: [], relations };
}
