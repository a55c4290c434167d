import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { isSeverity, SEVERITIES, severityAtLeast, type RuleMeta, type ScanResult, type Severity } from '../../core/index.js';
import { ConfigError, loadConfigFile, resolveOptions } from '../../config/index.js';
import { allAnalyzers, allRuleMetas, runScan, UnknownAnalyzerError } from '../../scan/index.js';
import { writerFor, writers } from '../../report/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { Progress } from '../progress.js';
import { emit, useColor } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export interface ScanCommandOptions {
  format: string;
  output?: string;
  failOn?: string;
  only?: string[];
  skip?: string[];
  ignore?: string[];
  config?: string;
  db?: string;
  store: boolean;
  quiet?: boolean;
}

/** Counts failing findings at or above the threshold — what decides exit code 1. */
export function failingAtOrAbove(result: ScanResult, threshold: Severity): number {
  return result.findings.filter((f) => f.status === 'fail' && severityAtLeast(f.severity, threshold)).length;
}

/**
 * Hooks that other features attach to the scan command without editing it: the store saves the
 * result, baselines filter it, notifications send it. Each returns the (possibly annotated) result.
 */
export type AfterScanHook = (result: ScanResult, opts: ScanCommandOptions, cmd: Command) => Promise<ScanResult>;
export const afterScanHooks: AfterScanHook[] = [];

export function scanCommand(): Command {
  const cmd = new Command('scan')
    .description('Scan folders, repositories or files for AI assets, misconfigurations, unsafe model files, sensitive data and attack paths.')
    .argument('[paths...]', 'folders or files to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(writers.map((w) => w.format)).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity').choices([...SEVERITIES]))
    .option('--only <analyzers>', 'run only these analyzers (comma-separated; see `aispm analyzers`)', list)
    .option('--skip <analyzers>', 'skip these analyzers (comma-separated)', list)
    .option('--ignore <pattern>', 'leave out paths matching a gitignore-style pattern (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('-c, --config <file>', 'config file (default: ./aispm.yaml when present)')
    .option('--db <dir|url>', 'where scans are remembered: a folder (embedded store) or postgres://… (default: .aispm/ or $AISPM_DATABASE_URL)')
    .option('--no-store', 'scan without remembering the result')
    .option('-q, --quiet', 'no progress or skipped-file notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  aispm scan .                                  inventory + findings for this repo
  aispm scan models/ --only models --fail-on high   gate a model upload in CI
  aispm scan . --format sarif -o aispm.sarif    for GitHub code scanning
  aispm scan . --format cyclonedx -o aibom.json an AI-BOM (CycloneDX 1.6)

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage or config, 3 the scan failed.
Progress and skipped-file notes go to stderr; the report goes to stdout or -o. NO_COLOR is honoured.`,
    )
    .action(async (paths: string[], opts: ScanCommandOptions, command: Command) => {
      const code = await runScanCommand(paths, opts, command);
      process.exitCode = code;
    });
  return cmd;
}

export async function runScanCommand(paths: string[], opts: ScanCommandOptions, cmd: Command): Promise<number> {
  for (const p of paths) if (!existsSync(p)) throw new CliError(`scan target not found: ${p}`, EXIT.usage);
  let options;
  try {
    const { config } = await loadConfigFile(opts.config);
    options = resolveOptions(paths, config, { only: opts.only, skip: opts.skip, ignore: opts.ignore });
    if (opts.failOn === undefined && config.failOn) opts.failOn = config.failOn;
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  const ids = new Set(allAnalyzers.map((a) => a.id));
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])])
    if (!ids.has(id)) throw new CliError(`unknown analyzer "${id}" (known: ${[...ids].join(', ')})`, EXIT.usage);

  const progress = new Progress();
  let result: ScanResult;
  try {
    result = await runScan(options, {
      onProgress: (p) => progress.update(p.filesDone, p.filesSeen, p.current),
      onIssue: (i) => {
        if (!opts.quiet) progress.note(`aispm: ${i.path}: ${i.message} (${i.source}, ${i.reason})`);
      },
    });
  } catch (e) {
    if (e instanceof UnknownAnalyzerError) throw new CliError(e.message, EXIT.usage);
    throw new CliError(`scan failed: ${(e as Error).message}`, EXIT.failed);
  } finally {
    progress.done();
  }
  for (const hook of afterScanHooks) result = await hook(result, opts, cmd);

  const writer = writerFor(opts.format)!;
  const rules = new Map<string, RuleMeta>(allRuleMetas().map((r) => [r.id, r]));
  await emit(writer.write(result, { color: !opts.output && useColor(), rules }), opts.output);
  if (opts.failOn && isSeverity(opts.failOn) && failingAtOrAbove(result, opts.failOn) > 0) return EXIT.findings;
  return EXIT.ok;
}
