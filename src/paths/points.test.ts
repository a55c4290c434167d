import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId, internetAsset, type Relation } from '../core/index.js';
import { buildGraph } from '../graph/index.js';
import { asset, fail } from '../graph/testing/synthetic-estate.js';
import { failingByAsset } from './find-paths.js';
import { findCrownJewels, findEntryPoints } from './points.js';

describe('entry points', () => {
  it('finds every kind the attack-path model names', () => {
    const ep = asset('inference-endpoint', assetId('inference-endpoint', 'k8s', 'e'), 'exposed-vllm', 'kubernetes');
    const authed = asset('inference-endpoint', assetId('inference-endpoint', 'k8s', 'a'), 'authed', 'kubernetes', { authenticated: true });
    const mcp = asset('mcp-server', assetId('mcp-server', 'local', 'm'), 'ops-shell', 'local', { auth: 'none' });
    const unpinned = asset('mcp-server', assetId('mcp-server', 'local', 'u'), 'fetch', 'local', { pinned: false });
    const key = asset('secret', assetId('secret', 'local', 'k'), 'key', 'local', {}, undefined, '.env');
    const bad = asset('model-file', fileAssetId('model-file', 'm.pkl'), 'm.pkl', 'local', { verdict: 'malicious' });
    const odd = asset('model-file', fileAssetId('model-file', 'n.pkl'), 'n.pkl', 'local', { verdict: 'suspicious' });
    const clean = asset('model-file', fileAssetId('model-file', 'c.safetensors'), 'c.safetensors', 'local', { verdict: 'clean' });
    const remote = asset('ai-model', assetId('ai-model', 'huggingface', 'r'), 'org/remote', 'huggingface', { trustRemoteCode: true });
    const agent = asset('agent', assetId('agent', 'langchain', 'a'), 'bot', 'langchain');
    const web = asset('agent-tool', assetId('agent-tool', 'langchain', 'w'), 'RequestsGetTool', 'langchain', {}, 'http-fetch');
    const everyone = asset('identity', assetId('identity', 'gcp', 'allUsers'), 'allUsers', 'gcp');
    const bucket = asset('storage', assetId('storage', 'gcp', 'gs://rag'), 'rag', 'gcp');
    const rels: Relation[] = [
      { from: 'internet', to: ep.id, kind: 'exposed-to' },
      { from: 'internet', to: authed.id, kind: 'exposed-to' },
      { from: agent.id, to: web.id, kind: 'has-tool' },
      { from: everyone.id, to: bucket.id, kind: 'can-access', properties: { level: 'write' } },
    ];
    const g = buildGraph([internetAsset(), ep, authed, mcp, unpinned, key, bad, odd, clean, remote, agent, web, everyone, bucket], rels, []);
    const entries = findEntryPoints(g.graph, new Map());
    const by = new Map(entries.map((e) => [e.assetId, e]));
    expect(by.get(ep.id)).toMatchObject({ kind: 'internet', exploitability: 1, viaInternet: true });
    expect(by.get(authed.id)!.exploitability).toBeLessThan(1);
    expect(by.get(mcp.id)).toMatchObject({ kind: 'unauthenticated-server' });
    expect(by.get(unpinned.id)).toMatchObject({ kind: 'untrusted-model' });
    expect(by.get(key.id)).toMatchObject({ kind: 'leaked-credential' });
    expect(by.get(bad.id)!.exploitability).toBeGreaterThan(by.get(odd.id)!.exploitability);
    expect(by.has(clean.id)).toBe(false);
    expect(by.get(remote.id)).toMatchObject({ kind: 'untrusted-model' });
    expect(by.get(agent.id)).toMatchObject({ kind: 'untrusted-content' });
    expect(by.get(bucket.id)).toMatchObject({ kind: 'writable-data' });
    expect(by.has('internet')).toBe(false);
  });

  it('finds none in an estate with nothing reachable or untrusted', () => {
    const g = buildGraph([asset('dataset', fileAssetId('dataset', 'a.csv'), 'a.csv', 'local', { sensitivity: 'public' })], [], []);
    expect(findEntryPoints(g.graph, new Map())).toEqual([]);
  });
});

describe('crown jewels', () => {
  it('values sensitive data, privileged identities, credentials, secret stores and model weights', () => {
    const restricted = asset('dataset', fileAssetId('dataset', 'r.csv'), 'r.csv', 'local', { sensitivity: 'restricted' });
    const conf = asset('dataset', fileAssetId('dataset', 'c.csv'), 'c.csv', 'local', { entities: { EMAIL_ADDRESS: 3 } });
    const flagged = asset('dataset', fileAssetId('dataset', 'f.csv'), 'f.csv', 'local');
    const pub = asset('dataset', fileAssetId('dataset', 'p.csv'), 'p.csv', 'local', { sensitivity: 'public' });
    const admin = asset('identity', assetId('identity', 'aws', 'iam-role:a'), 'a', 'aws', { managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const reader = asset('identity', assetId('identity', 'aws', 'iam-role:r'), 'r', 'aws');
    const vault = asset('storage', assetId('storage', 'aws', 'sm'), 'db-password', 'aws', {}, 'aws_secretsmanager_secret');
    const weights = asset('model-file', fileAssetId('model-file', 'w.safetensors'), 'w.safetensors', 'local');
    const hosted = asset('ai-model', assetId('ai-model', 'openai', 'gpt-4o'), 'gpt-4o', 'openai');
    const trained = asset('ai-model', assetId('ai-model', 'local', 't'), 'triage', 'local');
    const g = buildGraph([restricted, conf, flagged, pub, admin, reader, vault, weights, hosted, trained], [], []);
    const jewels = findCrownJewels(g.graph, failingByAsset([fail('data_no_personal_data', flagged.id, 'sensitive-data', 'high', 'm', 'r')]), new Set([trained.id]));
    const impact = new Map(jewels.map((j) => [j.assetId, j.impact]));
    expect(impact.get(restricted.id)).toBe(1);
    expect(impact.get(conf.id)).toBe(0.85);
    expect(impact.get(flagged.id)).toBe(0.85);
    expect(impact.has(pub.id)).toBe(false);
    expect(impact.get(admin.id)).toBeGreaterThan(0);
    expect(impact.has(reader.id)).toBe(false);
    expect(impact.get(vault.id)).toBeGreaterThan(0);
    expect(impact.get(weights.id)).toBe(0.6);
    expect(impact.has(hosted.id)).toBe(false);
    expect(impact.get(trained.id)).toBe(0.8);
  });
});
