import { resolveOptions } from '../src/config/index.js';
import { runScan } from '../src/scan/index.js';

/**
 * Child process of the discovery bench: scans one tree with every discovery analyzer and prints
 * one JSON line (files, time, peak RSS, what was found), so memory is measured in isolation.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: discovery-run DIR');
const skip = (process.env.AISPM_BENCH_SKIP ?? '').split(',').filter(Boolean);
const t0 = performance.now();
const result = await runScan(resolveOptions([dir], {}, { skip }));
const ms = performance.now() - t0;
const ai = result.assets.filter((a) => !['internet', 'storage', 'identity', 'secret'].includes(a.kind));
process.stdout.write(
  `${JSON.stringify({
    files: result.scan.stats.filesSeen,
    ms,
    rssMB: process.resourceUsage().maxRSS / 1024,
    aiAssets: ai.length,
    byKind: result.scan.stats.assetsByKind,
    packages: result.assets.filter((a) => a.kind === 'ai-package').map((a) => `${a.provider}:${a.name}`),
    issues: result.scan.issues.length,
  })}\n`,
);
