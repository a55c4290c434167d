import { postWithRetry, type RetryOptions } from './http.js';
import { whereOf, type NotifyEvent, type NotifyFinding } from './event.js';

export interface JiraTarget {
  url: string;
  project: string;
  issueType: string;
  labels: string[];
  auth: { kind: 'basic'; email: string; token: string } | { kind: 'bearer'; token: string };
}

/** The REST v2 create-issue body for one finding (plain-text description, Jira wiki markup safe). */
export function jiraIssue(f: NotifyFinding, event: NotifyEvent, t: JiraTarget): { fields: Record<string, unknown> } {
  const summary = `[aispm] ${f.severity.toUpperCase()}: ${f.title}`.slice(0, 250);
  const description = [
    f.message,
    '',
    `Rule: ${f.ruleId}`,
    `Where: ${whereOf(f.location) || f.assetId}`,
    `Target: ${event.target}`,
    `Owner: ${f.owner ?? 'unassigned'}`,
    `Status: ${f.lifecycle}`,
    `Fingerprint: ${f.id}`,
    '',
    `Remediation: ${f.remediation}`,
  ].join('\n');
  return {
    fields: {
      project: { key: t.project },
      summary,
      description,
      issuetype: { name: t.issueType },
      labels: [...t.labels, `aispm-${f.id}`],
    },
  };
}

/** Creates one issue per finding (POST /rest/api/2/issue); returns the ids of findings filed. */
export async function sendJira(event: NotifyEvent, t: JiraTarget, retry: RetryOptions, maxIssues: number, onError: (f: NotifyFinding, e: Error) => void): Promise<string[]> {
  const auth = t.auth.kind === 'basic' ? `Basic ${Buffer.from(`${t.auth.email}:${t.auth.token}`).toString('base64')}` : `Bearer ${t.auth.token}`;
  const endpoint = `${t.url.replace(/\/+$/, '')}/rest/api/2/issue`;
  const done: string[] = [];
  for (const f of event.findings.slice(0, maxIssues)) {
    try {
      await postWithRetry(endpoint, JSON.stringify(jiraIssue(f, event, t)), { 'content-type': 'application/json', accept: 'application/json', authorization: auth }, retry);
      done.push(f.id);
    } catch (e) {
      onError(f, e as Error);
    }
  }
  return done;
}
