import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ScanResult } from '../../core/index.js';
import { diffScans, targetKey, type ScanDiff, type Store } from '../../store/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';
import { withStore } from '../posture/store.js';
import { renderDiff, renderDiffMarkdown } from '../posture/render-diff.js';

interface DiffOptions {
  target?: string;
  db?: string;
  format: 'table' | 'json' | 'markdown';
  output?: string;
}

async function readReport(file: string): Promise<ScanResult> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as ScanResult;
    if (r.schema !== 'aispm.report/v1' || !Array.isArray(r.findings) || !Array.isArray(r.assets)) throw new Error('not an aispm.report/v1 JSON report');
    return r;
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`, EXIT.usage);
  }
}

/** Which two saved scans to compare (see the command's help). */
export async function pickScans(store: Store, a: string | undefined, b: string | undefined, target?: string): Promise<{ from: string | null; to: string }> {
  const find = async (ref: string) => {
    const s = await store.findScan(ref).catch((e: Error) => {
      throw new CliError(e.message, EXIT.usage);
    });
    if (!s) throw new CliError(`no saved scan "${ref}" (see aispm history)`, EXIT.usage);
    return s;
  };
  if (a && b) return { from: (await find(a)).id, to: (await find(b)).id };
  if (a) {
    const from = await find(a);
    const latest = (await store.listScans({ targetKey: from.targetKey, limit: 1 }))[0]!;
    return { from: from.id, to: latest.id };
  }
  const key = target ? targetKey([target]) : (await store.listScans({ limit: 1 }))[0]?.targetKey;
  const scans = key ? await store.listScans({ targetKey: key, limit: 2 }) : [];
  if (!scans.length) throw new CliError(`no saved scans${target ? ` of ${key}` : ''} yet: run aispm scan first`, EXIT.usage);
  return { from: scans[1]?.id ?? null, to: scans[0]!.id };
}

/** `aispm diff`: drift between two scans of the same target. */
export function diffCommand(): Command {
  return new Command('diff')
    .description('Show what changed between two scans: new AI assets, configuration drift (before → after), MCP definition changes, new / resolved / reopened findings.')
    .argument('[scanA]', 'older scan id (or prefix), or an aispm JSON report file')
    .argument('[scanB]', 'newer scan id (or prefix), or an aispm JSON report file (default: the latest scan of the same target)')
    .option('--target <path>', 'without scan ids: compare the last two scans of this target (default: the target scanned most recently)')
    .option('--db <dir|url>', 'the scan store (default: .aispm/ or $AISPM_DATABASE_URL)')
    .addOption(new Option('-f, --format <format>', 'output format (markdown: a pull-request comment)').choices(['table', 'json', 'markdown']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  aispm diff                      last two scans of the most recently scanned target\n  aispm diff --target infra/      last two scans of infra/\n  aispm diff 3f2a 9c1d -f json    two saved scans by id prefix\n  aispm diff old.json new.json    two JSON reports, no store needed')
    .action(async (a: string | undefined, b: string | undefined, opts: DiffOptions) => {
      let d: ScanDiff;
      if (a && b && existsSync(a) && existsSync(b) && a.endsWith('.json') && b.endsWith('.json')) d = diffScans(await readReport(a), await readReport(b));
      else
        d = await withStore(opts.db, async (store) => {
          const { from, to } = await pickScans(store, a, b, opts.target);
          return store.diff(from, to);
        }, { mustExist: true });
      await emit(opts.format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : opts.format === 'markdown' ? renderDiffMarkdown(d) : renderDiff(d), opts.output);
    });
}
