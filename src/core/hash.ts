import { createHash } from 'node:crypto';

/** A short, stable hex digest (sha256, truncated) of the parts, joined unambiguously. */
export function stableHash(parts: readonly (string | number | undefined)[], length = 16): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const s = p === undefined ? '\u0000' : String(p);
    h.update(String(s.length));
    h.update(':');
    h.update(s);
  }
  return h.digest('hex').slice(0, length);
}
