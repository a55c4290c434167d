/** Per-character counts for ASCII values (reused: entropy runs on every candidate secret). */
const counts = new Int32Array(128);

/** Shannon entropy in bits per character: random keys score ~4–6, words and placeholders ~2–3. */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (!n) return 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return entropyAnyText(s);
    counts[c]!++;
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const k = counts[c]!;
    if (k === 0) continue;
    counts[c] = 0;
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The same over code points, for text with non-ASCII characters (rare in keys). */
function entropyAnyText(s: string): number {
  counts.fill(0);
  const m = new Map<string, number>();
  let n = 0;
  for (const ch of s) {
    m.set(ch, (m.get(ch) ?? 0) + 1);
    n++;
  }
  let h = 0;
  for (const c of m.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}
