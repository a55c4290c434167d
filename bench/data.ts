import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinSecretRules } from '../src/inspectors/data/secrets/rules/index.js';
import { recognizers } from '../src/inspectors/data/pii/recognizers.js';
import { dataCorpus } from './data-corpus.js';
import { defaultWorkers } from '../src/inspectors/data/run.js';
import { printTable } from './table.js';
import { benchDataStages } from './data-stages.js';
import { benchAcrossFiles } from './data-across-files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchSrc = path.resolve(here, '..', '..', 'bench');

interface Run {
  ms: number;
  /** CPU time of the scanning process (all its threads), from process.cpuUsage. */
  cpuMs: number;
  bytes: number;
  files: number;
  findings: number;
  issues: number;
  rssMB: number;
}

function runOnce(dir: string, workers: number, mode: string): Run {
  const out = execFileSync(process.execPath, [path.join(here, 'data-run.js'), dir, String(workers), mode], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString()) as Run;
}

/**
 * Median of `AISPM_BENCH_REPEAT` runs (default 1) by wall time and, separately, by CPU time: on a
 * shared machine one run's wall clock says more about the neighbours than about the scanner.
 */
function runAispm(dir: string, workers: number, mode = 'all'): Run {
  const n = Math.max(1, Number(process.env.AISPM_BENCH_REPEAT ?? 1));
  const runs = Array.from({ length: n }, () => runOnce(dir, workers, mode));
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return { ...runs[0]!, ms: med(runs.map((r) => r.ms)), cpuMs: med(runs.map((r) => r.cpuMs)), rssMB: med(runs.map((r) => r.rssMB)) };
}

/** ripgrep from PATH, or installed with apt when missing (allowed in benches only). */
function rgBin(): string | undefined {
  if (spawnSync('rg', ['--version']).status === 0) return 'rg';
  process.stdout.write('ripgrep not found; installing with apt-get…\n');
  const r = spawnSync('sh', ['-c', '(apt-get install -y ripgrep || (apt-get update && apt-get install -y ripgrep)) >/dev/null 2>&1']);
  return r.status === 0 && spawnSync('rg', ['--version']).status === 0 ? 'rg' : undefined;
}

/**
 * A pattern without lookbehind: a positive one becomes a plain group (it still has to match, so
 * the work is the same), a negative one is dropped; with `lookahead`, lookaheads go the same way
 * (ripgrep's Rust engine has no lookaround at all, PCRE2 in ripgrep 13 no variable-length lookbehind). The
 * groups are found by a scan that knows escapes and character classes: a class may hold a `(`
 * (`(?![A-Za-z0-9_+/=(-])`, the secret rules' end), which a regex over the source took for a
 * group and left the lookahead in, so ripgrep refused the whole set.
 */
function withoutLookaround(src: string, lookahead: boolean): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') {
      out += src.slice(i, i + 2);
      i++;
      continue;
    }
    if (src.startsWith('(?<=', i) || (lookahead && src.startsWith('(?=', i))) {
      out += '(?:';
      i += src[i + 2] === '<' ? 3 : 2;
      continue;
    }
    if (src.startsWith('(?<!', i) || (lookahead && src.startsWith('(?!', i))) {
      let depth = 0;
      let inClass = false;
      for (; i < src.length; i++) {
        const c = src[i];
        if (c === '\\') i++;
        else if (inClass) inClass = c !== ']';
        else if (c === '[') inClass = true;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      continue;
    }
    out += src[i];
  }
  return out;
}

