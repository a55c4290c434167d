/**
 * The ONE store contract suite (DESIGN §6), run on both drivers: embedded PGlite in a temp folder
 * and the real PostgreSQL server at AISPM_TEST_DATABASE_URL (a fresh schema per run, dropped after).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { TEST_DATABASE_URL, asset, dropSchema, finding, freshSchema, result, type StoreTarget } from './store-fixtures.js';

async function pgliteTarget(): Promise<StoreTarget> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aispm-store-'));
  return { name: 'pglite', spec: dir, open: () => openStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function postgresTarget(): Promise<StoreTarget> {
  const schema = freshSchema();
  return { name: 'postgres', spec: TEST_DATABASE_URL, schema, open: () => openStore(TEST_DATABASE_URL, { schema }), cleanup: () => dropSchema(schema) };
}

describe.each([
  ['pglite', pgliteTarget],
  ['postgres', postgresTarget],
] as const)('store contract on %s', (_name, make) => {
  let target: StoreTarget;
  let store: Store;
  beforeAll(async () => {
    target = await make();
    store = await target.open();
  });
  afterAll(async () => {
    await store?.close();
    await target?.cleanup();
  });

  it('migrates idempotently: a second open of the same database works and sees the same data', async () => {
    const a = asset('model-file', 'm/a.pt');
    await store.saveScan(result([a], [finding('r1', a)]), { targetKey: '/idem' });
    // PGlite allows one open handle per folder; close and reopen like a second process would.
    await store.close();
    store = await target.open();
    expect((await store.listScans({ targetKey: '/idem' })).length).toBe(1);
  });

  it('round-trips a whole report: assets, relations, findings, paths, compliance', async () => {
    const a = asset('model-file', 'rt/a.pt', { format: 'pytorch', nested: { x: [1, 2] } });
    const b = asset('dataset', 'rt/b.csv');
    const r = result([a, b], [finding('r1', a), finding('r2', b, 'low', 'pass')]);
    r.paths = [{ id: 'p1', severity: 'critical', title: 'path', steps: [{ assetId: a.id }], findingIds: [r.findings[0]!.id], explanation: 'why' }];
    await store.saveScan(r, { targetKey: '/rt' });
    const back = await store.getScan(r.scan.id);
    expect(back).toBeDefined();
    expect(back!.schema).toBe('aispm.report/v1');
    expect(back!.scan.id).toBe(r.scan.id);
    expect(back!.assets.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(back!.assets.find((x) => x.id === a.id)!.properties).toEqual({ format: 'pytorch', nested: { x: [1, 2] } });
    expect(back!.relations).toEqual(r.relations);
    expect(back!.findings.map((f) => f.id)).toEqual(r.findings.map((f) => f.id));
    expect(back!.paths).toEqual(r.paths);
    expect(back!.compliance).toEqual(r.compliance);
    expect(await store.getScan('no-such-scan')).toBeUndefined();
  });

  it('keeps each finding lifecycle per target: new → open → resolved → reopened, with first/last seen', async () => {
    const key = '/life';
    const a = asset('notebook', 'n.ipynb');
    const fa = finding('ra', a);
    const fb = finding('rb', a);
    const fc = finding('rc', a);
    const s1 = await store.saveScan(result([a], [fa, fb], '2026-01-01T00:00:00.000Z'), { targetKey: key });
    expect(s1.counts.lifecycle).toMatchObject({ new: 2, resolved: 0 });
    const r2 = result([a], [structuredClone(fa), structuredClone(fc)], '2026-01-02T00:00:00.000Z');
    const s2 = await store.saveScan(r2, { targetKey: key });
    expect(s2.previousScanId).toBe(s1.scanId);
    expect(s2.resolved.map((s) => s.findingId)).toEqual([fb.id]);
    expect(r2.findings.map((f) => (f.properties?.lifecycle as { state: string }).state)).toEqual(['open', 'new']);
    const r3 = result([a], [structuredClone(fa), structuredClone(fb)], '2026-01-03T00:00:00.000Z');
    const s3 = await store.saveScan(r3, { targetKey: key });
    expect(r3.findings.map((f) => (f.properties?.lifecycle as { state: string }).state)).toEqual(['open', 'reopened']);
    expect(s3.episodes.get(fb.id)).toBe(1);
    const states = new Map((await store.findingStates(key)).map((s) => [s.findingId, s]));
    expect(states.get(fa.id)).toMatchObject({ state: 'open', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-03T00:00:00.000Z', reopenedCount: 0 });
    expect(states.get(fb.id)).toMatchObject({ state: 'open', firstSeen: '2026-01-01T00:00:00.000Z', reopenedCount: 1, resolvedAt: null });
    expect(states.get(fc.id)).toMatchObject({ state: 'resolved', resolvedAt: '2026-01-03T00:00:00.000Z', lastSeen: '2026-01-02T00:00:00.000Z', lastScan: s2.scanId });
    // Another target's scans do not touch this target's lifecycle.
    await store.saveScan(result([a], [], '2026-01-04T00:00:00.000Z'), { targetKey: '/other' });
    expect((await store.findingStates(key)).find((s) => s.findingId === fa.id)!.state).toBe('open');
  });

  it('an exception that goes away (expired) reopens its finding', async () => {
    const key = '/exc';
    const a = asset('dataset', 'pii.csv');
    const f = finding('pii', a);
    const excepted = structuredClone(f);
    excepted.properties = { suppressed: { by: 'store', reason: 'accepted risk', owner: 'sec', expires: '2026-02-01' } };
    const r1 = result([a], [excepted]);
    const s1 = await store.saveScan(r1, { targetKey: key });
    expect(s1.counts.lifecycle).toMatchObject({ suppressed: 1 });
    const r2 = result([a], [structuredClone(f)]);
    const s2 = await store.saveScan(r2, { targetKey: key });
    expect((r2.findings[0]!.properties!.lifecycle as { state: string }).state).toBe('reopened');
    expect(s2.episodes.get(f.id)).toBe(1);
    const d = await store.diff(s1.scanId, s2.scanId);
    expect(d.findings.reopened.map((x) => x.id)).toEqual([f.id]);
    expect(d.findings.new).toEqual([]);
  });

  it('lists scans newest first per target and finds them by id prefix', async () => {
    const key = '/hist';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await store.saveScan(result([], []), { targetKey: key })).scanId);
    const list = await store.listScans({ targetKey: key });
    expect(list.map((s) => s.id)).toEqual(ids.reverse());
    expect(list[0]!.targetKey).toBe(key);
    expect((await store.findScan(ids[0]!.slice(0, 12)))?.id).toBe(ids[0]);
    expect(await store.findScan('zzzzzzzz')).toBeUndefined();
    expect((await store.listScans({ limit: 2 })).length).toBe(2);
  });

  it('diffs two saved scans: new/removed assets, drift before → after, MCP rug pull, finding changes', async () => {
    const key = '/diff';
    const nb1 = asset('notebook', 'aws_sagemaker_notebook_instance.lab', { resource: { attributes: { direct_internet_access: 'Disabled', root_access: 'Disabled' } } });
    const mcp1 = asset('mcp-server', 'filesystem', { command: 'npx', args: ['-y', '@acme/fs-mcp@1.0.0'], definitionHash: 'aaa' });
    const gone = asset('secret', 'env/.env');
    const same = asset('ai-package', 'pypi:torch', { version: '2.3.0' });
    const fSecret = finding('secret-in-file', gone, 'critical');
    const fSame = finding('unpinned', same, 'low');
    const s1 = await store.saveScan(result([nb1, mcp1, gone, same], [fSecret, fSame]), { targetKey: key });

    const nb2 = structuredClone(nb1);
    nb2.properties = { resource: { attributes: { direct_internet_access: 'Enabled', root_access: 'Disabled' } } };
    const mcp2 = structuredClone(mcp1);
    mcp2.properties = { command: 'npx', args: ['-y', '@acme/fs-mcp@1.0.1'], definitionHash: 'bbb' };
    const model = asset('model-file', 'models/new.pkl');
    const fNb = finding('notebook-no-internet', nb2, 'high');
    const s2 = await store.saveScan(result([nb2, mcp2, same, model], [structuredClone(fSame), fNb]), { targetKey: key });

    const d = await store.diff(s1.scanId, s2.scanId);
    expect(d.from?.id).toBe(s1.scanId);
    expect(d.assets.added.map((x) => x.name)).toEqual(['models/new.pkl']);
    expect(d.assets.removed.map((x) => x.name)).toEqual(['env/.env']);
    const drift = d.assets.changed.find((c) => c.id === nb1.id)!;
    expect(drift.changes).toEqual([{ path: 'resource.attributes.direct_internet_access', before: 'Disabled', after: 'Enabled' }]);
    expect(d.assets.changed.some((c) => c.id === same.id)).toBe(false);
    expect(d.mcp).toHaveLength(1);
    expect(d.mcp[0]!.changes.map((c) => c.path).sort()).toEqual(['args', 'definitionHash']);
    expect(d.findings.new.map((f) => f.ruleId)).toEqual(['notebook-no-internet']);
    expect(d.findings.resolved.map((f) => f.ruleId)).toEqual(['secret-in-file']);
    expect(d.findings.reopened).toEqual([]);
    // The secret comes back: reopened, not new.
    const s3 = await store.saveScan(result([nb2, gone], [structuredClone(fSecret)]), { targetKey: key });
    const d2 = await store.diff(s2.scanId, s3.scanId);
    expect(d2.findings.reopened.map((f) => f.ruleId)).toEqual(['secret-in-file']);
    expect(d2.findings.new).toEqual([]);
    // Against nothing, everything is new.
    const d0 = await store.diff(null, s1.scanId);
    expect(d0.from).toBeNull();
    expect(d0.findings.new.length).toBe(2);
    await expect(store.diff('nope-nope', s1.scanId)).rejects.toThrow(/no saved scan/);
  });

  it('rolls back a failed save completely (previous state intact)', async () => {
    const key = '/rollback';
    const a = asset('model-file', 'rb.pt');
    const r1 = result([a], [finding('r1', a)]);
    await store.saveScan(r1, { targetKey: key });
    // Same scan id again: the scans insert fails after the lifecycle was computed; nothing may stick.
    const again = result([a], [finding('r2', a)]);
    again.scan.id = r1.scan.id;
    await expect(store.saveScan(again, { targetKey: key })).rejects.toThrow();
    expect((await store.listScans({ targetKey: key })).length).toBe(1);
    expect((await store.findingStates(key)).map((s) => s.ruleId)).toEqual(['r1']);
    expect((await store.getScan(r1.scan.id))!.findings.map((f) => f.ruleId)).toEqual(['r1']);
  });

  it('saves scans of different targets concurrently', async () => {
    const mk = (t: string) => {
      const as = Array.from({ length: 200 }, (_, i) => asset('ai-package', `${t}/p${i}`));
      return result(as, as.map((x) => finding('r', x)));
    };
    const [x, y] = await Promise.all([store.saveScan(mk('x'), { targetKey: '/par-x' }), store.saveScan(mk('y'), { targetKey: '/par-y' })]);
    expect(x.counts.lifecycle.new).toBe(200);
    expect(y.counts.lifecycle.new).toBe(200);
    expect((await store.findingStates('/par-x')).length).toBe(200);
    expect((await store.findingStates('/par-y')).length).toBe(200);
  });

  it('stores suppressions, dataset approvals and the notification log', async () => {
    const s = await store.addSuppression({ selector: 'rule-x', reason: 'test data', owner: 'ml-team', expires: '2030-01-01' });
    expect((await store.listSuppressions()).find((x) => x.id === s.id)).toMatchObject({ selector: 'rule-x', owner: 'ml-team', expires: '2030-01-01' });
    expect(await store.removeSuppression(s.id)).toBe(true);
    expect(await store.removeSuppression(s.id)).toBe(false);
    await store.addApproval({ sha256: 'ab'.repeat(32), path: 'data/x.csv', approver: 'dpo', expires: '2030-01-01' });
    await store.addApproval({ sha256: 'ab'.repeat(32), path: 'data/x.csv', approver: 'ciso' });
    const approvals = await store.listApprovals();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ approver: 'ciso', path: 'data/x.csv' });
    expect(approvals[0]!.expires).toBeUndefined();
    await store.recordNotified('/n', 'webhook', [{ findingId: 'f1', episode: 0 }]);
    await store.recordNotified('/n', 'webhook', [{ findingId: 'f1', episode: 0 }, { findingId: 'f2', episode: 1 }]);
    expect([...(await store.notified('/n', 'webhook'))].sort()).toEqual(['f1#0', 'f2#1']);
    expect((await store.notified('/n', 'slack')).size).toBe(0);
  });
});
