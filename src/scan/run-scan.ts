import { randomUUID } from 'node:crypto';
import {
  REPORT_SCHEMA_ID,
  type Analyzer,
  type AnalyzerContext,
  type AnalyzerOutput,
  type Asset,
  type Finding,
  type HistoryStats,
  type Observation,
  type Relation,
  type ScanIssue,
  type ScanResult,
  type ScanStats,
} from '../core/index.js';
import type { ScanOptions } from '../config/index.js';
import { FileTooLargeError, toScanFile, walk, type WalkEntry } from '../walker/index.js';
import { buildGraph } from '../graph/index.js';
import { builtinRules, evaluateRules, type Rule } from '../rules/index.js';
import { annotateRiskScores, buildLineage, findAttackPaths, modelsTrainedOnSensitiveData } from '../paths/index.js';
import { rollUpCompliance } from '../compliance/index.js';
import { targetPlaces } from './target-prefixes.js';
import { selectAnalyzers } from './registry.js';
import { HISTORY_SOURCE, scanHistory } from './history-scan.js';
import { toolVersion } from './version.js';

export interface ScanProgress {
  filesSeen: number;
  filesDone: number;
  current?: string;
}

export interface ScanHooks {
  onProgress?(p: ScanProgress): void;
  /** Called once per skipped file or error, as it happens (the CLI prints a one-line note). */
  onIssue?(i: ScanIssue): void;
}

export interface ScanExtras {
  /** Replaces the analyzer registry (tests, `--only`). */
  analyzers?: readonly Analyzer[];
  rules?: readonly Rule[];
}

class AnalyzerTimeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AnalyzerTimeout(`did not finish within ${ms} ms; abandoned`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Every issue line names its file (DESIGN §7), even when the error that caused it did not. */
function naming(filePath: string, msg: string): string {
  const line = (msg.split('\n')[0] ?? msg).slice(0, 500);
  return line.includes(filePath) ? line : `${filePath}: ${line}`;
}

function issueFor(e: unknown, filePath: string, source: string): ScanIssue {
  if (e instanceof FileTooLargeError) return { path: filePath, reason: 'too-large', message: naming(filePath, e.message), source };
  if (e instanceof AnalyzerTimeout) return { path: filePath, reason: 'timeout', message: naming(filePath, e.message), source };
  const msg = e instanceof Error ? e.message : String(e);
  return { path: filePath, reason: 'error', message: naming(filePath, msg), source };
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

/**
 * One scan: walk every target, hand each file to the analyzers that want it (bounded concurrency,
 * per-file timeout), merge into one graph, run rules, search paths, roll up compliance.
 * Never throws for bad input; only a failure of the scan itself (no readable target) rejects.
 */
export async function runScan(opts: ScanOptions, hooks: ScanHooks = {}, extras: ScanExtras = {}): Promise<ScanResult> {
  const startedAt = new Date();
  const analyzers = extras.analyzers ?? selectAnalyzers(opts.only, opts.skip);
  const assets: Asset[] = [];
  const relations: Relation[] = [];
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  const issues: ScanIssue[] = [];
  const perAnalyzer: Record<string, { files: number; ms: number }> = {};
  let filesSeen = 0;
  let filesDone = 0;
  let filesAnalyzed = 0;
  let bytesRead = 0;
  const historyStats: HistoryStats[] = [];
  const report = (i: ScanIssue) => {
    issues.push(i);
    hooks.onIssue?.(i);
  };

  for (const { abs: root, prefix } of targetPlaces(opts.targets)) {
    const progress = (p: string, fraction: number) => hooks.onProgress?.({ filesSeen, filesDone, current: `${prefix}${p} ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%` });
    const ctxFor = (a: Analyzer): AnalyzerContext => ({ root, options: opts.analyzerOptions[a.id] ?? {}, progress });
    const contexts = new Map(analyzers.map((a) => [a.id, ctxFor(a)]));

    const take = (out: AnalyzerOutput) => {
      if (out.assets) for (const x of out.assets) assets.push(x);
      if (out.relations) for (const x of out.relations) relations.push(x);
      if (out.findings) for (const x of out.findings) findings.push(x);
      if (out.observations) for (const x of out.observations) observations.push(x);
      if (out.issues) for (const x of out.issues) report(x);
    };

    const analyzeOne = async (entry: WalkEntry) => {
      const info = prefix ? { ...entry.info, path: prefix + entry.info.path } : entry.info;
      const wanted = analyzers.filter((a) => {
        try {
          return a.wants(info.path, info);
        } catch {
          return false;
        }
      });
      if (wanted.length) {
        filesAnalyzed++;
        bytesRead += info.size;
        const file = toScanFile({ ...entry, info }, opts.limits.maxReadBytes);
        for (const a of wanted) {
          const t0 = performance.now();
          try {
            const budget = a.stage === 'inspector' ? opts.limits.inspectorTimeoutMs : opts.limits.fileTimeoutMs;
            take(await withTimeout(a.analyze(file, contexts.get(a.id)!), budget));
          } catch (e) {
            report(issueFor(e, info.path, a.id));
          }
          const s = (perAnalyzer[a.id] ??= { files: 0, ms: 0 });
          s.files++;
          s.ms += performance.now() - t0;
        }
      }
      filesDone++;
      hooks.onProgress?.({ filesSeen, filesDone, current: info.path });
    };

    // A fixed pool of workers pulling from a queue the walker fills: bounded memory and concurrency.
    const queue: WalkEntry[] = [];
    let walking = true;
    const waiting: (() => void)[] = [];
    const wakeAll = () => {
      for (const w of waiting.splice(0)) w();
    };
    const worker = async () => {
      for (;;) {
        const next = queue.shift();
        if (next) {
          await analyzeOne(next);
          continue;
        }
        if (!walking) return;
        await new Promise<void>((r) => waiting.push(r));
      }
    };
    const workers = Array.from({ length: opts.limits.concurrency }, worker);
    try {
      for await (const batch of walk(root, report, { maxDepth: opts.limits.maxDepth, ignorePatterns: opts.ignore })) {
        filesSeen += batch.length;
        for (const e of batch) queue.push(e);
        wakeAll();
        // Back-pressure: let the pool drain before listing more, so huge trees never queue unbounded.
        while (queue.length > opts.limits.concurrency * 64) await new Promise((r) => setImmediate(r));
      }
    } finally {
      walking = false;
      wakeAll();
      await Promise.all(workers);
    }
    // Checks across the target's files that need them all (after the walk, so after every file).
    for (const a of analyzers) {
      if (!a.finish) continue;
      try {
        take(await withTimeout(a.finish(contexts.get(a.id)!), opts.limits.inspectorTimeoutMs));
      } catch (e) {
        report(issueFor(e, prefix || '.', a.id));
      }
    }
    if (opts.history) {
      const h = await historyOf(root, prefix, opts, analyzers, report, (current) => hooks.onProgress?.({ filesSeen, filesDone, current }));
      if (h) {
        historyStats.push(h.stats);
        // A file still on disk keeps its own asset; one known only from history is added, marked.
        const present = new Set(assets.map((a) => a.id));
        for (const a of h.assets) if (a.kind === 'secret' || !present.has(a.id)) assets.push(a);
        for (const r of h.relations) relations.push(r);
        for (const f of h.findings) findings.push(f);
      }
    }
  }

  const built = buildGraph(assets, relations, observations);
  const rules = extras.rules ?? builtinRules;
  const ruleFindings = evaluateRules(rules, built.assets, { graph: built.graph });
  const allFindings = dedupeFindings([...findings, ...ruleFindings]);
  // Lineage first: models trained on sensitive data are crown jewels for the path search; the
  // paths then lift each finding's properties.riskScore (exposure × sensitivity × privilege).
  const lineage = buildLineage(built.graph);
  const paths = findAttackPaths(built.graph, allFindings, { trainedOnSensitive: modelsTrainedOnSensitiveData(lineage) });
  annotateRiskScores(allFindings, paths);
  const compliance = rollUpCompliance(allFindings);
  const finishedAt = new Date();

  const stats: ScanStats = {
    filesSeen,
    filesAnalyzed,
    bytesRead,
    filesSkipped: new Set(issues.map((i) => i.path)).size,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    assetsByKind: countBy(built.assets, (a) => a.kind),
    findingsBySeverity: countBy(allFindings.filter((f) => f.status === 'fail'), (f) => f.severity),
    analyzers: perAnalyzer,
    // IaC resource types no analyzer models yet: counted, never fatal, so coverage gaps are visible.
    ...(historyStats.length ? { history: historyStats } : {}),
    unsupportedResourceTypes: countBy(observations.filter((o) => o.type === 'iac-unsupported-resource'), (o) => o.value),
  };
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'aispm', version: toolVersion() },
    scan: { id: randomUUID(), startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), targets: opts.targets, stats, issues },
    assets: built.assets,
    relations: built.relations,
    findings: allFindings,
    paths,
    compliance,
    lineage,
  };
}