/** ripgrep's default (Rust) engine has no lookaround at all: positive ones become groups, negative ones go. */
function toRust(src: string): string {
  // No backreferences either: `([- ]?)…\1` (same separator twice) becomes two independent optionals.
  return asciiClasses(withoutLookaround(src.replace(/\(\[([- ]{2})\]\?\)/g, '[$1]?').replace(/\\1/g, '[- ]?').replace(/\\\//g, '/').replace(/\\n/g, '\\s'), true));
}

/**
 * JavaScript's `\d`, `\w` and `\b` are ASCII; Rust's are Unicode, a larger automaton, and a
 * Unicode `\b` makes ripgrep's lazy DFA give up on the first non-ASCII byte and run its slow NFA
 * (on the corpus's multilingual text ripgrep then read ~24 MB/s a core). The same ASCII classes
 * are the equivalent pattern set, and the one ripgrep runs at its speed.
 */
function asciiClasses(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const e = src[i + 1];
      i++;
      if (e === 'd') out += inClass ? '0-9' : '[0-9]';
      else if (e === 'w') out += inClass ? '0-9A-Za-z_' : '[0-9A-Za-z_]';
      else if (e === 'b' && !inClass) out += '(?-u:\\b)';
      else out += `\\${e ?? ''}`;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    out += c;
  }
  return out;
}

/** The same detectors as patterns: every secret rule and every PII recognizer, in the syntax `convert` writes. */
function patternFile(convert: (s: string) => string, name: string): string {
  const pats = [...builtinSecretRules.map((r) => (r.flags?.includes('i') ? `(?i)${r.regex}` : r.regex)), ...recognizers.map((r) => `${r.regex.flags.includes('i') ? '(?i)' : ''}${r.regex.source}`)].map(convert);
  const file = path.join(benchSrc, '.tools', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, pats.join('\n') + '\n');
  return file;
}

interface Timed {
  ms: number;
  /** CPU time of the command and its children (user + system) when GNU time is there, else wall time. */
  cpuMs: number;
  status: number | null;
  out: string;
  err: string;
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a peer tool and times it. Its CPU time is read through GNU time (the machine may be shared:
 * CPU seconds are what aispm is measured by too); without it, wall time stands in.
 */
function timeIt(cmd: string, args: string[], timeoutMs: number): Timed {
  const cpuFile = path.join(os.tmpdir(), `aispm-bench-time-${process.pid}.txt`);
  const [bin, argv] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(bin, argv, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  let cpuMs = ms;
  if (gnuTime && existsSync(cpuFile)) {
    const last = readFileSync(cpuFile, 'utf8').trim().split('\n').pop() ?? '';
    const [user, sys] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user! + sys!) * 1000;
  }
  return { ms, cpuMs, status: r.status, out: r.stdout?.toString() ?? '', err: r.stderr?.toString() ?? '' };
}

/** Scan cost alone: the run minus the same command on a one-file folder (start-up, pattern compilation). */
function scanCost(run: Timed, start: Timed): { ms: number; cpuMs: number } {
  return { ms: Math.max(1, run.ms - start.ms), cpuMs: Math.max(1, run.cpuMs - start.cpuMs) };
}

/** The corpus's tables concatenated (one header) into one file of about `mbWanted` MB, written once. */
function bigTable(corpusDir: string, mbWanted: number): { dir: string; bytes: number } {
  const dir = path.join(benchSrc, '.corpus', `${path.basename(corpusDir)}-table-${mbWanted}mb`);
  const file = path.join(dir, 'data', 'table.csv');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const tables = path.join(corpusDir, 'data', 'tables');
    const parts: Buffer[] = [];
    let bytes = 0;
    for (const name of readdirSync(tables).sort()) {
      if (bytes >= mbWanted * 1024 * 1024) break;
      const b = readFileSync(path.join(tables, name));
      const body = parts.length ? b.subarray(b.indexOf(10) + 1) : b;
      parts.push(body);
      bytes += body.length;
    }
    writeFileSync(`${file}.tmp`, Buffer.concat(parts));
    renameSync(`${file}.tmp`, file);
  }
  return { dir, bytes: statSync(file).size };
}

export async function benchData(): Promise<void> {
  const totalMB = Number(process.env.AISPM_BENCH_DATA_MB ?? 1024);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = defaultWorkers();
  process.stdout.write(`Generating / reusing a ${totalMB} MB corpus (CSV, JSONL, Markdown, Python; PII, PHI, secrets, injection sprinkled in)…\n`);
  const corpus = await dataCorpus(path.join(benchSrc, '.corpus'), totalMB);
  const mb = corpus.bytes / 1024 / 1024;
  const rows: string[][] = [];
  const rate = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);

  const single = runAispm(corpus.dir, 0);
  rows.push(['aispm data (1 thread)', `${mb.toFixed(0)} MB / ${corpus.files} files`, (single.ms / 1000).toFixed(1), rate(single.bytes, single.ms), rate(single.bytes, single.cpuMs), single.rssMB.toFixed(0), `${single.findings} findings`]);
  const secretsOnly = runAispm(corpus.dir, 0, 'secrets');
  rows.push(['aispm data secrets only (1 thread)', `${mb.toFixed(0)} MB`, (secretsOnly.ms / 1000).toFixed(1), rate(secretsOnly.bytes, secretsOnly.ms), rate(secretsOnly.bytes, secretsOnly.cpuMs), secretsOnly.rssMB.toFixed(0), `${secretsOnly.findings} findings`]);
  const multi = runAispm(corpus.dir, workers);
  rows.push([`aispm data (${workers} workers)`, `${mb.toFixed(0)} MB`, (multi.ms / 1000).toFixed(1), rate(multi.bytes, multi.ms), rate(multi.bytes, multi.cpuMs), multi.rssMB.toFixed(0), `${multi.findings} findings`]);

  // One large table, as a real training set often is: split into line-aligned chunks across the
  // workers, with one more job reading it whole for duplicates and triggers.
  const big = bigTable(corpus.dir, Math.min(256, Math.round(mb / 4)));
  const bigSingle = runAispm(big.dir, 0);
  const bigMulti = runAispm(big.dir, workers);
  for (const [label, r] of [['1 thread', bigSingle], [`${workers} workers, chunked`, bigMulti]] as const) {
    rows.push([`aispm data, one large CSV (${label})`, `${(big.bytes / 1024 / 1024).toFixed(0)} MB / 1 file`, (r.ms / 1000).toFixed(1), rate(r.bytes, r.ms), rate(r.bytes, r.cpuMs), r.rssMB.toFixed(0), `${r.findings} findings`]);
  }

  const rg = rgBin();
  let rgScan: { ms: number; cpuMs: number } | undefined;
  let slScan: { ms: number; cpuMs: number } | undefined;
  // A folder with one tiny file: each tool's start-up alone (for rg, compiling ~290 patterns into one
  // automaton: about 0.7 CPU-seconds and 0.9 GB), subtracted so all are compared on scanning speed.
  const emptyDir = path.join(benchSrc, '.tools', 'data-empty');
  mkdirSync(emptyDir, { recursive: true });
  writeFileSync(path.join(emptyDir, 'empty.txt'), 'nothing here\n');
  const startNote = (start: Timed) => `start-up alone ${(start.ms / 1000).toFixed(1)} s (${(start.cpuMs / 1000).toFixed(1)} CPU-s), excluded from the per-core rate and the ratios`;
  if (rg) {
    // The Rust engine takes the whole set as one automaton (PCRE2 in rg 13 rejects it as too large
    // and cannot do variable-length lookbehind), so lookarounds are dropped: rg does a little less.
    const pats = patternFile(toRust, 'data-patterns.txt');
    const rgArgs = (extra: readonly string[], target: string) => ['--no-config', '--regex-size-limit', '1G', '--dfa-size-limit', '1G', ...extra, '-c', '--no-filename', '--no-messages', '-f', pats, target];
    for (const [label, extra] of [['all cores', []], ['1 thread', ['-j1']]] as const) {
      const start = timeIt(rg, rgArgs(extra, emptyDir), 10 * 60_000);
      const r = timeIt(rg, rgArgs(extra, corpus.dir), 60 * 60_000);
      const ok = r.status === 0 || r.status === 1;
      const scan = scanCost(r, start);
      if (label === '1 thread' && ok) rgScan = scan;
      const hits = r.out.split('\n').filter(Boolean).reduce((a, x) => a + Number(x), 0);
      rows.push([`ripgrep (${label}, same patterns)`, `${mb.toFixed(0)} MB`, (r.ms / 1000).toFixed(1), rate(corpus.bytes, r.ms), rate(corpus.bytes, scan.cpuMs), '-', ok ? `${hits} matching lines; ${startNote(start)}` : `failed: ${r.err.split('\n')[0]!.slice(0, 60)}`]);
    }
  } else rows.push(['ripgrep', '-', '-', '-', '-', '-', 'not available (apt install failed)']);

  // secretlint over the same files (its recommend preset, ~20 rules), `compact` output: one line
  // per finding (its JSON output would carry every file's content back).
  const cfg = path.join(benchSrc, '.tools', 'secretlintrc.json');
  writeFileSync(cfg, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const slArgs = (target: string) => ['--yes', '-p', 'secretlint', '-p', '@secretlint/secretlint-rule-preset-recommend', 'secretlint', '--secretlintrc', cfg, '--format', 'compact', target];
  // The first npx call may install secretlint into the npx cache: not part of either measurement.
  timeIt('npx', slArgs(`${emptyDir}/*`), 10 * 60_000);
  const slStart = timeIt('npx', slArgs(`${emptyDir}/*`), 10 * 60_000);
  const sl = timeIt('npx', slArgs(`${corpus.dir}/**/*`), 60 * 60_000);
  if (sl.status === 0 || sl.status === 1) {
    const slFindings = sl.out.split('\n').filter((l) => /: line \d+, col \d+/.test(l)).length;
    // Start-up is subtracted: the comparison is of scanning speed, which favours secretlint.
    slScan = scanCost(sl, slStart);
    rows.push([`secretlint (recommend preset, ~20 rules)`, `${mb.toFixed(0)} MB`, (sl.ms / 1000).toFixed(1), rate(corpus.bytes, sl.ms), rate(corpus.bytes, slScan.cpuMs), '-', `${slFindings} findings (every occurrence); ${startNote(slStart)}`]);
  } else rows.push(['secretlint', '-', '-', '-', '-', '-', `not available (${(sl.err.split('\n').find((l) => l.trim()) ?? `exit ${sl.status}`).slice(0, 80)})`]);

  // The machine may be shared: a fixed integer loop says how fast a core is right now.
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 2e7; i++) x = (x + Math.imul(i, 0x5bd1e995)) | 0;
  const calib = performance.now() - t0;
  printTable(['tool', 'input', 'seconds', 'MB/s', 'MB/s per core', 'peak RSS MB', 'notes'], rows);
  const perCore = Number(rate(single.bytes, single.cpuMs));
  // Ratios by CPU time, one thread each: on a shared machine wall time says more about the neighbours.
  const times = (a: { cpuMs: number } | undefined, b: { cpuMs: number } | undefined) => (a && b ? `${(a.cpuMs / b.cpuMs).toFixed(1)}x` : 'n/a');
  process.stdout.write(`\n"MB/s per core" is bytes per CPU-second: aispm's from process.cpuUsage (all threads), the peers' from GNU time (user + system)${gnuTime ? '' : ' — not installed here, so their wall time'}, start-up excluded.\n`);
  process.stdout.write(`Targets: >= 100 MB/s per core (got ${perCore.toFixed(1)} per CPU-second, ${rate(single.bytes, single.ms)} wall); within 3x of ripgrep (aispm takes ${times(single, rgScan)} ripgrep's CPU time for the scan, ${times(secretsOnly, rgScan)} with secrets only); > 10x faster than secretlint (secretlint takes ${times(slScan, single)} aispm's CPU time with every detector, ${times(slScan, secretsOnly)} with secrets only).\n`);
  process.stdout.write(`Calibration: 2e7 integer multiply-adds took ${calib.toFixed(0)} ms (about 20-40 ms on an idle modern core${x === 1 ? '' : ''}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.\n`);
  await benchDataStages(corpus.dir);
  await benchAcrossFiles();
  process.stdout.write(`Machine: ${cores} cores; aispm does PII/PHI validation, secrets, injection and record-level poisoning analysis, ripgrep only matches the patterns.\n`);
}
