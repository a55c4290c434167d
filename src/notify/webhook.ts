import { createHmac, randomUUID } from 'node:crypto';
import { postWithRetry, type RetryOptions } from './http.js';
import type { NotifyEvent } from './event.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` (GitHub-style), when a secret is set. */
export const SIGNATURE_HEADER = 'x-aispm-signature-256';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * A generic JSON webhook: one POST per scan with every finding to report (`aispm.notify/v1`).
 * Receivers verify the signature over the exact bytes with a constant-time compare.
 */
export async function sendWebhook(event: NotifyEvent, target: { url: string; secret?: string }, retry: RetryOptions): Promise<number> {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-aispm-event': 'findings', 'x-aispm-delivery': randomUUID() };
  if (target.secret) headers[SIGNATURE_HEADER] = signBody(body, target.secret);
  return (await postWithRetry(target.url, body, headers, retry)).attempts;
}
