/** Why a delivery failed for good (a 4xx, or retries exhausted). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First wait; doubles each attempt (with up to 25% jitter). */
  backoffMs: number;
  timeoutMs: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpResponse {
  status: number;
  body: string;
  attempts: number;
}

const retriable = (status: number) => status >= 500 || status === 429;

/**
 * POSTs a body, retrying with exponential backoff on network errors, timeouts, 5xx and 429.
 * A 4xx other than 429 is the receiver saying no: no retry. The URL is never echoed in errors
 * (webhook URLs carry secrets).
 */
export async function postWithRetry(url: string, body: string, headers: Record<string, string>, opts: RetryOptions): Promise<HttpResponse> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) {
      const base = opts.backoffMs * 2 ** (attempt - 1);
      await sleep(base + Math.floor(Math.random() * base * 0.25));
    }
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'user-agent': 'aispm', ...headers }, body, signal: AbortSignal.timeout(opts.timeoutMs) });
      const text = await res.text();
      if (res.ok) return { status: res.status, body: text, attempts: attempt + 1 };
      last = `HTTP ${res.status}`;
      if (!retriable(res.status)) throw new DeliveryError(`rejected: ${last} ${text.slice(0, 200)}`.trim(), res.status);
    } catch (e) {
      if (e instanceof DeliveryError) throw e;
      last = (e as Error).name === 'TimeoutError' ? 'timed out' : `network error (${(e as Error).message})`;
    }
  }
  throw new DeliveryError(`failed after ${opts.retries + 1} attempts: ${last}`);
}
