import { mkdtemp, mkdir, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetId, defineAnalyzer, type Analyzer } from '../core/index.js';
import { resolveOptions } from '../config/index.js';
import { runScan } from './run-scan.js';
import { selectAnalyzers, UnknownAnalyzerError } from './registry.js';

async function tree(spec: Record<string, string>) {
  const root = await mkdtemp(path.join(tmpdir(), 'aispm-scan-'));
  for (const [rel, content] of Object.entries(spec)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

const pyFiles = defineAnalyzer({
  id: 'py',
  version: '1',
  description: 'test: one asset per .py file naming the model it mentions',
  wants: (p) => p.endsWith('.py'),
  async analyze(file) {
    const text = await file.text();
    const m = /model="([^"]+)"/.exec(text);
    if (!m) return {};
    return { assets: [{ id: assetId('ai-model', 'openai', m[1]!), kind: 'ai-model', name: m[1]!, provider: 'openai', locations: [{ path: file.path }], properties: {} }] };
  },
});

describe('runScan', () => {
  it('merges the same asset seen in several files into one with every location', async () => {
    const root = await tree({ 'a.py': 'x(model="gpt-4o")', 'sub/b.py': 'y(model="gpt-4o")', 'c.txt': 'model="gpt-4o"' });
    const r = await runScan(resolveOptions([root], {}), {}, { analyzers: [pyFiles], rules: [] });
    expect(r.assets).toHaveLength(1);
    expect(r.assets[0]!.locations.map((l) => l.path).sort()).toEqual(['a.py', 'sub/b.py']);
    expect(r.scan.stats).toMatchObject({ filesSeen: 3, filesAnalyzed: 2 });
    expect(r.schema).toBe('aispm.report/v1');
  });

  it('calls finish once per target after all its files, with the context its files were given', async () => {
    const seen = new Map<object, string[]>();
    const calls: string[][] = [];
    const counting: Analyzer = {
      ...pyFiles,
      id: 'counting',
      async analyze(file, ctx) {
        seen.set(ctx, [...(seen.get(ctx) ?? []), file.path]);
        return {};
      },
      async finish(ctx) {
        calls.push([...(seen.get(ctx) ?? [])].sort());
        return { findings: [], issues: [{ path: '.', reason: 'limit', message: `${seen.get(ctx)?.length} file(s) compared`, source: 'counting' }] };
      },
    };
    const a = await tree({ 'a.py': 'x', 'sub/b.py': 'y' });
    const b = await tree({ 'c.py': 'z' });
    const r = await runScan(resolveOptions([a, b], {}), {}, { analyzers: [counting], rules: [] });
    expect(calls).toEqual([[`${path.basename(a)}/a.py`, `${path.basename(a)}/sub/b.py`], [`${path.basename(b)}/c.py`]]);
    expect(r.scan.issues.map((i) => i.message)).toEqual(['2 file(s) compared', '1 file(s) compared']);
  });

  it('reports a finish that throws as an issue of its target, and keeps the files\' results', async () => {
    const failing: Analyzer = { ...pyFiles, id: 'failing', finish: () => Promise.reject(new Error('out of room')) };
    const root = await tree({ 'a.py': 'model="gpt-4o"' });
    const r = await runScan(resolveOptions([root], {}), {}, { analyzers: [failing], rules: [] });
    expect(r.assets.map((x) => x.name)).toEqual(['gpt-4o']);
    expect(r.scan.issues).toEqual([{ path: '.', reason: 'error', message: '.: out of room', source: 'failing' }]);
  });

  it('keeps going when an analyzer throws, and reports the file', async () => {
    const boom: Analyzer = { ...pyFiles, id: 'boom', analyze: async (f) => (f.path === 'bad.py' ? Promise.reject(new Error('kaput\nstack')) : pyFiles.analyze(f, { root: '', options: {} })) };
    const root = await tree({ 'bad.py': 'x', 'good.py': 'model="claude-3-5-sonnet"' });
    const r = await runScan(resolveOptions([root], {}), {}, { analyzers: [boom], rules: [] });
    expect(r.assets.map((a) => a.name)).toEqual(['claude-3-5-sonnet']);
    expect(r.scan.issues).toEqual([{ path: 'bad.py', reason: 'error', message: 'bad.py: kaput', source: 'boom' }]);
  });

  it('abandons an analyzer that hangs past the per-file timeout', async () => {
    const hang: Analyzer = { ...pyFiles, id: 'hang', analyze: () => new Promise(() => {}) };
    const root = await tree({ 'a.py': 'x' });
    const opts = resolveOptions([root], { limits: { fileTimeoutMs: 50 } });
    const r = await runScan(opts, {}, { analyzers: [hang], rules: [] });
    expect(r.scan.issues[0]).toMatchObject({ path: 'a.py', reason: 'timeout', source: 'hang', message: expect.stringMatching(/^a\.py: did not finish/) });
  });

  it('gives inspectors their own, longer budget', async () => {
    const slow: Analyzer = { ...pyFiles, id: 'slow', stage: 'inspector', analyze: () => new Promise((r) => setTimeout(() => r({}), 150)) };
    const root = await tree({ 'a.py': 'x' });
    const opts = resolveOptions([root], { limits: { fileTimeoutMs: 20, inspectorTimeoutMs: 5_000 } });
    const r = await runScan(opts, {}, { analyzers: [slow], rules: [] });
    expect(r.scan.issues).toEqual([]);
  });

  it('skips whole-file reads over the cap as too-large without reading them', async () => {
    const root = await tree({ 'huge.py': '' });
    await truncate(path.join(root, 'huge.py'), 2 * 1024 * 1024 * 1024); // sparse 2 GiB file
    const r = await runScan(resolveOptions([root], {}), {}, { analyzers: [pyFiles], rules: [] });
    expect(r.scan.issues[0]).toMatchObject({ path: 'huge.py', reason: 'too-large', source: 'py' });
  });

  it('prefixes paths when several targets are scanned together', async () => {
    const a = await tree({ 'm.py': 'model="gpt-4o-mini"' });
    const b = await tree({ 'n.py': 'model="o3"' });
    const r = await runScan(resolveOptions([a, b], {}), {}, { analyzers: [pyFiles], rules: [] });
    const paths = r.assets.flatMap((x) => x.locations.map((l) => l.path!)).sort();
    // Both lie outside the working folder: named from their common folder (the temp folder), not `../../tmp/…`.
    expect(paths).toEqual([`${path.basename(a)}/m.py`, `${path.basename(b)}/n.py`].sort());
  });

  it('names a file target by its own name under its folder, once', async () => {
    const a = await tree({ 'm.py': 'model="gpt-4o-mini"' });
    const b = await tree({ 'n.py': 'model="o3"' });
    const r = await runScan(resolveOptions([path.join(a, 'm.py'), b], {}), {}, { analyzers: [pyFiles], rules: [] });
    const paths = r.assets.flatMap((x) => x.locations.map((l) => l.path!)).sort();
    expect(paths).toEqual([`${path.basename(a)}/m.py`, `${path.basename(b)}/n.py`].sort());
  });

  it('processes many files with bounded concurrency and loses none', async () => {
    const spec: Record<string, string> = {};
    for (let i = 0; i < 300; i++) spec[`d${i % 7}/f${i}.py`] = `model="m-${i}"`;
    const root = await tree(spec);
    const seen: number[] = [];
    const r = await runScan(resolveOptions([root], { limits: { concurrency: 3 } }), { onProgress: (p) => seen.push(p.filesDone) }, { analyzers: [pyFiles], rules: [] });
    expect(r.assets).toHaveLength(300);
    expect(Math.max(...seen)).toBe(300);
    expect(r.assets.find((a) => a.name === 'm-5')!.id).toBe(assetId('ai-model', 'openai', 'm-5'));
  });
});

describe('progress within a file', () => {
  it('shows an analyzer\'s progress through a long file as a percentage on the progress line', async () => {
    const root = await tree({ 'big.py': 'x = 1' });
    const slow = defineAnalyzer({
      id: 'slow',
      version: '1',
      description: 'reports progress',
      wants: (p) => p.endsWith('.py'),
      async analyze(file, ctx) {
        for (const f of [0.25, 0.5, 1.2]) ctx.progress?.(file.path, f);
        return {};
      },
    });
    const seen: (string | undefined)[] = [];
    await runScan(resolveOptions([root], {}), { onProgress: (p) => seen.push(p.current) }, { analyzers: [slow], rules: [] });
    expect(seen).toEqual(['big.py 25%', 'big.py 50%', 'big.py 100%', 'big.py']);
  });
});

describe('selectAnalyzers', () => {
  it('rejects unknown ids instead of silently scanning nothing', () => {
    expect(() => selectAnalyzers(['nope'], undefined, [pyFiles])).toThrow(UnknownAnalyzerError);
    expect(selectAnalyzers(['py'], undefined, [pyFiles])).toEqual([pyFiles]);
    expect(selectAnalyzers(undefined, ['py'], [pyFiles])).toEqual([]);
  });
});
