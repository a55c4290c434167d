import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId, type AnalyzerOutput, type Relation } from '../../core/index.js';
import { scanFile, tempRoot } from '../artifacts/fixtures.test-support.js';
import { lineageAnalyzer } from './index.js';
import { mlflowModelId, mlflowRunId } from './mlflow-meta.js';
import { dvcStageId } from './dvc.js';

function put(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
}

async function analyze(root: string, rel: string, content?: string): Promise<{ wanted: boolean; out: AnalyzerOutput }> {
  const f = scanFile(root, rel, content ?? '', 'text');
  if (content === undefined) throw new Error('content required');
  if (!lineageAnalyzer.wants(f.path, f)) return { wanted: false, out: {} };
  return { wanted: true, out: await lineageAnalyzer.analyze(f, { root, options: {} }) };
}

const has = (rels: Relation[] | undefined, from: string, kind: string, to: string) => (rels ?? []).some((r) => r.from === from && r.kind === kind && r.to === to);

const RUN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const DS = 'd5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0';

function mlflowStore(root: string): void {
  const r = `mlruns/7/${RUN}`;
  put(root, {
    'mlruns/7/meta.yaml': 'experiment_id: "7"\nname: churn\nlifecycle_stage: active\n',
    [`${r}/params/lr`]: '0.01',
    [`${r}/params/openai_api_key`]: ['sk', 'test', 'abcdefghijklmnopqrstuvwx'].join('-'),
    [`${r}/tags/mlflow.runName`]: 'brave-owl',
    [`${r}/tags/mlflow.source.name`]: 'train.py',
    [`${r}/tags/mlflow.log-model.history`]: JSON.stringify([{ run_id: RUN, artifact_path: 'clf', flavors: { sklearn: {}, python_function: {} }, model_uuid: 'u1' }]),
    [`${r}/metrics/auc`]: '1 0.5 0\n2 0.91 1\n',
    [`${r}/inputs/i1/meta.yaml`]: `source_id: ${DS}\nsource_type: DATASET\ndestination_id: ${RUN}\ntags:\n  mlflow.data.context: training\n`,
    [`mlruns/7/datasets/${DS}/meta.yaml`]: `name: churn-train\ndigest: abc\nsource_type: s3\nsource: '{"uri": "s3://acme-data/churn/train.parquet"}'\n`,
    [`${r}/artifacts/clf/MLmodel`]: 'artifact_path: clf\nflavors:\n  sklearn: {}\n',
    [`${r}/artifacts/clf/model.pkl`]: '\x80\x04.',
    'mlruns/models/churn-clf/meta.yaml': 'name: churn-clf\ndescription: churn classifier\n',
    'mlruns/models/churn-clf/version-3/meta.yaml': `name: churn-clf\nversion: 3\nrun_id: ${RUN}\nsource: runs:/${RUN}/clf\ncurrent_stage: Staging\n`,
  });
}

