import { Command } from 'commander';
import { existsSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfigFile, resolveOptions } from '../../config/index.js';
import { runScan } from '../../scan/index.js';
import { driftEvents } from '../../store/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { applyPosture } from '../posture/apply.js';
import { withStore } from '../posture/store.js';

/** `30s`, `5m`, `1h`, `500ms`, or plain seconds → milliseconds. */
export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) throw new CliError(`not a duration: "${v}" (e.g. 30s, 5m, 1h)`, EXIT.usage);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.max(1, Math.round(n * unit));
}

/** Paths whose changes never trigger a re-scan: the store itself, VCS and dependency folders. */
const QUIET = /(^|[/\\])(\.aispm|\.git|node_modules|__pycache__|\.venv)([/\\]|$)/;

interface WatchOptions {
  interval: string;
  debounce: string;
  db?: string;
  config?: string;
  only?: string[];
  skip?: string[];
  maxRuns?: number;
  fsEvents: boolean;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const line = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), ...o })}\n`);

/** One scan + save + diff against the previous scan of the target; prints the drift as JSON lines. */
async function scanOnce(paths: string[], o: WatchOptions, reason: string): Promise<void> {
  let options;
  try {
    const { config } = await loadConfigFile(o.config);
    options = resolveOptions(paths, config, { only: o.only, skip: o.skip });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  const result = await runScan(options);
  await withStore(o.db, async (store) => {
    const p = await applyPosture(result, { targets: paths, config: options.config, flags: {}, store, warn: (m) => process.stderr.write(`${m}\n`) });
    const saved = p.saved!;
    if (!saved.previousScanId) {
      line({ type: 'baseline', reason, scanId: saved.scanId, target: saved.targetKey, assets: saved.counts.assets, failing: saved.counts.failing });
      return;
    }
    const d = await store.diff(saved.previousScanId, saved.scanId);
    const events = driftEvents(d);
    for (const e of events) line({ scanId: saved.scanId, target: saved.targetKey, ...e });
    line({ type: 'scan', reason, scanId: saved.scanId, previousScanId: saved.previousScanId, target: saved.targetKey, events: events.length, failing: saved.counts.failing });
  });
}

/** `aispm watch`: re-scan on an interval and on file changes; drift events as JSON lines on stdout. */
export function watchCommand(): Command {
  return new Command('watch')
    .description('Re-scan on an interval and when files change; print drift events (new assets, configuration drift, MCP definition changes, new / resolved / reopened findings) as JSON lines.')
    .argument('[paths...]', 'folders to watch', ['.'])
    .option('--interval <duration>', 're-scan at least this often (30s, 5m, 1h)', '5m')
    .option('--debounce <duration>', 'wait for file changes to settle this long', '2s')
    .option('--no-fs-events', 'only re-scan on the interval, not on file changes')
    .option('--max-runs <n>', 'stop after this many scans (for scripts and tests)', (v) => Math.max(1, Number.parseInt(v, 10) || 1))
    .option('--only <analyzers>', 'run only these analyzers', list)
    .option('--skip <analyzers>', 'skip these analyzers', list)
    .option('-c, --config <file>', 'config file (default: ./aispm.yaml when present)')
    .option('--db <dir|url>', 'the scan store (default: .aispm/ or $AISPM_DATABASE_URL)')
    .action(async (paths: string[], o: WatchOptions) => {
      for (const p of paths) if (!existsSync(p)) throw new CliError(`watch target not found: ${p}`, EXIT.usage);
      const interval = parseDuration(o.interval);
      const debounce = parseDuration(o.debounce);
      let runs = 0;
      let running = false;
      let again: string | undefined;
      let stop: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (stop = resolve));
      let failure: unknown;
      const trigger = async (reason: string): Promise<void> => {
        if (running) {
          again = reason;
          return;
        }
        running = true;
        try {
          await scanOnce(paths, o, reason);
        } catch (e) {
          if (e instanceof CliError && e.exitCode === EXIT.usage) {
            failure = e;
            stop();
            return;
          }
          line({ type: 'error', reason, message: (e as Error).message });
        } finally {
          running = false;
        }
        runs++;
        if (o.maxRuns && runs >= o.maxRuns) return stop();
        if (again) {
          const r = again;
          again = undefined;
          await trigger(r);
        }
      };
      const timer = setInterval(() => void trigger('interval'), interval);
      const watchers: FSWatcher[] = [];
      let debounceTimer: NodeJS.Timeout | undefined;
      if (o.fsEvents)
        for (const p of paths) {
          try {
            const w = fsWatch(p, { recursive: true }, (_ev, file) => {
              if (file && QUIET.test(String(file))) return;
              if (o.db && !o.db.includes('://') && path.resolve(p, String(file ?? '')).startsWith(path.resolve(o.db))) return;
              clearTimeout(debounceTimer);
              debounceTimer = setTimeout(() => void trigger('file-change'), debounce);
            });
            w.on('error', () => undefined);
            watchers.push(w);
          } catch (e) {
            process.stderr.write(`aispm: cannot watch ${p} for changes (${(e as Error).message}); interval only\n`);
          }
        }
      const onSignal = () => stop();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      void trigger('start');
      await done;
      clearInterval(timer);
      clearTimeout(debounceTimer);
      for (const w of watchers) w.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      while (running) await new Promise((r) => setTimeout(r, 50));
      if (failure) throw failure;
    });
}
