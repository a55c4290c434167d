/**
 * "Today" as YYYY-MM-DD (UTC). `AISPM_NOW` (an ISO date or time) overrides the clock so expiry can be
 * tested and replayed; it is read only here and by the scan wiring.
 */
export const NOW_ENV = 'AISPM_NOW';

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env[NOW_ENV];
  if (v) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A valid calendar day `YYYY-MM-DD`, or undefined. */
export function parseDay(s: string): string | undefined {
  if (!DAY.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && isoDay(d) === s ? s : undefined;
}

/** An exception that expires on `expires` still applies on that day and stops the day after. */
export function isExpired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}
