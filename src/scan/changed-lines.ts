/**
 * What a commit added to a large line-oriented text file: its new version with every line the
 * previous version already held blanked (left as an empty line, so line and column numbers stay
 * those of the file). `git log -p` shows a history scanner the same thing; reading each version of
 * a 5 MB CSV edited in 500 commits whole would be 2.5 GB of text, nearly all of it read before.
 * The first line is always kept: a table's header names its columns. Lines are compared by a
 * 52-bit hash: a new line mistaken for an old one needs a collision among the file's lines.
 */
export function blankUnchangedLines(current: Uint8Array, previous: Uint8Array): Buffer {
  const seen = new Set<number>();
  forEachLine(previous, (start, end) => void seen.add(lineHash(previous, start, end)));
  const out = Buffer.allocUnsafe(current.length);
  let n = 0;
  let first = true;
  forEachLine(current, (start, end, newline) => {
    if (first || !seen.has(lineHash(current, start, end))) {
      out.set(current.subarray(start, end), n);
      n += end - start;
    }
    first = false;
    if (newline) out[n++] = 10;
  });
  return out.subarray(0, n);
}

/** Calls `fn` with each line's [start, end) (no `\r\n` or `\n`) and whether a newline ended it. */
function forEachLine(bytes: Uint8Array, fn: (start: number, end: number, newline: boolean) => void): void {
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(10, start);
    if (nl < 0) {
      if (start < bytes.length) fn(start, bytes.length, false);
      return;
    }
    fn(start, nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl, true);
    start = nl + 1;
  }
}

/** Two 32-bit FNV-style hashes of a line's bytes, 52 bits of them as one exact double. */
function lineHash(bytes: Uint8Array, start: number, end: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul((h2 ^ c) + (h2 >>> 13), 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 12) & 0xfffff);
}
