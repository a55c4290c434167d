/** `s` as a literal inside a regular expression: every character a pattern gives a meaning escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
