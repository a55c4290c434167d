import { describe, expect, it } from 'vitest';
import type { Asset, Finding } from '../core/index.js';
import { assetDigest, canonicalJson, diffAssets, diffFindings, diffProperties, driftEvents, diffScans } from './diff.js';
import { computeLifecycle, type FindingState } from './lifecycle.js';

const asset = (id: string, kind: Asset['kind'], properties: Asset['properties'] = {}): Asset => ({ id, kind, name: id, provider: 'local', locations: [{ path: `${id}.x`, line: 3 }], properties });
const finding = (id: string, lifecycle?: string): Finding => ({
  id, ruleId: `r-${id}`, title: 't', severity: 'high', category: 'exposure', status: 'fail', assetId: 'a', location: {}, message: 'm', remediation: 'r', frameworks: {},
  ...(lifecycle ? { properties: { lifecycle: { state: lifecycle } } } : {}),
});

describe('diffProperties', () => {
  it('reports leaf changes with dotted paths; arrays as whole values; key order irrelevant', () => {
    expect(diffProperties({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 2, c: [1, 2] }, e: true })).toEqual([
      { path: 'a.b', before: 1, after: 2 },
      { path: 'd', before: 'x' },
      { path: 'e', after: true },
    ]);
    expect(diffProperties({ o: { x: 1, y: 2 } }, { o: { y: 2, x: 1 } })).toEqual([]);
    expect(diffProperties(undefined, undefined)).toEqual([]);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe('diffAssets', () => {
  it('finds added, removed and changed assets, ignores moved locations, flags MCP definition changes', () => {
    const nb = asset('nb', 'notebook', { resource: { attributes: { direct_internet_access: 'Disabled' } } });
    const mcp = asset('mcp', 'mcp-server', { command: 'npx', args: ['pkg@1'], client: 'cursor' });
    const moved = asset('pkg', 'ai-package', { version: '1' });
    const after = [
      asset('nb', 'notebook', { resource: { attributes: { direct_internet_access: 'Enabled' } } }),
      asset('mcp', 'mcp-server', { command: 'npx', args: ['pkg@2'], client: 'vscode' }),
      { ...moved, locations: [{ path: 'elsewhere', line: 99 }] },
      asset('new', 'model-file'),
      { id: 'internet', kind: 'internet' as const, name: 'internet', provider: 'virtual', locations: [], properties: {} },
    ];
    const d = diffAssets([nb, mcp, moved, asset('gone', 'secret')], after);
    expect(d.added.map((a) => a.id)).toEqual(['new']);
    expect(d.removed.map((a) => a.id)).toEqual(['gone']);
    expect(d.changed.map((c) => c.id)).toEqual(['nb', 'mcp']);
    expect(d.mcp).toHaveLength(1);
    expect(d.mcp[0]!.changes).toEqual([{ path: 'args', before: ['pkg@1'], after: ['pkg@2'] }]);
    expect(assetDigest(moved)).toBe(assetDigest({ ...moved, locations: [] }));
  });
});

describe('diffFindings / diffScans', () => {
  it('splits new, reopened (incl. lapsed exceptions) and resolved', () => {
    const d = diffFindings([finding('keep'), finding('gone'), finding('lapsed', 'suppressed')], [finding('keep'), finding('fresh', 'new'), finding('back', 'reopened'), finding('lapsed', 'reopened')]);
    expect(d.new.map((f) => f.id)).toEqual(['fresh']);
    expect(d.reopened.map((f) => f.id)).toEqual(['back', 'lapsed']);
    expect(d.resolved.map((f) => f.id)).toEqual(['gone']);
  });

  it('events flatten a diff; from nothing everything is new', () => {
    const base = { schema: 'aispm.report/v1' as const, tool: { name: 'aispm' as const, version: '0' }, relations: [], paths: [], compliance: [] };
    const scan = (id: string) => ({ id, startedAt: 'x', finishedAt: 'y', targets: ['.'], stats: { filesSeen: 0, filesAnalyzed: 0, bytesRead: 0, filesSkipped: 0, durationMs: 0, assetsByKind: {}, findingsBySeverity: {}, analyzers: {} }, issues: [] });
    const d = diffScans(null, { ...base, scan: scan('b'), assets: [asset('m', 'model-file')], findings: [finding('f')] });
    expect(d.from).toBeNull();
    expect(driftEvents(d).map((e) => e.type)).toEqual(['asset-added', 'finding-new']);
  });
});

describe('computeLifecycle', () => {
  it('labels, counts reopen episodes, resolves what disappeared; ignores non-failing and duplicates', () => {
    const prev = new Map<string, FindingState>([
      ['open', { findingId: 'open', ruleId: 'r', severity: 'high', state: 'open', firstSeen: 't0', lastSeen: 't1', firstScan: 's0', lastScan: 's1', resolvedAt: null, reopenedCount: 0 }],
      ['res', { findingId: 'res', ruleId: 'r', severity: 'high', state: 'resolved', firstSeen: 't0', lastSeen: 't0', firstScan: 's0', lastScan: 's0', resolvedAt: 't1', reopenedCount: 2 }],
      ['gone', { findingId: 'gone', ruleId: 'r', severity: 'high', state: 'open', firstSeen: 't0', lastSeen: 't1', firstScan: 's0', lastScan: 's1', resolvedAt: null, reopenedCount: 0 }],
    ]);
    const pass = { ...finding('passing'), status: 'pass' as const };
    const sup = { ...finding('sup'), properties: { suppressed: { by: 'config' } } };
    const r = computeLifecycle(prev, [finding('open'), finding('res'), finding('fresh'), finding('fresh'), pass, sup], { id: 's2', at: 't2' });
    expect(Object.fromEntries(r.labels)).toEqual({ open: 'open', res: 'reopened', fresh: 'new', sup: 'suppressed' });
    expect(r.next.find((s) => s.findingId === 'res')).toMatchObject({ reopenedCount: 3, state: 'open', firstSeen: 't0', lastSeen: 't2' });
    expect(r.next.find((s) => s.findingId === 'sup')).toMatchObject({ state: 'excepted' });
    expect(r.resolved.map((s) => [s.findingId, s.resolvedAt])).toEqual([['gone', 't2']]);
    expect(r.writes.map((s) => s.findingId).sort()).toEqual(['fresh', 'res', 'sup']);
    expect(computeLifecycle(new Map(), [], { id: 'x', at: 'y' })).toEqual({ next: [], writes: [], labels: new Map(), resolved: [] });
  });
});
