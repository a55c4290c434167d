import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isSeverity, type ScanResult, type Severity } from '../../core/index.js';
import {
  applyApprovals,
  applyBaseline,
  applySuppressions,
  assignOwners,
  isoDay,
  now,
  parsePostureConfig,
  targetKey,
  type SaveOutcome,
  type Store,
  type SuppressionRule,
} from '../../store/index.js';
import { dispatch, parseNotifyConfig, resolveTargets, retryOptions, selectForNotify, type SinkReport } from '../../notify/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { fileHasher, lineReader, loadCodeowners, ReportPaths } from './files.js';

export interface PostureFlags {
  baseline?: string;
  notifyWebhook?: string;
  notifySecret?: string;
  notifySlack?: string;
  notifyMinSeverity?: string;
}

export interface PostureOutcome {
  saved?: SaveOutcome;
  suppressed: number;
  accepted: number;
  /** Failing findings not in the baseline (when one was given). */
  newSinceBaseline?: number;
  notify: SinkReport[];
}

/** Fingerprints of failing findings in a baseline: an aispm JSON report, `{fingerprints: [...]}`, a JSON array, or a saved scan id. */
export async function loadBaseline(ref: string, store: Store | undefined): Promise<Set<string>> {
  if (existsSync(ref)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(ref, 'utf8'));
    } catch (e) {
      throw new CliError(`--baseline ${ref}: not JSON: ${(e as Error).message}`, EXIT.usage);
    }
    if (Array.isArray(raw)) return new Set(raw.filter((x): x is string => typeof x === 'string'));
    const o = raw as { findings?: { id?: unknown; status?: unknown }[]; fingerprints?: unknown[] };
    if (Array.isArray(o.fingerprints)) return new Set(o.fingerprints.filter((x): x is string => typeof x === 'string'));
    if (Array.isArray(o.findings)) return new Set(o.findings.filter((f) => f.status === 'fail' && typeof f.id === 'string').map((f) => f.id as string));
    throw new CliError(`--baseline ${ref}: expected an aispm JSON report, {"fingerprints": [...]} or an array of fingerprints`, EXIT.usage);
  }
  if (!store) throw new CliError(`--baseline ${ref}: no such file, and a scan id needs the store (drop --no-store)`, EXIT.usage);
  const scan = await store.findScan(ref);
  if (!scan) throw new CliError(`--baseline ${ref}: no such file or saved scan`, EXIT.usage);
  return store.failingFingerprints(scan.id);
}

/**
 * Everything the posture feature does to a fresh scan result, in order: owners, exceptions
 * (store, aispm.yaml, inline comments), dataset approvals, baseline marking, saving with lifecycle,
 * and notifications for new / reopened findings. Mutates `result.findings[].properties`.
 */
export async function applyPosture(
  result: ScanResult,
  ctx: { targets: string[]; config: Record<string, unknown>; flags: PostureFlags; store?: Store; warn: (msg: string) => void },
): Promise<PostureOutcome> {
  let posture;
  let notifyCfg;
  try {
    posture = parsePostureConfig({ suppressions: ctx.config.suppressions, owners: ctx.config.owners });
    notifyCfg = parseNotifyConfig(ctx.config.notify);
  } catch (e) {
    throw new CliError(`config: ${(e as Error).message}`, EXIT.usage);
  }
  if (ctx.flags.notifyMinSeverity !== undefined) {
    if (!isSeverity(ctx.flags.notifyMinSeverity)) throw new CliError(`--notify-min-severity: unknown severity "${ctx.flags.notifyMinSeverity}"`, EXIT.usage);
    notifyCfg.minSeverity = ctx.flags.notifyMinSeverity as Severity;
  }
  let targets;
  try {
    targets = resolveTargets(notifyCfg, { webhook: ctx.flags.notifyWebhook, webhookSecret: ctx.flags.notifySecret, slack: ctx.flags.notifySlack });
  } catch (e) {
    throw new CliError(`config: ${(e as Error).message}`, EXIT.usage);
  }

  const paths = new ReportPaths(ctx.targets);
  const today = isoDay(now());
  const { store } = ctx;
  assignOwners(result.findings, result.assets, { config: posture.owners, codeowners: await loadCodeowners(paths) });

  const rules: SuppressionRule[] = [...posture.suppressions];
  if (store)
    for (const s of await store.listSuppressions())
      rules.push({ by: 'store', id: s.id, selector: s.selector, reason: s.reason, owner: s.owner, ...(s.path ? { path: s.path } : {}), ...(s.expires ? { expires: s.expires } : {}) });
  const suppressed = await applySuppressions(result.findings, rules, { today, readLines: lineReader(paths) });
  const accepted = store ? await applyApprovals(result.findings, result.assets, await store.listApprovals(), { today, hashOf: fileHasher(paths) }) : 0;

  const out: PostureOutcome = { suppressed, accepted, notify: [] };
  if (ctx.flags.baseline) out.newSinceBaseline = applyBaseline(result.findings, await loadBaseline(ctx.flags.baseline, store));

  if (!store) {
    if (targets.webhook || targets.slack || targets.jira) ctx.warn('aispm: notifications need the store to know what is new; not sent with --no-store');
    return out;
  }
  const key = targetKey(ctx.targets);
  try {
    out.saved = await store.saveScan(result, { targetKey: key, now: now().toISOString() });
  } catch (e) {
    throw new CliError(`could not save the scan to the store (${store.description}): ${(e as Error).message.split('\n')[0]}`, EXIT.failed);
  }
  const findings = selectForNotify(result.findings, notifyCfg.minSeverity, out.saved.episodes);
  if (findings.length && (targets.webhook || targets.slack || targets.jira)) {
    out.notify = await dispatch({ schema: 'aispm.notify/v1', target: key, scanId: out.saved.scanId, at: result.scan.finishedAt, findings }, targets, retryOptions(notifyCfg), store);
    for (const r of out.notify) if (r.error) ctx.warn(`aispm: notify ${r.sink}: ${r.failed} not sent: ${r.error}`);
  }
  return out;
}