describe('lineage analyzer: MLflow', () => {
  it('reads a run: params (secrets masked), metrics, dataset input, logged + registered model', async () => {
    const root = tempRoot('aispm-lineage-');
    mlflowStore(root);
    const meta = `run_id: ${RUN}\nexperiment_id: '7'\nstatus: 3\nuser_id: kim\nstart_time: 1700000000000\nlifecycle_stage: active\n`;
    const { out } = await analyze(root, `mlruns/7/${RUN}/meta.yaml`, meta);
    const jobId = mlflowRunId('7', RUN);
    const job = out.assets!.find((a) => a.id === jobId)!;
    expect(job).toMatchObject({ kind: 'training-job', provider: 'mlflow', name: 'brave-owl', properties: { experimentName: 'churn', status: 'FINISHED', user: 'kim', source: 'train.py', metrics: { auc: 0.91 } } });
    const params = job.properties.params as Record<string, string>;
    expect(params.lr).toBe('0.01');
    expect(params.openai_api_key).toContain('…');
    expect(JSON.stringify(out)).not.toContain('abcdefghijklmnopqrstuvwx');
    const ds = assetId('dataset', 'aws', 's3://acme-data/churn/train.parquet');
    const model = mlflowModelId('churn-clf');
    expect(out.assets!.find((a) => a.id === model)).toMatchObject({ kind: 'ai-model', properties: { registeredName: 'churn-clf', flavors: ['sklearn', 'python_function'] } });
    expect(has(out.relations, jobId, 'trained-on', ds)).toBe(true);
    expect(has(out.relations, model, 'produced-by', jobId)).toBe(true);
    expect(has(out.relations, model, 'trained-on', ds)).toBe(true);
    const weights = fileAssetId('model-file', `mlruns/7/${RUN}/artifacts/clf/model.pkl`);
    expect(has(out.relations, model, 'contains', weights)).toBe(true);
    expect(out.assets!.some((a) => a.id === weights)).toBe(true);
  });

  it('links a registry version to its run, and a logged-only model gets a run-scoped id', async () => {
    const root = tempRoot('aispm-lineage-');
    mlflowStore(root);
    put(root, { [`mlruns/7/${RUN}/meta.yaml`]: `run_id: ${RUN}\nexperiment_id: '7'\nrun_name: brave-owl\n` });
    const { out } = await analyze(root, 'mlruns/models/churn-clf/version-3/meta.yaml', `name: churn-clf\nversion: 3\nrun_id: ${RUN}\nsource: runs:/${RUN}/clf\n`);
    expect(has(out.relations, mlflowModelId('churn-clf'), 'produced-by', mlflowRunId('7', RUN))).toBe(true);
    const reg = await analyze(root, 'mlruns/models/churn-clf/meta.yaml', 'name: churn-clf\ndescription: churn classifier\n');
    expect(reg.out.assets![0]).toMatchObject({ id: mlflowModelId('churn-clf'), properties: { description: 'churn classifier' } });

    const lone = tempRoot('aispm-lineage-');
    put(lone, { [`mlruns/0/${RUN}/artifacts/m/MLmodel`]: 'artifact_path: m\nflavors:\n  pytorch: {}\n' });
    const r = await analyze(lone, `mlruns/0/${RUN}/meta.yaml`, `run_id: ${RUN}\n`);
    const m = r.out.assets!.find((a) => a.kind === 'ai-model')!;
    expect(m).toMatchObject({ id: assetId('ai-model', 'mlflow', `runs:/${RUN}/m`), type: 'mlflow-logged-model', properties: { flavors: ['pytorch'] } });
  });

  it('does not want experiment or dataset metadata as runs; sad: broken meta.yaml is an issue', async () => {
    const root = tempRoot('aispm-lineage-');
    expect((await analyze(root, 'mlruns/7/meta.yaml', 'name: x\n')).wanted).toBe(false);
    expect((await analyze(root, `mlruns/7/datasets/${DS}/meta.yaml`, 'name: x\n')).wanted).toBe(false);
    const bad = await analyze(root, `mlruns/7/${RUN}/meta.yaml`, 'run_id: [unclosed\n');
    expect(bad.out.issues?.[0]).toMatchObject({ path: `mlruns/7/${RUN}/meta.yaml`, reason: 'parse-error', source: 'lineage' });
    const list = await analyze(root, `mlruns/7/${RUN}/meta.yaml`, '- a\n- b\n');
    expect(list.out.issues?.[0]?.reason).toBe('parse-error');
  });

  it('empty: a run meta.yaml with nothing around it is still a job, with no edges', async () => {
    const root = tempRoot('aispm-lineage-');
    const { out } = await analyze(root, `mlruns/1/${RUN}/meta.yaml`, `run_id: ${RUN}\n`);
    expect(out.assets).toHaveLength(1);
    expect(out.relations ?? []).toEqual([]);
  });
});

