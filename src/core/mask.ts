/**
 * Masks a secret or personal value for display: a few characters either side, the middle elided
 * (`sk-pr…9Qa`). Short values keep less, so a 4-digit PIN never shows more than one character.
 */
export function maskValue(value: string): string {
  const v = value.trim();
  if (v.length <= 4) return v.length <= 1 ? '…' : `${v[0]}…`;
  if (v.length <= 8) return `${v.slice(0, 1)}…${v.slice(-1)}`;
  if (v.length <= 16) return `${v.slice(0, 2)}…${v.slice(-2)}`;
  return `${v.slice(0, 5)}…${v.slice(-3)}`;
}
