import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId } from '../../core/index.js';
import { buildGraph } from '../build.js';
import { asset } from '../testing/synthetic-estate.js';

const modelFile = (path: string) => asset('model-file', fileAssetId('model-file', path), path.split('/').pop()!, 'local', { path }, 'pytorch', path);
const dataset = (path: string) => asset('dataset', fileAssetId('dataset', path), path.split('/').pop()!, 'local', { path }, 'jsonl', path);

describe('artifact join', () => {
  it('resolves an ai-model artifactPath against the record folder, not every folder with that name', () => {
    const own = modelFile('ml/registry/model/weights.pt');
    const other = modelFile('services/legacy/model/weights.pt');
    const deep = modelFile('ml/registry/old/model/weights.pt');
    const m = asset('ai-model', assetId('ai-model', 'local', 'triage'), 'triage', 'local', { artifactPath: 'model' }, undefined, 'ml/registry/triage.yaml');
    const g = buildGraph([own, other, deep, m], [], []);
    expect(g.graph.out(m.id, 'stored-in').map((r) => r.to)).toEqual([own.id]);
  });

  it('joins DVC deps and outs relative to dvc.yaml or the scan root only', () => {
    const train = dataset('ml/training/data/train.jsonl');
    const elsewhere = dataset('apps/demo/data/train.jsonl');
    const fromRoot = dataset('shared/eval.jsonl');
    const weights = modelFile('ml/training/models/acme/adapter.pt');
    const job = asset('training-job', assetId('training-job', 'dvc', 'ml/training/dvc.yaml#train'), 'train', 'dvc', { deps: ['data/train.jsonl', 'shared/eval.jsonl', '../../../escape.jsonl', '/home/u/data/train.jsonl'], outs: ['models/acme'] }, 'dvc-stage', 'ml/training/dvc.yaml');
    const g = buildGraph([train, elsewhere, fromRoot, weights, job], [], []);
    expect(g.graph.out(job.id, 'reads').map((r) => r.to).sort()).toEqual([train.id, fromRoot.id].sort());
    expect(g.graph.in(job.id, 'produced-by').map((r) => r.from)).toEqual([weights.id]);
  });
});
