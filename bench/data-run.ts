import { readdirSync } from 'node:fs';
import path from 'node:path';
import { dataInspector } from '../src/inspectors/data/index.js';
import { scanFileFor } from '../src/inspectors/data/testing/scan-file.js';

/**
 * Child process of bench/data.ts: scans a folder with the data inspector and prints one JSON line
 * (time, bytes, findings, peak RSS), so each measurement has its own clean memory high-water mark.
 * Usage: node data-run.js DIR WORKERS [secrets]
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
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ms, cpuMs, bytes, files: files.length, findings, issues, rssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