describe('lineage analyzer: DVC', () => {
  const dvcYaml = `stages:
  prepare:
    cmd: python prep.py
    deps: [prep.py, data/raw.csv, s3://bucket/raw/extra.parquet]
    outs: [data/clean.parquet]
  train:
    wdir: .
    cmd:
      - python train.py
      - echo done
    deps:
      - train.py
      - data/clean.parquet
    params: [train.lr, {cfg/other.yaml: [seed]}]
    outs:
      - models/model.pt:
          cache: false
    metrics: [metrics.json]
`;

  it('makes a job per stage with reads/writes/produced-by/trained-on', async () => {
    const root = tempRoot('aispm-lineage-');
    const { out } = await analyze(root, 'ml/dvc.yaml', dvcYaml);
    const prep = dvcStageId('ml/dvc.yaml', 'prepare');
    const train = dvcStageId('ml/dvc.yaml', 'train');
    const raw = fileAssetId('dataset', 'ml/data/raw.csv');
    const clean = fileAssetId('dataset', 'ml/data/clean.parquet');
    const model = fileAssetId('model-file', 'ml/models/model.pt');
    expect(out.assets!.find((a) => a.id === train)).toMatchObject({ kind: 'training-job', provider: 'dvc', properties: { cmd: 'python train.py && echo done', params: ['train.lr', 'cfg/other.yaml:seed'] } });
    expect(has(out.relations, prep, 'reads', raw)).toBe(true);
    expect(has(out.relations, prep, 'reads', assetId('dataset', 'aws', 's3://bucket/raw/extra.parquet'))).toBe(true);
    expect(has(out.relations, prep, 'writes', clean)).toBe(true);
    expect(has(out.relations, train, 'reads', clean)).toBe(true);
    expect(has(out.relations, model, 'produced-by', train)).toBe(true);
    expect(has(out.relations, model, 'trained-on', clean)).toBe(true);
    // Code deps are not datasets.
    expect(out.assets!.some((a) => a.name === 'train.py' || a.name === 'prep.py')).toBe(false);
  });

  it('says when a pipeline has more stages or longer lists than are read', async () => {
    const root = tempRoot('aispm-lineage-');
    const stage = (i: number) => `  s${i}:\n    cmd: python s${i}.py\n    deps:\n${Array.from({ length: i === 0 ? 205 : 1 }, (_, k) => `      - data/in${k}.csv\n`).join('')}`;
    const y = `stages:\n${Array.from({ length: 503 }, (_, i) => stage(i)).join('')}`;
    const { out } = await analyze(root, 'ml/dvc.yaml', y);
    expect(out.assets!.filter((a) => a.kind === 'training-job')).toHaveLength(500);
    expect(out.issues).toEqual([expect.objectContaining({ path: 'ml/dvc.yaml', reason: 'limit', message: 'ml/dvc.yaml: 503 stages, of which the first 500 were read; 1 deps/outs/params list(s) longer than 200, of which the first 200 entries were read' })]);
    expect((await analyze(root, 'ml/dvc.yaml', stage(1).replace('  s1', 'stages:\n  s1'))).out.issues).toEqual([]);
  });

  it('reads the artifacts section: a model artifact contains its file', async () => {
    const root = tempRoot('aispm-lineage-');
    const y = 'artifacts:\n  churn-model:\n    path: models/churn.pkl\n    type: model\n    desc: Churn classifier\n    labels: [prod]\n    meta:\n      framework: sklearn\n  holdout:\n    path: data/holdout.csv\n    type: data\n';
    const { out } = await analyze(root, 'ml/dvc.yaml', y);
    const model = assetId('ai-model', 'dvc', 'ml/dvc.yaml#churn-model');
    expect(out.assets!.find((a) => a.id === model)).toMatchObject({ name: 'churn-model', properties: { description: 'Churn classifier', labels: ['prod'], framework: 'sklearn' } });
    expect(has(out.relations, model, 'contains', fileAssetId('model-file', 'ml/models/churn.pkl'))).toBe(true);
    expect(out.assets!.some((a) => a.id === fileAssetId('dataset', 'ml/data/holdout.csv'))).toBe(true);
  });

  it('reads dvc.lock stages under the dvc.yaml id and .dvc files as tracked datasets', async () => {
    const root = tempRoot('aispm-lineage-');
    const lock = "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n    - path: data/clean.parquet\n      md5: abc\n    outs:\n    - path: models/model.pt\n      md5: def\n";
    const { out } = await analyze(root, 'ml/dvc.lock', lock);
    expect(out.assets!.find((a) => a.id === dvcStageId('ml/dvc.yaml', 'train'))?.properties.locked).toBe(true);
    expect(out.assets!.find((a) => a.id === fileAssetId('model-file', 'ml/models/model.pt'))?.properties.md5).toBe('def');
    const dvcFile = "deps:\n- path: s3://acme/raw/notes.jsonl\nouts:\n- md5: 123\n  size: 42\n  path: notes.jsonl\n";
    const f = await analyze(root, 'ml/data/notes.jsonl.dvc', dvcFile);
    const ds = fileAssetId('dataset', 'ml/data/notes.jsonl');
    expect(f.out.assets!.find((a) => a.id === ds)).toMatchObject({ properties: { size: 42, trackedBy: 'dvc' } });
    expect(has(f.out.relations, ds, 'depends-on', assetId('dataset', 'aws', 's3://acme/raw/notes.jsonl'))).toBe(true);
  });

  it('sad and empty: broken YAML is an issue; an empty dvc.yaml yields nothing', async () => {
    const root = tempRoot('aispm-lineage-');
    const bad = await analyze(root, 'dvc.yaml', 'stages:\n  a: [unclosed\n');
    expect(bad.out.issues?.[0]).toMatchObject({ path: 'dvc.yaml', reason: 'parse-error' });
    expect((await analyze(root, 'dvc.yaml', 'stages: 5\n')).out.issues?.[0]?.reason).toBe('parse-error');
    expect((await analyze(root, 'dvc.yaml', '')).out).toEqual({});
    expect((await analyze(root, 'x.dvc', '')).out).toEqual({});
  });
});

