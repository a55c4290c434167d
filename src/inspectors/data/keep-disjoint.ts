/** A found value's place in the scanned text: [start, end) in UTF-16 units. */
export interface Span {
  start: number;
  end: number;
}

/** Characters covered by a kept span (all zero between calls; grown as needed). */
let covered = new Uint8Array(1 << 16);

/**
 * The spans, taken in the order given (best first), that overlap none taken before them — in that
 * order. A kept span's characters are marked in a map, so each span costs its own length: a
 * pairwise test against every kept span was quadratic, and a 256 KB block holding thousands of
 * values (a list of e-mail addresses, URLs with credentials) took seconds.
 */
export function keepDisjoint<T extends Span>(ranked: readonly T[]): T[] {
  let end = 0;
  for (const h of ranked) end = Math.max(end, h.end);
  if (covered.length < end) covered = new Uint8Array(Math.max(end, covered.length * 2));
  const out: T[] = [];
  // Empty spans (none is expected) overlap what strictly surrounds their place, both ways round,
  // as in the pairwise test; they cover no character, so the kept ones are checked by hand.
  const emptyAt: number[] = [];
  for (const h of ranked) {
    let free = true;
    if (h.start >= h.end) free = !out.some((k) => k.start < h.start && h.start < k.end);
    else {
      for (let c = h.start; c < h.end && free; c++) free = covered[c] === 0;
      for (let k = 0; k < emptyAt.length && free; k++) free = !(h.start < emptyAt[k]! && emptyAt[k]! < h.end);
    }
    if (!free) continue;
    if (h.start >= h.end) emptyAt.push(h.start);
    else covered.fill(1, h.start, h.end);
    out.push(h);
  }
  for (const h of out) covered.fill(0, h.start, h.end);
  return out;
}
