import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonorepo } from './monorepo-generator.js';
import { printTable } from './table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/; the corpus and tools live in the source tree's bench/ (git-ignored).
const benchSrc = path.resolve(here, '..', '..', 'bench');

interface RunResult {
  files: number;
  ms: number;
  rssMB: number;
  aiAssets: number;
  byKind: Record<string, number>;
  packages: string[];
}

function runAispm(dir: string): RunResult {
  const out = execFileSync(process.execPath, [path.join(here, 'discovery-run.js'), dir], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString()) as RunResult;
}

/** Installs cdxgen into bench/.tools on first use (npm registry only), returns its bin or why not. */
function cdxgenBin(): string | { error: string } {
  const tools = path.join(benchSrc, '.tools');
  const bin = path.join(tools, 'node_modules', '.bin', 'cdxgen');
  if (existsSync(bin)) return bin;
  mkdirSync(tools, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '--omit=optional', '@cyclonedx/cdxgen'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(bin)) return { error: 'could not install @cyclonedx/cdxgen from npm' };
  return bin;
}

interface CdxComponent {
  name?: string;
  group?: string;
  type?: string;
  purl?: string;
}

function runCdxgen(dir: string, aiNames: Set<string>): { ms: number; components: number; ai: number; error?: string } {
  const bin = cdxgenBin();
  if (typeof bin !== 'string') return { ms: 0, components: 0, ai: 0, error: bin.error };
  const out = path.join(benchSrc, '.tools', 'cdxgen-bom.json');
  rmSync(out, { force: true });
  const t0 = performance.now();
  // No dependency installs and no network lookups: the same offline conditions aispm runs in.
  const r = spawnSync(bin, ['-r', '--no-install-deps', '--no-recurse-child', '-o', out, dir], {
    timeout: 30 * 60_000,
    env: { ...process.env, FETCH_LICENSE: 'false', CDXGEN_NO_BANNER: '1', CDXGEN_DEBUG_MODE: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (!existsSync(out)) return { ms, components: 0, ai: 0, error: `cdxgen produced no BOM (exit ${r.status ?? r.signal})` };
  const bom = JSON.parse(readFileSync(out, 'utf8')) as { components?: CdxComponent[] };
  const comps = bom.components ?? [];
  const ai = comps.filter((c) => c.type === 'machine-learning-model' || c.type === 'data' || aiNames.has((c.group ? `${c.group}/${c.name}` : c.name ?? '').toLowerCase()) || aiNames.has((c.name ?? '').toLowerCase()));
  return { ms, components: comps.length, ai: new Set(ai.map((c) => c.purl ?? c.name)).size };
}

export async function runDiscoveryBench(): Promise<void> {
  const files = Number(process.env.AISPM_BENCH_FILES ?? 100_000);
  const dir = path.join(benchSrc, '.corpus', `monorepo-${files}`);
  process.stdout.write(`generating ${files}-file monorepo in ${dir} (cached after the first run)…\n`);
  generateMonorepo(dir, files);
  const a = runAispm(dir);
  const fps = a.files / (a.ms / 1000);
  // The AI package names aispm's catalogue knows, to count cdxgen's AI components the same way.
  const aiNames = new Set(a.packages.map((p) => p.slice(p.indexOf(':') + 1).toLowerCase()));
  const c = process.env.AISPM_BENCH_SKIP_CDXGEN ? { ms: 0, components: 0, ai: 0, error: 'skipped (AISPM_BENCH_SKIP_CDXGEN)' } : runCdxgen(dir, aiNames);
  printTable(
    ['tool', 'files', 'seconds', 'files/s', 'peak RSS MB', 'AI components'],
    [
      ['aispm', String(a.files), (a.ms / 1000).toFixed(2), fps.toFixed(0), a.rssMB.toFixed(0), String(a.aiAssets)],
      ['cdxgen', String(a.files), c.error ? '—' : (c.ms / 1000).toFixed(2), c.error ? '—' : (a.files / (c.ms / 1000)).toFixed(0), '—', c.error ? c.error : `${c.ai} of ${c.components}`],
    ],
  );
  process.stdout.write(`target: ≥ 10,000 files/s (${fps >= 10_000 ? 'met' : 'NOT met'}); ≥ 10× faster than cdxgen (${c.error ? 'not measured' : `${(c.ms / a.ms).toFixed(1)}×`}); more AI components than cdxgen (${c.error ? 'not measured' : a.aiAssets > c.ai ? 'met' : 'NOT met'})\n`);
  process.stdout.write(`aispm assets by kind: ${JSON.stringify(a.byKind)}\n`);
}
