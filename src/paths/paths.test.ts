import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId, type Asset, type Relation } from '../core/index.js';
import { buildGraph } from '../graph/index.js';
import { acmeEstate, asset, fail } from '../graph/testing/synthetic-estate.js';
import { findAttackPaths } from './find-paths.js';
import { groupByFix } from './fixes.js';
import { buildLineage, modelsTrainedOnSensitiveData } from './lineage.js';
import { annotateRiskScores } from './risk.js';

function analyse(assets: Asset[], relations: Relation[], e = acmeEstate()) {
  const g = buildGraph(assets, relations, e.observations);
  const lineage = buildLineage(g.graph);
  const paths = findAttackPaths(g.graph, e.findings, { trainedOnSensitive: modelsTrainedOnSensitiveData(lineage) });
  return { g, lineage, paths };
}

describe('findAttackPaths', () => {
  it('reports the internet → notebook → admin role → bucket → PII chain as one critical path with one fix', () => {
    const e = acmeEstate();
    const { paths } = analyse(e.assets, e.relations, e);
    const chain = paths.filter((p) => p.steps[0]!.assetId === 'internet' && p.steps.some((s) => s.assetId === e.ids.role));
    expect(chain).toHaveLength(1);
    const p = chain[0]!;
    expect(p.severity).toBe('critical');
    expect(p.steps.map((s) => s.assetId)).toEqual(['internet', e.ids.notebookInstance, e.ids.role, e.ids.bucket, e.ids.dataset]);
    expect(p.steps.map((s) => s.via)).toEqual([undefined, 'exposed-to', 'runs-as', 'can-access', 'stored-in']);
    expect(p.findingIds).toHaveLength(3);
    expect(p.explanation).toContain('acme-research-notebook is reachable from the internet');
    expect(p.explanation).toContain('acme-notebook-role has admin access to acme-training-data');
    expect(p.explanation).toContain('acme-training-data holds train.jsonl');
    expect(p.explanation).toMatch(/Impact: train\.jsonl holds restricted data \(EMAIL_ADDRESS, US_SSN\)/);
    expect(p.fix?.findingId).toBe(e.findings[1]!.id); // least privilege on the role
    expect(p.fix?.description).toContain('least-privilege');
    // the bucket and the role are on the way to the PII file: not separate paths from the internet
    expect(paths.filter((x) => x.steps[0]!.assetId === 'internet' && [e.ids.bucket, e.ids.role].includes(x.steps[x.steps.length - 1]!.assetId))).toEqual([]);
  });

  it('scores lower and has no finding-backed fix when no finding supports any hop', () => {
    const e = acmeEstate();
    const { g } = analyse(e.assets, e.relations, e);
    const paths = findAttackPaths(g.graph, []);
    const p = paths.find((x) => x.steps[x.steps.length - 1]!.assetId === e.ids.dataset)!;
    expect(p.findingIds).toEqual([]);
    expect(['high', 'medium']).toContain(p.severity);
    expect(p.fix?.description).toMatch(/^Remove the/);
  });

  it('finds nothing without entry points, and nothing on an empty graph', () => {
    const e = acmeEstate();
    const noInternet = e.relations.filter((r) => r.kind !== 'exposed-to');
    expect(analyse(e.assets, noInternet, e).paths.filter((p) => p.steps[0]!.assetId === 'internet')).toEqual([]);
    expect(findAttackPaths(buildGraph([], [], []).graph, [])).toEqual([]);
  });

  it('follows a leaked key to the provider API and a poisoning path from writable data to a model', () => {
    const api = asset('external-ai-api', assetId('external-ai-api', 'openai', 'api.openai.com'), 'api.openai.com', 'openai');
    const key = asset('secret', assetId('secret', 'local', 'k'), 'OpenAI API key', 'local', { ruleId: 'openai-api-key' }, undefined, 'apps/.env');
    const vault = asset('ai-service', assetId('ai-service', 'openai', 'org'), 'openai org', 'openai', {}, 'aws_secretsmanager_secret');
    const everyone = asset('identity', assetId('identity', 'aws', 'principal:*'), '*', 'aws');
    const ds = asset('dataset', fileAssetId('dataset', 'rag/docs.jsonl'), 'docs.jsonl', 'local', {}, 'jsonl', 'rag/docs.jsonl');
    const model = asset('ai-model', assetId('ai-model', 'local', 'm'), 'support-llm', 'local');
    const mf = asset('model-file', fileAssetId('model-file', 'models/support.safetensors'), 'support.safetensors', 'local');
    const rels: Relation[] = [
      { from: everyone.id, to: ds.id, kind: 'can-access', properties: { level: 'write' } },
      { from: model.id, to: ds.id, kind: 'trained-on' },
      { from: model.id, to: mf.id, kind: 'stored-in' },
    ];
    const g = buildGraph([api, key, vault, everyone, ds, model, mf], rels, []);
    const paths = findAttackPaths(g.graph, []);
    expect(paths.some((p) => p.steps[0]!.assetId === key.id && p.steps[1]!.assetId === vault.id)).toBe(true);
    const poison = paths.find((p) => p.steps[0]!.assetId === ds.id)!;
    expect(poison.steps.map((s) => s.assetId)).toEqual([ds.id, model.id]);
    expect(poison.explanation).toContain('support-llm is trained on docs.jsonl');
  });

  it('follows an untrusted model into the notebook that loads it, and on to the data it reads', () => {
    const e = acmeEstate();
    const hub = asset('ai-model', assetId('ai-model', 'huggingface', 'acme/remote'), 'acme/remote', 'huggingface', { trustRemoteCode: true });
    const rels: Relation[] = [...e.relations.filter((r) => r.kind !== 'exposed-to'), { from: e.ids.notebookFile, to: hub.id, kind: 'uses-model' }];
    const { paths } = analyse([...e.assets, hub], rels, e);
    const p = paths.find((x) => x.steps[0]!.assetId === hub.id)!;
    expect(p.steps.map((s) => s.assetId)).toEqual([hub.id, e.ids.notebookFile, e.ids.dataset]);
    expect(p.explanation).toContain('explore.ipynb loads acme/remote, so code in the model runs inside explore.ipynb');
    // only from the untrusted model itself: a trusted model's users are not reached backwards
    expect(paths.some((x) => x.steps.some((s, k) => k > 0 && s.assetId === e.ids.notebookFile && x.steps[0]!.assetId !== hub.id))).toBe(false);
  });

  it('reports an internet-exposed bucket of PII as a path to the data in it', () => {
    const e = acmeEstate();
    const rels: Relation[] = [...e.relations.filter((r) => r.kind !== 'exposed-to'), { from: 'internet', to: e.ids.bucket, kind: 'exposed-to' }];
    const { paths } = analyse(e.assets, rels, e);
    const p = paths.find((x) => x.steps[1]?.assetId === e.ids.bucket)!;
    expect(p.steps.map((s) => s.assetId)).toEqual(['internet', e.ids.bucket, e.ids.dataset]);
    expect(p.severity).toBe('critical');
    // an exposed bucket that is itself the only prize is a one-hop path
    const lone = asset('storage', assetId('storage', 'aws', 's3://lone'), 'lone', 'aws', { sensitivity: 'restricted' });
    const g = buildGraph([...e.assets, lone], [{ from: 'internet', to: lone.id, kind: 'exposed-to' }], []);
    const one = findAttackPaths(g.graph, []).find((x) => x.steps[1]?.assetId === lone.id)!;
    expect(one.steps.map((s) => s.assetId)).toEqual(['internet', lone.id]);
  });

  it('respects the depth bound', () => {
    const e = acmeEstate();
    const { g } = analyse(e.assets, e.relations, e);
    const short = findAttackPaths(g.graph, e.findings, { maxDepth: 2 }); // hops after the entry asset; the internet hop is extra
    expect(short.every((p) => p.steps.length <= 4)).toBe(true);
    expect(short.some((p) => p.steps.some((s) => s.assetId === e.ids.dataset))).toBe(false);
  });

  it('groups paths by the fix that closes them', () => {
    const e = acmeEstate();
    // a second notebook with the same role: fixing the role closes both paths
    const nb2 = asset('notebook', assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance:lab2'), 'lab2', 'aws', {}, 'aws_sagemaker_notebook_instance');
    const rels: Relation[] = [...e.relations, { from: 'internet', to: nb2.id, kind: 'exposed-to' }, { from: nb2.id, to: e.ids.role, kind: 'runs-as' }];
    const { paths } = analyse([...e.assets, nb2], rels, e);
    const groups = groupByFix(paths);
    const roleFix = groups.find((gr) => gr.findingId === e.findings[1]!.id)!;
    expect(roleFix.pathIds.length).toBeGreaterThanOrEqual(2);
    expect(groups[0]!.key).toBe(roleFix.key);
    const closing = paths.filter((x) => x.fix?.findingId === roleFix.findingId);
    expect(closing[0]!.explanation).toContain(`This fix closes ${closing.length} of the reported paths.`);
  });
});

describe('lineage and risk', () => {
  it('shows which models were trained on which sensitive data, who can write it and who can invoke the model', () => {
    const e = acmeEstate();
    const rels: Relation[] = [...e.relations, { from: 'internet', to: e.ids.endpoint, kind: 'exposed-to' }, { from: e.ids.notebookInstance, to: e.ids.bucket, kind: 'writes' }];
    const { lineage } = analyse(e.assets, rels, e);
    const l = lineage.find((x) => x.modelId === e.ids.model)!;
    expect(l.sensitiveData).toBe(true);
    expect(l.sensitivity).toBe('restricted');
    const trained = l.trainedOn as { id: string; entities: Record<string, number>; writers: { id: string; level: string }[] }[];
    expect(trained.map((d) => d.id)).toEqual([e.ids.dataset]);
    expect(trained[0]!.entities).toEqual({ EMAIL_ADDRESS: 40, US_SSN: 3 });
    expect(trained[0]!.writers.map((w) => w.id).sort()).toEqual([e.ids.notebookInstance, e.ids.role].sort());
    expect((l.servedBy as { id: string }[]).map((s) => s.id)).toEqual([e.ids.endpoint]);
    expect((l.invokers as { id: string }[]).map((s) => s.id)).toContain('internet');
    expect(l.poisoningExposure).toBe(2);
  });

  it('is empty for an estate without models, and lists an untrained model with nothing behind it', () => {
    expect(buildLineage(buildGraph([], [], []).graph)).toEqual([]);
    const m = asset('ai-model', assetId('ai-model', 'openai', 'gpt-4o'), 'gpt-4o', 'openai');
    const [l] = buildLineage(buildGraph([m], [], []).graph);
    expect(l).toMatchObject({ model: 'gpt-4o', trainedOn: [], sensitiveData: false, servedBy: [], invokers: [], poisoningExposure: 0 });
  });

  it('raises the risk score of findings on critical paths above isolated findings of the same severity', () => {
    const e = acmeEstate();
    const lonely = fail('some_other_rule', e.ids.cleanDataset, 'governance', 'high', 'm', 'r');
    const { paths } = analyse(e.assets, e.relations, e);
    const all = [...e.findings, lonely];
    annotateRiskScores(all, paths);
    const roleScore = all[1]!.properties!.riskScore as number;
    expect(roleScore).toBeGreaterThan(lonely.properties!.riskScore as number);
    expect(lonely.properties!.riskScore).toBe(45);
    expect(roleScore).toBeLessThanOrEqual(100);
  });
});
