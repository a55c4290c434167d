import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPORT_SCHEMA_ID, assetId, findingFingerprint, type Asset, type Finding, type ScanResult, type Severity } from '../src/core/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { peakRssMB, printTable } from './table.js';

/**
 * Store speed (issue 7): save a scan with 100,000 findings (limit 10 s) and diff two such scans
 * (limit 2 s), on embedded PGlite and on the PostgreSQL server at $AISPM_BENCH_DATABASE_URL /
 * $AISPM_TEST_DATABASE_URL (a throwaway schema, dropped after). The second scan changes 5% of the
 * findings and 2% of the assets, like a busy day in a monorepo.
 */
const FINDINGS = 100_000;
const ASSETS = 20_000;
const SAVE_LIMIT_S = 10;
const DIFF_LIMIT_S = 2;
/** Diff runs per driver (median reported): $AISPM_BENCH_REPEAT, default 3. */
const DIFF_REPEAT = Math.max(1, Number(process.env.AISPM_BENCH_REPEAT) || 3);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A synthetic scan; generation 1 drifts from generation 0 (exported for profiling harnesses). */
export function makeScan(generation: number): ScanResult {
  const assets: Asset[] = [];
  for (let i = 0; i < ASSETS; i++) {
    const drift = generation > 0 && i % 50 === 0;
    const loc = `services/svc-${i % 400}/models/model-${i}.pt`;
    assets.push({
      id: assetId('model-file', 'local', loc),
      kind: 'model-file',
      name: `model-${i}.pt`,
      provider: 'local',
      type: 'pytorch',
      locations: [{ path: loc }],
      properties: { format: 'pytorch', size: 1000 + i, sha256: `${i}`.padStart(64, '0'), resource: { attributes: { direct_internet_access: drift ? 'Enabled' : 'Disabled' } } },
    });
  }
  const findings: Finding[] = [];
  for (let i = 0; i < FINDINGS; i++) {
    // Generation 1 drops every 20th finding of generation 0 and adds as many new ones.
    const n = generation > 0 && i % 20 === 0 ? FINDINGS + i : i;
    const a = assets[n % ASSETS]!;
    const ruleId = `rule_${n % 60}`;
    findings.push({
      id: findingFingerprint(ruleId, a.id, String(n)),
      ruleId,
      title: `Rule ${n % 60} holds`,
      severity: SEVERITIES[n % 5]!,
      category: 'unsafe-model',
      status: 'fail',
      assetId: a.id,
      location: { path: a.locations[0]!.path, line: (n % 300) + 1 },
      message: `finding ${n}: the model file imports a callable that runs code when loaded (os.system)`,
      remediation: 'Convert to safetensors and load with weights_only=True.',
      frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010'] },
      properties: { globals: ['os.system'], verdict: 'malicious' },
    });
  }
  const at = new Date(Date.UTC(2026, 0, 1 + generation)).toISOString();
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'aispm', version: 'bench' },
    scan: { id: randomUUID(), startedAt: at, finishedAt: at, targets: ['.'], stats: { filesSeen: 0, filesAnalyzed: 0, bytesRead: 0, filesSkipped: 0, durationMs: 0, assetsByKind: {}, findingsBySeverity: {}, analyzers: {} }, issues: [] },
    assets,
    relations: assets.slice(1).map((a, i) => ({ from: assets[i]!.id, to: a.id, kind: 'depends-on' as const })),
    findings,
    paths: [],
    compliance: [],
  };
}

interface Row {
  driver: string;
  save1: number;
  save2: number;
  diff: number;
  /** CPU seconds of this process for save 1, save 2, diff: less sensitive to a busy machine than wall time. */
  cpu: [number, number, number];
  changes: string;
  rss: number;
}

async function measure(driver: string, open: () => Promise<Store>): Promise<Row> {
  const store = await open();
  try {
    const cpuSec = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
    const a = makeScan(0);
    let t = performance.now();
    let c = process.cpuUsage();
    await store.saveScan(a, { targetKey: '/bench' });
    const save1 = (performance.now() - t) / 1000;
    const cpu1 = cpuSec(process.cpuUsage(c));
    const b = makeScan(1);
    t = performance.now();
    c = process.cpuUsage();
    await store.saveScan(b, { targetKey: '/bench' });
    const save2 = (performance.now() - t) / 1000;
    const cpu2 = cpuSec(process.cpuUsage(c));
    // The diff is read-only, so it is repeated and the median kept (the machine is shared).
    const walls: number[] = [];
    const cpus: number[] = [];
    let d!: Awaited<ReturnType<Store['diff']>>;
    for (let i = 0; i < DIFF_REPEAT; i++) {
      t = performance.now();
      c = process.cpuUsage();
      d = await store.diff(a.scan.id, b.scan.id);
      walls.push((performance.now() - t) / 1000);
      cpus.push(cpuSec(process.cpuUsage(c)));
    }
    const diff = median(walls);
    const cpu3 = median(cpus);
    const changes = `+${d.findings.new.length} -${d.findings.resolved.length} findings, ~${d.assets.changed.length} assets`;
    return { driver, save1, save2, diff, cpu: [cpu1, cpu2, cpu3], changes, rss: peakRssMB() };
  } finally {
    await store.close();
  }
}

export async function runStoreBench(): Promise<void> {
  const rows: Row[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aispm-bench-store-'));
  try {
    rows.push(await measure('pglite (embedded)', () => openStore(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.AISPM_BENCH_DATABASE_URL ?? process.env.AISPM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `aispm_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  try {
    rows.push(await measure('postgresql', () => openStore(url, { schema })));
  } catch (e) {
    process.stdout.write(`postgresql: skipped (${(e as Error).message.split('\n')[0]})\n`);
  } finally {
    const c = new pg.Client({ connectionString: url });
    await c.connect().then(() => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => undefined);
    await c.end().catch(() => undefined);
  }
  printTable(
    ['driver', `save 100k findings (limit ${SAVE_LIMIT_S}s)`, 'save 2nd scan + lifecycle', `diff, median of ${DIFF_REPEAT} (limit ${DIFF_LIMIT_S}s)`, 'CPU s (save, save, diff)', 'diff found', 'peak RSS so far'],
    rows.map((r) => [
      r.driver,
      `${r.save1.toFixed(2)}s ${r.save1 <= SAVE_LIMIT_S ? 'ok' : 'OVER'}`,
      `${r.save2.toFixed(2)}s ${r.save2 <= SAVE_LIMIT_S ? 'ok' : 'OVER'}`,
      `${r.diff.toFixed(2)}s ${r.diff <= DIFF_LIMIT_S ? 'ok' : 'OVER'}`,
      r.cpu.map((x) => x.toFixed(2)).join(' / '),
      r.changes,
      `${r.rss.toFixed(0)} MB`,
    ]),
  );
  const load = os.loadavg()[0]!.toFixed(1);
  process.stdout.write(`(${FINDINGS.toLocaleString('en')} findings, ${ASSETS.toLocaleString('en')} assets, ${(ASSETS - 1).toLocaleString('en')} relations per scan; load average ${load} on ${os.cpus().length} CPUs — times stretch with load)\n`);
}
