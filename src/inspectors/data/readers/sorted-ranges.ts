/**
 * The first of `items` — ranges sorted by where they end, not overlapping — that ends past `at`
 * (`items.length` when none does), by binary search: a document can hold a million pieces or runs,
 * and each chunk of text looks one up.
 */
export function firstEndingPast<T>(items: readonly T[], at: number, end: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end(items[mid]!) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
