import { postWithRetry, type RetryOptions } from './http.js';
import { whereOf, type NotifyEvent } from './event.js';

const MAX_LISTED = 20;

/** Slack mrkdwn needs &, < and > escaped; nothing else is interpreted in plain text. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Block Kit message for an incoming webhook: a header, one section per finding (capped), a context line. */
export function slackMessage(event: NotifyEvent): { text: string; blocks: unknown[] } {
  const n = event.findings.length;
  const text = `aispm: ${n} new or reopened finding${n === 1 ? '' : 's'} in ${event.target}`;
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: cap(text, 150) } }];
  for (const f of event.findings.slice(0, MAX_LISTED)) {
    const lines = [
      `*${slackEscape(f.severity.toUpperCase())}* ${f.lifecycle === 'reopened' ? '_reopened_ ' : ''}\`${slackEscape(f.ruleId)}\``,
      slackEscape(cap(f.message, 500)),
      `${slackEscape(whereOf(f.location))}${f.owner ? ` · owner ${slackEscape(f.owner)}` : ''}`,
    ];
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  const more = n > MAX_LISTED ? `… and ${n - MAX_LISTED} more. ` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`${more}scan ${event.scanId}`) }] });
  return { text, blocks };
}

export async function sendSlack(event: NotifyEvent, url: string, retry: RetryOptions): Promise<number> {
  return (await postWithRetry(url, JSON.stringify(slackMessage(event)), { 'content-type': 'application/json' }, retry)).attempts;
}
