/**
 * Child process for `bench/models.ts`: scans one file with the models inspector and prints
 * `{ ms, verdict, format, rssMB }` as JSON, so peak memory is measured for the scan alone.
 */
import { readFileSync } from 'node:fs';
import { scanModelFile } from '../src/inspectors/models/index.js';

/** Peak RSS of this process image (VmHWM); getrusage's maxrss would include the parent's pre-exec peak. */
function peakMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: models-run <file>\n');
  process.exit(2);
}
const t0 = performance.now();
const c0 = process.cpuUsage();
const res = await scanModelFile(file, file.slice(file.lastIndexOf('/') + 1));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  JSON.stringify({ ms, cpuMs, verdict: res.verdict, format: res.format, opcodes: res.ctx.ev.opcodes, problems: res.problems.length, rssMB: peakMB() }),
);
