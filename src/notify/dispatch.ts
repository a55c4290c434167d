import { fromEnv, type NotifyConfig } from './config.js';
import { DeliveryError, type RetryOptions } from './http.js';
import type { NotifyEvent, NotifyFinding } from './event.js';
import { sendWebhook } from './webhook.js';
import { sendSlack } from './slack.js';
import { sendJira, type JiraTarget } from './jira.js';

/** Where notifications go, after config, flags and environment are merged. */
export interface NotifyTargets {
  webhook?: { url: string; secret?: string };
  slack?: { url: string };
  jira?: JiraTarget & { maxIssues: number };
}

/** Remembers what was sent (the store implements it), so a finding's episode is never sent twice. */
export interface NotifyLog {
  notified(target: string, sink: string): Promise<Set<string>>;
  recordNotified(target: string, sink: string, sent: readonly { findingId: string; episode: number }[]): Promise<void>;
}

export interface NotifyFlags {
  webhook?: string;
  webhookSecret?: string;
  slack?: string;
}

/** Merges the config section with CLI flags (flags win); throws when a sink is half-configured. */
export function resolveTargets(cfg: NotifyConfig, flags: NotifyFlags = {}, env: NodeJS.ProcessEnv = process.env): NotifyTargets {
  const t: NotifyTargets = {};
  const hookUrl = flags.webhook ?? fromEnv(cfg.webhook?.url, cfg.webhook?.urlEnv, env);
  if (hookUrl) {
    const secret = flags.webhookSecret ?? fromEnv(cfg.webhook?.secret, cfg.webhook?.secretEnv, env) ?? env.AISPM_WEBHOOK_SECRET;
    t.webhook = { url: hookUrl, ...(secret ? { secret } : {}) };
  }
  const slackUrl = flags.slack ?? fromEnv(cfg.slack?.url, cfg.slack?.urlEnv, env);
  if (slackUrl) t.slack = { url: slackUrl };
  if (cfg.jira) {
    const j = cfg.jira;
    const url = fromEnv(j.url, j.urlEnv, env);
    if (!url) throw new Error('notify.jira: url (or urlEnv) is required');
    const bearer = fromEnv(j.bearer, j.bearerEnv, env);
    const token = fromEnv(j.token, j.tokenEnv, env);
    let auth: JiraTarget['auth'];
    if (bearer) auth = { kind: 'bearer', token: bearer };
    else if (j.email && token) auth = { kind: 'basic', email: j.email, token };
    else throw new Error('notify.jira: give email + token (tokenEnv) for basic auth, or bearer (bearerEnv)');
    t.jira = { url, project: j.project, issueType: j.issueType, labels: j.labels, auth, maxIssues: j.maxIssues };
  }
  return t;
}

export function retryOptions(cfg: NotifyConfig): RetryOptions {
  return { retries: cfg.retries, backoffMs: cfg.backoffMs, timeoutMs: cfg.timeoutMs };
}

export interface SinkReport {
  sink: 'webhook' | 'slack' | 'jira';
  sent: number;
  /** Already sent in an earlier scan (same finding, same episode). */
  duplicate: number;
  failed: number;
  error?: string;
}

const key = (f: NotifyFinding) => `${f.id}#${f.episode}`;

/**
 * Sends the event's findings to every configured sink, minus what each sink already received, and
 * records what got through. A failing sink is reported, never thrown: a scan's result does not
 * depend on a chat server being up.
 */
export async function dispatch(event: NotifyEvent, targets: NotifyTargets, retry: RetryOptions, log: NotifyLog): Promise<SinkReport[]> {
  const reports: SinkReport[] = [];
  const run = async (sink: SinkReport['sink'], send: (e: NotifyEvent) => Promise<string[]>) => {
    const done = await log.notified(event.target, sink);
    const todo = event.findings.filter((f) => !done.has(key(f)));
    const r: SinkReport = { sink, sent: 0, duplicate: event.findings.length - todo.length, failed: 0 };
    if (todo.length) {
      try {
        const sentIds = new Set(await send({ ...event, findings: todo }));
        const sent = todo.filter((f) => sentIds.has(f.id));
        await log.recordNotified(event.target, sink, sent.map((f) => ({ findingId: f.id, episode: f.episode })));
        r.sent = sent.length;
        r.failed = todo.length - sent.length;
      } catch (e) {
        r.failed = todo.length;
        r.error = e instanceof DeliveryError ? e.message : `unexpected: ${(e as Error).message}`;
      }
    }
    reports.push(r);
  };
  const all = (e: NotifyEvent) => e.findings.map((f) => f.id);
  if (targets.webhook) {
    const w = targets.webhook;
    await run('webhook', async (e) => (await sendWebhook(e, w, retry), all(e)));
  }
  if (targets.slack) {
    const s = targets.slack;
    await run('slack', async (e) => (await sendSlack(e, s.url, retry), all(e)));
  }
  if (targets.jira) {
    const j = targets.jira;
    let firstError: string | undefined;
    await run('jira', (e) => sendJira(e, j, retry, j.maxIssues, (_f, err) => (firstError ??= err.message)));
    const last = reports.at(-1);
    if (last && firstError) last.error = firstError;
  }
  return reports;
}
