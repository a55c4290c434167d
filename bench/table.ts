/** Prints an aligned plain-text table for benchmark results. */
export function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The least CPU time (ms, user + system) of `rounds` runs of `fn`: CPU time, not wall time, because
 * on a shared machine the wall clock measures the neighbours (two helpers building beside a run
 * moved the poisoning row from 11 to 29 MB/s); the least, as the warm and least disturbed run.
 */
export function bestCpuMs(fn: () => void, rounds: number): number {
  let ms = Infinity;
  for (let k = 0; k < rounds; k++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ms = Math.min(ms, (c.user + c.system) / 1000);
  }
  return ms;
}