/**
 * The git history of one target (`--history`), read by the data inspector; undefined when that
 * inspector is not selected (said once as an issue: history holds nothing else to look for).
 */
async function historyOf(
  root: string,
  prefix: string,
  opts: ScanOptions,
  analyzers: readonly Analyzer[],
  report: (i: ScanIssue) => void,
  progress: (current: string) => void,
): Promise<(Awaited<ReturnType<typeof scanHistory>> & { stats: HistoryStats }) | undefined> {
  const inspector = analyzers.find((a) => a.id === 'data');
  if (!inspector) {
    report({ path: prefix || '.', reason: 'config', message: `${prefix || '.'}: --history needs the data analyzer (secrets, personal data), which this scan leaves out`, source: HISTORY_SOURCE });
    return undefined;
  }
  const budget = opts.limits.inspectorTimeoutMs;
  const out = await scanHistory({
    root,
    prefix,
    inspector,
    inspectorOptions: opts.analyzerOptions[inspector.id] ?? {},
    history: opts.history!,
    limits: opts.limits,
    ignore: opts.ignore,
    report,
    progress,
    run: (file, ctx) => withTimeout(inspector.analyze(file, ctx), budget),
  });
  return { ...out, stats: { target: prefix || '.', commits: out.commits, files: out.blobs, bytes: out.bytes } };
}

/** One finding per fingerprint (two analyzers can see the same thing); order: severity, then path. */
function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
  return [...byId.values()].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || (a.location.path ?? '').localeCompare(b.location.path ?? '') || (a.location.line ?? 0) - (b.location.line ?? 0) || a.id.localeCompare(b.id),
  );
}
