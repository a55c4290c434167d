import { Command, Option } from 'commander';
import { targetKey } from '../../store/index.js';
import { emit } from '../output.js';
import { withStore } from '../posture/store.js';

/** `aispm history`: the remembered scans, newest first. */
export function historyCommand(): Command {
  return new Command('history')
    .description('List remembered scans, newest first, with their finding counts and lifecycle changes.')
    .option('--target <path>', 'only scans of this target')
    .option('-n, --limit <n>', 'how many scans', (v) => Math.max(1, Number.parseInt(v, 10) || 20), 20)
    .option('--db <dir|url>', 'the scan store (default: .aispm/ or $AISPM_DATABASE_URL)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { target?: string; limit: number; db?: string; format: string }) => {
      const scans = await withStore(opts.db, (s) => s.listScans({ ...(opts.target ? { targetKey: targetKey([opts.target]) } : {}), limit: opts.limit }), { mustExist: true });
      if (opts.format === 'json') return emit(`${JSON.stringify(scans, null, 2)}\n`);
      if (!scans.length) return emit('No scans remembered yet: run aispm scan.\n');
      const rows = scans.map((s) => {
        const l = s.summary.lifecycle;
        const sev = ['critical', 'high', 'medium', 'low'].map((k) => s.summary.bySeverity[k] ?? 0).join('/');
        return [s.id, s.finishedAt.replace('T', ' ').slice(0, 19), String(s.summary.assets), `${s.summary.failing} (${sev})`, `+${l.new ?? 0} ↺${l.reopened ?? 0} ✓${l.resolved ?? 0}`, s.targetKey];
      });
      const head = ['SCAN', 'FINISHED (UTC)', 'ASSETS', 'FAILING (C/H/M/L)', 'NEW REOPENED RESOLVED', 'TARGET'];
      const all = [head, ...rows];
      const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
      return emit(`${all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ')).join('\n')}\n`);
    });
}
