import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { dispatch, parseNotifyConfig, resolveTargets, selectForNotify, SIGNATURE_HEADER, slackMessage, type NotifyEvent, type NotifyLog } from './index.js';
import { postWithRetry } from './http.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver that answers from a script of status codes (last one repeats) and records every request. */
async function receiver(statuses: number[] = [200]): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"id":"10001","key":"SEC-1"}' : '{"error":"nope"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const finding = (id: string, severity: Finding['severity'], lifecycle: string, extra: Finding['properties'] = {}): Finding => ({
  id, ruleId: `rule_${id}`, title: `Title <${id}>`, severity, category: 'exposure', status: 'fail', assetId: 'a', location: { path: 'infra/main.tf', line: 4 },
  message: `message & <${id}>`, remediation: 'fix', frameworks: {}, properties: { lifecycle: { state: lifecycle, firstSeen: 'x', lastSeen: 'x' }, owner: '@acme/ml', ...extra },
});

const event = (findings: Finding[]): NotifyEvent => ({
  schema: 'aispm.notify/v1', target: '/estate', scanId: 'scan-1', at: '2026-01-01T00:00:00.000Z', findings: selectForNotify(findings, 'high', new Map([['b', 2]])),
});

class MemoryLog implements NotifyLog {
  rows = new Map<string, Set<string>>();
  async notified(target: string, sink: string) {
    return new Set(this.rows.get(`${target}|${sink}`) ?? []);
  }
  async recordNotified(target: string, sink: string, sent: readonly { findingId: string; episode: number }[]) {
    const s = this.rows.get(`${target}|${sink}`) ?? new Set<string>();
    for (const x of sent) s.add(`${x.findingId}#${x.episode}`);
    this.rows.set(`${target}|${sink}`, s);
  }
}

const fast = { retries: 3, backoffMs: 1, timeoutMs: 2000 };

describe('selectForNotify', () => {
  it('keeps only new/reopened failing findings at or above the threshold, not excepted', () => {
    const picked = selectForNotify(
      [
        finding('a', 'critical', 'new'),
        finding('b', 'high', 'reopened'),
        finding('c', 'high', 'open'),
        finding('d', 'medium', 'new'),
        finding('e', 'high', 'new', { suppressed: { by: 'store' } }),
        { ...finding('f', 'high', 'new'), status: 'pass' },
        finding('a', 'critical', 'new'),
      ],
      'high',
      new Map([['b', 2]]),
    );
    expect(picked.map((f) => [f.id, f.lifecycle, f.episode, f.owner])).toEqual([
      ['a', 'new', 0, '@acme/ml'],
      ['b', 'reopened', 2, '@acme/ml'],
    ]);
  });
});

describe('webhook', () => {
  it('POSTs the JSON event with a valid HMAC-SHA256 signature over the raw body', async () => {
    const r = await receiver();
    closers.push(r.close);
    const secret = ['test', 'secret', String(Date.now())].join('-');
    const reports = await dispatch(event([finding('a', 'critical', 'new')]), { webhook: { url: `${r.url}/hook`, secret } }, fast, new MemoryLog());
    expect(reports).toEqual([{ sink: 'webhook', sent: 1, duplicate: 0, failed: 0 }]);
    expect(r.seen).toHaveLength(1);
    const req = r.seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hook');
    expect(req.headers['content-type']).toBe('application/json');
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`);
    const got = Buffer.from(String(req.headers[SIGNATURE_HEADER]));
    expect(got.length === expected.length && timingSafeEqual(got, expected)).toBe(true);
    const body = JSON.parse(req.body) as NotifyEvent;
    expect(body.schema).toBe('aispm.notify/v1');
    expect(body.findings.map((f) => f.id)).toEqual(['a']);
  });

  it('retries 5xx with backoff, then succeeds; dedupes on the next run; a reopened episode is sent again', async () => {
    const r = await receiver([503, 502, 200]);
    closers.push(r.close);
    const log = new MemoryLog();
    const waits: number[] = [];
    const retry = { ...fast, backoffMs: 100, sleep: async (ms: number) => void waits.push(ms) };
    const first = await dispatch(event([finding('a', 'critical', 'new')]), { webhook: { url: r.url } }, retry, log);
    expect(first[0]).toMatchObject({ sent: 1, failed: 0 });
    expect(r.seen).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(r.seen[2]!.headers[SIGNATURE_HEADER]).toBeUndefined();
    const again = await dispatch(event([finding('a', 'critical', 'new')]), { webhook: { url: r.url } }, retry, log);
    expect(again[0]).toMatchObject({ sent: 0, duplicate: 1 });
    expect(r.seen).toHaveLength(3);
    const reopened = event([finding('a', 'critical', 'reopened')]);
    reopened.findings[0]!.episode = 1;
    expect((await dispatch(reopened, { webhook: { url: r.url } }, retry, log))[0]).toMatchObject({ sent: 1 });
  });

  it('gives up after the retries, does not retry a 4xx, and records nothing it could not send', async () => {
    const down = await receiver([500]);
    closers.push(down.close);
    const log = new MemoryLog();
    const failed = await dispatch(event([finding('a', 'critical', 'new')]), { webhook: { url: down.url } }, fast, log);
    expect(failed[0]).toMatchObject({ sent: 0, failed: 1 });
    expect(failed[0]!.error).toMatch(/after 4 attempts: HTTP 500/);
    expect(down.seen).toHaveLength(4);
    expect((await log.notified('/estate', 'webhook')).size).toBe(0);
    const no = await receiver([400]);
    closers.push(no.close);
    const rejected = await dispatch(event([finding('a', 'critical', 'new')]), { webhook: { url: no.url } }, fast, log);
    expect(rejected[0]!.error).toMatch(/rejected: HTTP 400/);
    expect(no.seen).toHaveLength(1);
  });

  it('retries network errors (nothing listening)', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    await expect(postWithRetry(url, '{}', {}, { retries: 2, backoffMs: 1, timeoutMs: 1000 })).rejects.toThrow(/after 3 attempts: network error/);
  });
});

describe('slack', () => {
  it('sends Block Kit with escaped text', async () => {
    const r = await receiver();
    closers.push(r.close);
    const reports = await dispatch(event([finding('a', 'critical', 'new'), finding('b', 'high', 'reopened')]), { slack: { url: r.url } }, fast, new MemoryLog());
    expect(reports[0]).toMatchObject({ sink: 'slack', sent: 2 });
    const body = JSON.parse(r.seen[0]!.body) as ReturnType<typeof slackMessage>;
    expect(body.text).toMatch(/2 new or reopened findings/);
    const sections = body.blocks.filter((b) => (b as { type: string }).type === 'section') as { text: { text: string } }[];
    expect(sections).toHaveLength(2);
    expect(sections[0]!.text.text).toContain('message &amp; &lt;a&gt;');
    expect(sections[1]!.text.text).toContain('_reopened_');
  });
});

describe('jira', () => {
  it('creates one issue per finding over REST v2 with basic or bearer auth', async () => {
    const r = await receiver();
    closers.push(r.close);
    const token = ['tok', String(Date.now())].join('-');
    const cfg = parseNotifyConfig({ jira: { url: r.url, project: 'SEC', email: 'bot@acme.example', tokenEnv: 'T_JIRA' } });
    const targets = resolveTargets(cfg, {}, { T_JIRA: token });
    const reports = await dispatch(event([finding('a', 'critical', 'new'), finding('b', 'high', 'new')]), targets, fast, new MemoryLog());
    expect(reports[0]).toMatchObject({ sink: 'jira', sent: 2 });
    expect(r.seen.map((s) => s.url)).toEqual(['/rest/api/2/issue', '/rest/api/2/issue']);
    expect(r.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`bot@acme.example:${token}`).toString('base64')}`);
    const issue = JSON.parse(r.seen[0]!.body) as { fields: { project: { key: string }; summary: string; issuetype: { name: string }; labels: string[]; description: string } };
    expect(issue.fields.project.key).toBe('SEC');
    expect(issue.fields.issuetype.name).toBe('Bug');
    expect(issue.fields.summary).toBe('[aispm] CRITICAL: Title <a>');
    expect(issue.fields.labels).toEqual(['aispm', 'aispm-a']);
    expect(issue.fields.description).toContain('Owner: @acme/ml');
    const bearer = resolveTargets(parseNotifyConfig({ jira: { url: r.url, project: 'SEC', bearer: token } }));
    await dispatch(event([finding('c', 'critical', 'new')]), bearer, fast, new MemoryLog());
    expect(r.seen[2]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('rejects half-configured sinks', () => {
    expect(() => resolveTargets(parseNotifyConfig({ jira: { url: 'https://j.example', project: 'SEC' } }))).toThrow(/basic auth/);
    expect(() => parseNotifyConfig({ minSeverity: 'urgent' })).toThrow(/notify\.minSeverity/);
    expect(() => parseNotifyConfig({ webhook: { url: 'not a url' } })).toThrow(/notify\.webhook\.url/);
    expect(resolveTargets(parseNotifyConfig({}), { webhook: 'http://x.example/h', webhookSecret: 's' })).toEqual({ webhook: { url: 'http://x.example/h', secret: 's' } });
  });
});