describe('lineage analyzer: Hugging Face model cards', () => {
  const card = `---
license: apache-2.0
base_model:
  - meta-llama/Llama-3.1-8B
datasets:
  - acme/notes
  - ./data/extra.jsonl
pipeline_tag: text-generation
model-index:
  - name: acme-x
    results:
      - metrics:
          - type: accuracy
            value: 0.9
---
# acme-x
`;
  it('makes the model, its base model and its datasets', async () => {
    const root = tempRoot('aispm-lineage-');
    const { out } = await analyze(root, 'models/acme-x/README.md', card);
    const model = assetId('ai-model', 'huggingface', 'acme-x');
    const base = assetId('ai-model', 'huggingface', 'meta-llama/llama-3.1-8b');
    expect(out.assets!.find((a) => a.id === model)).toMatchObject({ name: 'acme-x', properties: { license: 'apache-2.0', task: 'text-generation', metrics: [{ type: 'accuracy', value: 0.9 }] } });
    expect(out.relations!.find((r) => r.from === model && r.to === base)).toMatchObject({ kind: 'depends-on', properties: { relation: 'base-model' } });
    expect(has(out.relations, model, 'trained-on', assetId('dataset', 'huggingface', 'acme/notes'))).toBe(true);
    expect(has(out.relations, model, 'trained-on', fileAssetId('dataset', 'models/acme-x/data/extra.jsonl'))).toBe(true);
  });

  it('ignores READMEs without model-card keys or front matter; sad: broken front matter is an issue', async () => {
    const root = tempRoot('aispm-lineage-');
    expect((await analyze(root, 'README.md', '# Hello\n')).wanted).toBe(false);
    expect((await analyze(root, 'docs/README.md', '---\ntitle: Blog\n---\ntext')).out).toEqual({});
    expect((await analyze(root, 'docs/README.md', '---\n---\n')).out).toEqual({});
    const bad = await analyze(root, 'm/README.md', '---\nbase_model: [x\n---\n');
    expect(bad.out.issues?.[0]).toMatchObject({ path: 'm/README.md', reason: 'parse-error' });
  });
});

describe('lineage analyzer: MLflow 3 logged models and file:// registry sources', () => {
  it('links an MLflow 3 logged model to its source run', async () => {
    const root = tempRoot('aispm-lineage-');
    put(root, { [`mlruns/4/${RUN}/meta.yaml`]: `run_id: ${RUN}\nrun_name: calm-fox\n` });
    const { out } = await analyze(root, 'mlruns/4/models/m-123/meta.yaml', `model_id: m-123\nname: ranker\nexperiment_id: '4'\nsource_run_id: ${RUN}\nmodel_type: sklearn\n`);
    const id = assetId('ai-model', 'mlflow', 'models:/m-123');
    expect(out.assets!.find((a) => a.id === id)).toMatchObject({ name: 'ranker', properties: { modelType: 'sklearn', runId: RUN } });
    expect(out.assets!.find((a) => a.id === mlflowRunId('4', RUN))?.name).toBe('calm-fox');
    expect(has(out.relations, id, 'produced-by', mlflowRunId('4', RUN))).toBe(true);
  });

  it('maps a run’s logged model to its registered name when the version source is a file:// path', async () => {
    const root = tempRoot('aispm-lineage-');
    put(root, {
      [`mlruns/2/${RUN}/artifacts/model/MLmodel`]: 'artifact_path: model\nflavors:\n  transformers: {}\n',
      'mlruns/models/triage/version-1/meta.yaml': `name: triage\nversion: 1\nrun_id: ${RUN}\nsource: file:///srv/artifacts/mlruns/2/${RUN}/artifacts/model\n`,
    });
    const { out } = await analyze(root, `mlruns/2/${RUN}/meta.yaml`, `run_id: ${RUN}\nexperiment_id: '2'\n`);
    expect(out.assets!.find((a) => a.kind === 'ai-model')).toMatchObject({ id: mlflowModelId('triage'), properties: { registeredName: 'triage', runArtifactPath: 'model' } });
  });
});
