/**
 * A least-recently-used map bounded by the total byte weight of its values: delta bases and parsed
 * trees are kept while they are likely to be asked for again, and memory stays flat on big repos.
 */
export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Re-inserting moves the key to the end: Map iteration order is the recency order.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  /** Keeps the value, evicting the least recently used; one over a quarter of the budget is not kept. */
  set(key: string, value: V, weight: number): void {
    if (weight > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [k, v] of this.map) {
      if (this.total <= this.maxBytes) break;
      this.map.delete(k);
      this.total -= v.weight;
    }
  }
}
