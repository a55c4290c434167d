import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PickleWriter, torchStateDictPickle, type FakeTensor } from '../src/inspectors/models/testing/pickle-writer.js';
import { writeZipFile, type ZipInput } from '../src/inspectors/models/testing/zip-writer.js';
import { printTable } from './table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '..', '..', 'bench', '.corpus', 'models');

interface Run {
  ms: number;
  cpuMs: number;
  verdict: string;
  format: string;
  opcodes: number;
  rssMB: number;
}

function scanOnce(file: string): Run {
  const out = execFileSync(process.execPath, [path.join(here, 'models-run.js'), file], { maxBuffer: 1 << 24 });
  return JSON.parse(out.toString()) as Run;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Runs per case (AISPM_BENCH_RUNS, default 5): the machine is shared, so one run says little. */
const RUNS = Math.max(1, Number(process.env.AISPM_BENCH_RUNS ?? 5));

/** `RUNS` scans of one file: median wall and median CPU time, and the highest peak RSS of any run. */
function scan(file: string): Run {
  const runs = Array.from({ length: RUNS }, () => scanOnce(file));
  return { ...runs[0]!, ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

/** A torch zip checkpoint of `gb` GiB: real data.pkl, tensor records stored as sparse holes. */
async function bigCheckpoint(gb: number): Promise<string> {
  const file = path.join(corpus, `checkpoint-${gb}g.pt`);
  const tensors: FakeTensor[] = [];
  const members: ZipInput[] = [];
  const per = 64 << 20;
  const count = Math.ceil((gb * 1024 ** 3) / per);
  for (let i = 0; i < count; i++) {
    tensors.push({ name: `model.layers.${i}.mlp.weight`, shape: [4096, 4096], storage: String(i) });
    members.push({ name: `archive/data/${i}`, sparse: per });
  }
  await writeZipFile(file, [{ name: 'archive/data.pkl', data: torchStateDictPickle(tensors) }, { name: 'archive/byteorder', data: new TextEncoder().encode('little') }, ...members, { name: 'archive/version', data: new TextEncoder().encode('3\n') }]);
  return file;
}

/** An opcode-dense pickle (~`mb` MB): lists of small ints, short strings, memo traffic, tuples. */
function densePickle(mb: number): string {
  const file = path.join(corpus, `dense-${mb}mb.pkl`);
  const w = new PickleWriter().proto(4).emptyList().memoize();
  let i = 0;
  while (w.length < mb * 1024 * 1024) {
    w.mark();
    for (let k = 0; k < 1000; k++, i++) {
      if (k % 4 === 0) w.str(`tok${i & 0xfff}`).memoize();
      else if (k % 4 === 1) w.int(i & 0xffff);
      else if (k % 4 === 2) w.float();
      else w.int(k).int(i & 0xff).tupleN(2);
    }
    w.appends();
  }
  writeFileSync(file, w.stop().toBytes());
  return file;
}

/** A realistic checkpoint pickle: a torch state_dict of `n` tensors, as data.pkl holds it. */
function stateDictPickle(n: number): string {
  const file = path.join(corpus, `state-dict-${n}.pkl`);
  const tensors: FakeTensor[] = Array.from({ length: n }, (_, i) => ({ name: `model.layers.${i >> 4}.block.${i & 15}.weight`, shape: [64, 64], storage: String(i) }));
  writeFileSync(file, torchStateDictPickle(tensors));
  return file;
}

/** A pickle dominated by large byte payloads (legacy checkpoints pickling raw buffers). */
function payloadPickle(mb: number): string {
  const file = path.join(corpus, `payload-${mb}mb.pkl`);
  const w = new PickleWriter().proto(4).emptyList().mark();
  for (let i = 0; i < mb; i++) w.bytes(new Uint8Array(1 << 20));
  writeFileSync(file, w.appends().stop().toBytes());
  return file;
}

function peer(envVar: string, module: string, file: string): string {
  const src = process.env[envVar];
  if (!src) return `set ${envVar}=/path/to/${module}/src to compare`;
  const t0 = performance.now();
  const r = spawnSync('python3', ['-m', module, ...(module === 'picklescan' ? ['-p', file] : ['--check-safety', file])], { env: { ...process.env, PYTHONPATH: src }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  return `${ms.toFixed(0)} ms (exit ${r.status})`;
}

/**
 * `npm run bench -- models`: the models inspector on a generated multi-GB torch checkpoint (the
 * pickle is small, the tensor records are sparse holes, so only data.pkl may be read), on an
 * opcode-dense pickle (throughput), and on a payload-heavy pickle (skipping without buffering).
 * Each scan runs in a child process so peak RSS is its own.
 */
export async function runModelsBench(): Promise<void> {
  mkdirSync(corpus, { recursive: true });
  const big = await bigCheckpoint(Number(process.env.AISPM_BENCH_MODEL_GB ?? 4));
  const dense = densePickle(64);
  const stateDict = stateDictPickle(200_000);
  const payload = payloadPickle(512);
  const rows: string[][] = [];
  for (const [label, file, target] of [
    ['torch zip checkpoint', big, '< 1 s, RSS < 256 MB'],
    ['state_dict pickle (200k tensors)', stateDict, '≥ 100 MB/s, RSS < 256 MB'],
    ['opcode-dense pickle (worst case)', dense, '≥ 100 MB/s, RSS < 256 MB'],
    ['payload-heavy pickle', payload, '≥ 100 MB/s, RSS < 256 MB'],
  ] as const) {
    const size = statSync(file).size;
    const r = scan(file);
    rows.push([
      label,
      `${(size / 1024 ** 2).toFixed(0)} MB`,
      r.verdict,
      `${r.ms.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)})`,
      `${(size / 1024 ** 2 / (r.ms / 1000)).toFixed(0)} MB/s (cpu ${(size / 1024 ** 2 / (r.cpuMs / 1000)).toFixed(0)})`,
      `${r.opcodes}`,
      `${r.rssMB.toFixed(0)} MB`,
      target,
      peer('AISPM_BENCH_PICKLESCAN', 'picklescan', file),
      peer('AISPM_BENCH_FICKLING', 'fickling', file),
    ]);
  }
  printTable([`input (median of ${RUNS})`, 'size', 'verdict', 'wall (cpu, all threads)', 'throughput wall (cpu)', 'opcodes', 'peak RSS (max)', 'target', 'picklescan', 'fickling'], rows);
  process.stdout.write(
    '\nPeers cannot be fetched here. To compare, put a checkout of picklescan / fickling on disk and set\n' +
      '  AISPM_BENCH_PICKLESCAN=/path/to/picklescan/src  AISPM_BENCH_FICKLING=/path/to/fickling\n' +
      '(each run as `python3 -m <module>` with that PYTHONPATH). AISPM_BENCH_MODEL_GB sets the checkpoint size (default 4),\n' +
      'AISPM_BENCH_RUNS the runs per case (default 5; medians shown). CPU time counts every thread, GC helpers included,\n' +
      'so it can exceed wall time; wall time is inflated when other processes share the cores.\n',
  );
}
