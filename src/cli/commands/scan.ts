import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { isSeverity, SEVERITIES, severityAtLeast, type RuleMeta, type ScanResult, type Severity } from '../../core/index.js';
import { ConfigError, loadConfigFile, resolveOptions } from '../../config/index.js';
import { allAnalyzers, allRuleMetas, runScan, UnknownAnalyzerError } from '../../scan/index.js';
import { writerFor, writers } from '../../report/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { Progress } from '../progress.js';
import { emit, useColor } from '../output.js';
import { isGating } from '../../store/index.js';
import { applyPosture } from '../posture/apply.js';
import { openCliStore } from '../posture/store.js';
import { ownerSection } from '../posture/group-by-owner.js';

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
  baseline?: string;
  notifyWebhook?: string;
  notifySecret?: string;
  notifySlack?: string;
  notifyMinSeverity?: string;
  groupBy?: string;
  history?: boolean;
  historySince?: string;
}

/**
 * Counts failing findings at or above the threshold — what decides exit code 1. Suppressed,
 * accepted (approved dataset) and baseline findings stay in the report but do not count.
 */
export function failingAtOrAbove(result: ScanResult, threshold: Severity): number {
  return result.findings.filter((f) => isGating(f) && severityAtLeast(f.severity, threshold)).length;
}

export function scanCommand(): Command {
  const cmd = new Command('scan')
    .description('Scan folders, repositories or files for AI assets, misconfigurations, unsafe model files, sensitive data and attack paths.')
    .argument('[paths...]', 'folders or files to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(writers.map((w) => w.format)).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity').choices([...SEVERITIES]))
    .option('--only <analyzers>', 'run only these analyzers (comma-separated; see `aispm analyzers`)', list)
    .option('--skip <analyzers>', 'skip these analyzers (comma-separated)', list)
    .option('--history', 'also scan the git history of each target (its folder in the repository it is in): secrets and personal data committed once, though since changed or deleted (the .git folder is read, git is never run)')
    .option('--history-since <rev>', 'scan only the history HEAD adds to REV (a branch, tag or remote ref, or a full commit id): the commits of a pull request; implies --history')
    .option('--no-history', 'do not scan git history even when aispm.yaml asks for it')
    .option('--ignore <pattern>', 'leave out paths matching a gitignore-style pattern (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('-c, --config <file>', 'config file (default: ./aispm.yaml when present)')
    .option('--db <dir|url>', 'where scans are remembered: a folder (embedded store) or postgres://… (default: .aispm/ or $AISPM_DATABASE_URL)')
    .option('--no-store', 'scan without remembering the result')
    .option('-q, --quiet', 'no progress or skipped-file notes on stderr')
    .option('--baseline <file|scan>', 'fail only on findings not in this baseline (an aispm JSON report, a fingerprint list, or a saved scan id)')
    .option('--notify-webhook <url>', 'POST new/reopened findings to this webhook (JSON, HMAC-signed with --notify-secret or $AISPM_WEBHOOK_SECRET)')
    .option('--notify-secret <secret>', 'HMAC-SHA256 secret for --notify-webhook')
    .option('--notify-slack <url>', 'post new/reopened findings to a Slack incoming webhook')
    .addOption(new Option('--notify-min-severity <severity>', 'lowest severity notified (default: notify.minSeverity or high)').choices([...SEVERITIES]))
    .addOption(new Option('--group-by <key>', 'table output: add a section grouping failing findings').choices(['owner']))
    .addHelpText(
      'after',
      `
Examples:
  aispm scan .                                  inventory + findings for this repo
  aispm scan models/ --only models --fail-on high   gate a model upload in CI
  aispm scan . --format sarif -o aispm.sarif    for GitHub code scanning
  aispm scan . --format cyclonedx -o aibom.json an AI-BOM (CycloneDX 1.6)
  aispm scan . --history --only data             secrets ever committed, as gitleaks would find them
  aispm scan . --history-since origin/main --fail-on high   a pull request's commits, even what a later commit removed
  aispm scan . --baseline main.json --fail-on high  fail CI only on what is new
  aispm scan . --db postgres://aispm@db/aispm   remember scans in a shared PostgreSQL

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage or config, 3 the scan failed.
Progress and skipped-file notes go to stderr; the report goes to stdout or -o. NO_COLOR is honoured.`,
    )
    .action(async (paths: string[], opts: ScanCommandOptions) => {
      const code = await runScanCommand(paths, opts);
      process.exitCode = code;
    });
  return cmd;
}

export async function runScanCommand(paths: string[], opts: ScanCommandOptions): Promise<number> {
  for (const p of paths) if (!existsSync(p)) throw new CliError(`scan target not found: ${p}`, EXIT.usage);
  let options;
  try {
    const { config } = await loadConfigFile(opts.config);
    options = resolveOptions(paths, config, { only: opts.only, skip: opts.skip, ignore: opts.ignore, history: opts.history, historySince: opts.historySince });
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
        // Issue messages name their file already (run-scan makes sure); do not print the path twice.
        const text = i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`;
        if (!opts.quiet) progress.note(`aispm: ${text} (${i.source}, ${i.reason})`);
      },
    });
  } catch (e) {
    if (e instanceof UnknownAnalyzerError) throw new CliError(e.message, EXIT.usage);
    throw new CliError(`scan failed: ${(e as Error).message}`, EXIT.failed);
  } finally {
    progress.done();
  }
  // Posture: owners, exceptions, approvals, baseline, then remember the scan and notify (issue 7).
  const store = opts.store ? await openCliStore(opts.db) : undefined;
  try {
    const posture = await applyPosture(result, {
      targets: paths,
      config: options.config,
      flags: opts,
      ...(store ? { store } : {}),
      warn: (m) => process.stderr.write(`${m}\n`),
    });
    if (!opts.quiet && posture.saved) {
      const l = posture.saved.counts.lifecycle;
      process.stderr.write(`aispm: saved scan ${posture.saved.scanId} (new ${l.new ?? 0}, reopened ${l.reopened ?? 0}, resolved ${l.resolved ?? 0}; aispm diff shows what changed)\n`);
    }
  } finally {
    await store?.close().catch(() => undefined);
  }

  const writer = writerFor(opts.format)!;
  const rules = new Map<string, RuleMeta>(allRuleMetas().map((r) => [r.id, r]));
  let text = writer.write(result, { color: !opts.output && useColor(), rules });
  if (opts.groupBy === 'owner' && opts.format === 'table') text += `\n${ownerSection(result)}`;
  await emit(text, opts.output);
  if (opts.failOn && isSeverity(opts.failOn) && failingAtOrAbove(result, opts.failOn) > 0) return EXIT.findings;
  return EXIT.ok;
}
