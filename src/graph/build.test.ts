import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId, type Relation } from '../core/index.js';
import { buildGraph } from './build.js';
import { acmeEstate, asset } from './testing/synthetic-estate.js';

describe('buildGraph joins', () => {
  it('joins a notebook URI to the IaC bucket and the scanned dataset with the same object name', () => {
    const e = acmeEstate();
    const g = buildGraph(e.assets, e.relations, e.observations);
    const reads = g.graph.out(e.ids.notebookFile, 'reads');
    expect(reads.map((r) => r.to).sort()).toEqual([e.ids.bucket, e.ids.dataset].sort());
    expect(reads[0]!.properties).toMatchObject({ joinedBy: 'uri-storage' });
    expect(String(reads[0]!.properties!.evidence)).toContain('s3://acme-training-data/train.jsonl at ml/notebooks/explore.ipynb:3');
    expect(g.graph.out(e.ids.dataset, 'stored-in').map((r) => r.to)).toEqual([e.ids.bucket]);
    expect(g.graph.asset(e.ids.bucket)!.properties.heldSensitivity).toBe('restricted');
    // no stub bucket: the IaC one was found
    expect(g.assets.filter((a) => a.kind === 'storage')).toHaveLength(1);
  });

  it('makes storage and dataset stubs for a URI no IaC declares, provider from the scheme', () => {
    const nb = asset('notebook', fileAssetId('notebook', 'a.ipynb'), 'a.ipynb', 'local', {}, 'jupyter', 'a.ipynb');
    const g = buildGraph([nb], [], [
      { type: 'uri-read', value: 'gs://vertex-data/corpus/part-0.parquet', path: 'a.ipynb', line: 2 },
      { type: 'uri-write', value: 'https://acmeml.blob.core.windows.net/models/out.bin', path: 'a.ipynb', line: 9 },
      { type: 'uri-read', value: 's3://${BUCKET}/x', path: 'a.ipynb', line: 4 },
    ]);
    const gcs = g.graph.asset(assetId('storage', 'gcp', 'gs://vertex-data'))!;
    expect(gcs).toMatchObject({ kind: 'storage', provider: 'gcp', name: 'vertex-data' });
    expect(gcs.properties.stub).toBe(true);
    const ds = g.graph.asset(assetId('dataset', 'gcp', 'gs://vertex-data/corpus/part-0.parquet'))!;
    expect(g.graph.out(ds.id, 'stored-in').map((r) => r.to)).toEqual([gcs.id]);
    const az = assetId('storage', 'azure', 'https://acmeml.blob.core.windows.net/models');
    expect(g.graph.out(nb.id, 'writes').map((r) => r.to)).toContain(az);
    expect(g.assets.filter((a) => a.kind === 'storage')).toHaveLength(2);
  });

  it('gives a script with no asset of its own a workload stub to start the edge', () => {
    const g = buildGraph([], [], [{ type: 'uri-read', value: 's3://b1/k.csv', path: 'etl/load.py', line: 1 }]);
    const stub = g.graph.asset(assetId('workload', 'local', 'script:etl/load.py'))!;
    expect(stub.type).toBe('script');
    expect(g.graph.out(stub.id, 'reads')).toHaveLength(2);
  });

  it('links endpoints to the models they are configured with, and lineage records to files', () => {
    const e = acmeEstate();
    const g = buildGraph(e.assets, e.relations, e.observations);
    const served = g.graph.out(e.ids.endpoint, 'serves').map((r) => r.to).sort();
    expect(served).toEqual([e.ids.codeModel, e.ids.model].sort());
    expect(g.graph.out(e.ids.job, 'reads').map((r) => r.to)).toEqual([e.ids.dataset]);
  });

  it('links a leaked provider key to that provider API, and images to the build that makes them', () => {
    const api = asset('external-ai-api', assetId('external-ai-api', 'openai', 'api.openai.com'), 'api.openai.com', 'openai');
    const key = asset('secret', assetId('secret', 'local', 'x'), 'OpenAI API key', 'local', { ruleId: 'openai-api-key' }, undefined, '.env');
    const build = asset('workload', assetId('workload', 'local', 'dockerfile:apps/bot/Dockerfile'), 'apps/bot/Dockerfile', 'local', { builds: 'ghcr.io/acme/support-bot' }, 'dockerfile');
    const svc = asset('workload', assetId('workload', 'kubernetes', 'deploy:bot'), 'bot', 'kubernetes', { image: 'ghcr.io/acme/support-bot:1.4' });
    const g = buildGraph([api, key, build, svc], [], [{ type: 'env', value: 'OPENAI_API_KEY', assetId: svc.id }]);
    expect(g.graph.out(key.id, 'can-access').map((r) => r.to)).toEqual([api.id]);
    expect(g.graph.out(svc.id, 'depends-on').map((r) => r.to)).toEqual([build.id]);
    expect(g.graph.out(svc.id, 'calls').map((r) => r.to)).toEqual([api.id]);
  });

  it('joins a lineage record of a cloud object to the scanned file with the same name', () => {
    const e = acmeEstate();
    const rec = asset('dataset', assetId('dataset', 'aws', 's3://acme-training-data/triage/train.jsonl'), 'train.jsonl', 'aws', { uri: 's3://acme-training-data/triage/train.jsonl' }, 'uri');
    const g = buildGraph([...e.assets, rec], e.relations, []);
    expect(g.graph.out(rec.id, 'contains').map((r) => r.to)).toEqual([e.ids.dataset]);
    expect(g.graph.out(rec.id, 'stored-in').map((r) => r.to)).toEqual([e.ids.bucket]);
    expect(g.graph.asset(rec.id)!.properties.heldSensitivity).toBe('restricted');
  });

  it('matches a local copy that folds the last prefix into its name', () => {
    const nb = asset('notebook', fileAssetId('notebook', 'n.ipynb'), 'n.ipynb', 'local', {}, 'jupyter', 'n.ipynb');
    const copy = asset('dataset', fileAssetId('dataset', 'data/Triage_Notes.jsonl'), 'Triage_Notes.jsonl', 'local', {}, 'jsonl', 'data/Triage_Notes.jsonl');
    const other = asset('dataset', fileAssetId('dataset', 'data/other.jsonl'), 'other.jsonl', 'local', {}, 'jsonl', 'data/other.jsonl');
    const g = buildGraph([nb, copy, other], [], [{ type: 'uri-read', value: 's3://b/triage/notes.jsonl', path: 'n.ipynb' }]);
    expect(g.graph.out(nb.id, 'reads').map((r) => r.to)).toContain(copy.id);
    expect(g.graph.out(copy.id, 'stored-in').map((r) => r.to)).toEqual([assetId('storage', 'aws', 's3://b')]);
    expect(g.graph.out(other.id, 'stored-in')).toEqual([]);
  });

  it('links what Kubernetes runs to the Dockerfile a compose service builds and tags', () => {
    const df = asset('workload', assetId('workload', 'docker', 'apps/bot'), 'bot (Dockerfile)', 'docker', {}, 'dockerfile', 'apps/bot/Dockerfile');
    const compose = asset('workload', assetId('workload', 'compose', 'bot'), 'bot', 'compose', { image: 'ghcr.io/acme/bot:0.4.0' }, 'container');
    const k8s = asset('workload', assetId('workload', 'kubernetes', 'bot'), 'bot-deploy', 'kubernetes', { images: ['ghcr.io/acme/bot:0.5.0'] });
    const vllm = asset('inference-endpoint', assetId('inference-endpoint', 'kubernetes', 'v'), 'vllm', 'kubernetes', { images: ['vllm/vllm-openai:latest'] });
    const g = buildGraph([df, compose, k8s, vllm], [{ from: compose.id, to: df.id, kind: 'depends-on' }], []);
    expect(g.graph.out(k8s.id, 'depends-on').map((r) => r.to)).toEqual([df.id]);
    expect(g.graph.out(vllm.id, 'depends-on')).toEqual([]);
  });

  it('gives an agent shell tool read access to credentials in the agent app folder only', () => {
    const agent = asset('agent', assetId('agent', 'langchain', 'a'), 'support_agent', 'langchain', {}, undefined, 'apps/bot/agent.py');
    const shell = asset('agent-tool', assetId('agent-tool', 'langchain', 's'), 'ShellTool', 'langchain', {}, 'shell', 'apps/bot/agent.py');
    const fetch = asset('agent-tool', assetId('agent-tool', 'langchain', 'f'), 'RequestsGetTool', 'langchain', {}, 'http-fetch', 'apps/bot/agent.py');
    const near = asset('secret', assetId('secret', 'local', 'n'), 'key', 'local', {}, undefined, 'apps/bot/generated/.env');
    const far = asset('secret', assetId('secret', 'local', 'f'), 'key2', 'local', {}, undefined, 'ml/data/pipeline.env');
    const rels: Relation[] = [{ from: agent.id, to: shell.id, kind: 'has-tool' }, { from: agent.id, to: fetch.id, kind: 'has-tool' }];
    const g = buildGraph([agent, shell, fetch, near, far], rels, []);
    expect(g.graph.out(shell.id, 'can-access').map((r) => r.to)).toEqual([near.id]);
    expect(g.graph.out(fetch.id, 'can-access')).toEqual([]);
  });

  it('finds what produced a deployed model from writes beside its artifacts', () => {
    const model = asset('ai-model', assetId('ai-model', 'aws', 'm'), 'triage', 'aws', {
      resource: { type: 'aws_sagemaker_model', attributes: { primary_container: [{ model_data_url: 's3://artifacts/triage/model.tar.gz' }] } },
    });
    const g = buildGraph([model], [], [
      { type: 'uri-write', value: 's3://artifacts/triage/adapter', path: 'train.py', line: 9 },
      { type: 'uri-write', value: 's3://artifacts/other/x', path: 'other.py', line: 1 },
    ]);
    const script = assetId('workload', 'local', 'script:train.py');
    expect(g.graph.out(model.id, 'produced-by').map((r) => r.to)).toEqual([script]);
    expect(g.graph.out(model.id, 'stored-in').map((r) => r.to)).toEqual([assetId('storage', 'aws', 's3://artifacts')]);
  });

  it('builds the same graph whatever order the analyzers delivered relations in', () => {
    const e = acmeEstate();
    const a = buildGraph(e.assets, e.relations, e.observations);
    const b = buildGraph([...e.assets].reverse(), [...e.relations].reverse(), [...e.observations].reverse());
    expect(b.relations).toEqual(a.relations);
    expect(b.assets.map((x) => x.id)).toEqual(a.assets.map((x) => x.id));
  });

  it('is a no-op on an empty estate', () => {
    const g = buildGraph([], [], []);
    expect(g.assets).toEqual([]);
    expect(g.relations).toEqual([]);
  });
});
