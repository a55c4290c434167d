/**
 * The raw text a decoded text came from, when the raw text was scanned for secrets already: a
 * quoted-printable part with soft line breaks is scanned again decoded, because a break may split
 * a key, but a key that sits whole in its raw lines was found and counted there. Each raw
 * occurrence of a value excuses one decoded hit of it, so a key is counted once per place it is
 * written (it was counted twice), and a key written both whole and split still twice.
 */
export class RawSeen {
  private readonly left = new Map<string, number>();

  constructor(private readonly raw: string) {}

  /** Whether this decoded hit of `value` is one the raw scan already counted (and uses that up). */
  takes(value: string): boolean {
    const n = this.left.get(value) ?? occurrences(this.raw, value);
    this.left.set(value, Math.max(0, n - 1));
    return n > 0;
  }
}

/** Non-overlapping occurrences of `value` in `text`. */
function occurrences(text: string, value: string): number {
  let n = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) n++;
  return n;
}
