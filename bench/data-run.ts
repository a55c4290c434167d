import { readdirSync } from 'node:fs';
import path from 'node:path';
import { dataInspector } from '../src/inspectors/data/index.js';
import { scanFileFor } from '../src/inspectors/data/testing/scan-file.js';

/**
 * Child process of bench/data.ts: scans a folder with the data inspector and prints one JSON line
 * (time, bytes, findings, peak RSS), so each measurement has its own clean memory high-water mark.
 * Usage: node data-run.js DIR WORKERS [secrets|all] [PASSES]
 *
 * PASSES (default 1) scans the folder that many times in this one process; `passCpuMs` then lists
 * each pass's CPU time and the other figures are the first pass's. The first pass pays the JIT's
 * warm-up, later ones show the steady state: on 4 CSV tables of the v3 corpus (33.5 MB) the first
 * pass took 2.3 s of CPU and later ones 1.4 s, on the whole 117 MB corpus 4.1–4.4 s and 2.8–2.9 s
 * (2026-11-27). Most of the difference is TurboFan compiling on V8's background threads
 * (`--no-concurrent-recompilation` moves it onto the main thread), which a CPU profile of the main
 * thread does not show, and every worker thread pays it again. The stage table (data-stages.ts)
 * measures warm stages alone; a warm pass also pays the collector's per-row work and garbage
 * collection, which no stage row holds.
 */
async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const workers = Number(process.argv[3] ?? 0);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.startsWith('.')) files.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  // `secrets`: the secret rules alone (`detectors: [secrets]`: raw text, no parsing): secretlint's job.
  const secretsOnly = process.argv[4] === 'secrets';
  const options = { workers, chunkBytes: 16 * 1024 * 1024, ...(secretsOnly ? { detectors: ['secrets'] } : {}) };
  const passes = Math.max(1, Number(process.argv[5] ?? 1));
  const first = await scanAll(dir, files, workers, options);
  const passCpuMs = [first.cpuMs];
  for (let k = 1; k < passes; k++) passCpuMs.push((await scanAll(dir, files, workers, options)).cpuMs);
  const extra = passes > 1 ? { passCpuMs } : {};
  process.stdout.write(JSON.stringify({ ...first, files: files.length, rssMB: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n');
  process.exit(0);
}

/** One scan of every file: wall and CPU time, bytes, findings, issues. */
async function scanAll(dir: string, files: readonly string[], workers: number, options: Record<string, unknown>): Promise<{ ms: number; cpuMs: number; bytes: number; findings: number; issues: number }> {
  let findings = 0;
  let bytes = 0;
  let issues = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const f = await scanFileFor(dir, files[i]!);
      if (!dataInspector.wants(f.path, f)) continue;
      bytes += f.size;
      const out = await dataInspector.analyze(f, { root: dir, options });
      findings += out.findings?.length ?? 0;
      issues += out.issues?.length ?? 0;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers * 2) }, lane));
  const ms = performance.now() - t0;
  // CPU time of this process (main thread and workers): the machine may be shared, wall time alone lies.
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, findings, issues };
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
