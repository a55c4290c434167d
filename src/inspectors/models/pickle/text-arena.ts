/** Node's native latin1 slice (what `Buffer#toString('latin1', …)` calls after its argument checks). */
type NativeSlices = Buffer & { latin1Slice(start: number, end: number): string };

/** Offsets are stored as small ints, so the arena stops growing at 1 GiB (strings are then kept as strings). */
const MAX_BYTES = 1 << 30;

/**
 * ASCII strings stored as bytes in one growing buffer, each after a 4-byte length. A string put
 * here is referenced by its offset, a small int the GC never has to trace or copy.
 */
export class TextArena {
  private buf: Buffer = Buffer.allocUnsafe(1 << 16);
  private end = 0;

  /** Stores `s` and returns its offset; undefined (the caller keeps the string) if `s` is not ASCII or the arena is full. */
  add(s: string): number | undefined {
    const n = s.length;
    const at = this.end;
    if (at + 4 + n > this.buf.length && !this.grow(4 + n)) return undefined;
    const b = this.buf;
    // A byte loop: the strings are short (tensor names, module paths), and a native write costs
    // more per call than the copy.
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return undefined;
      b[at + 4 + i] = c;
    }
    b.writeUInt32LE(n, at);
    this.end = at + 4 + n;
    return at;
  }

  /** The string stored at `at` (an offset `add` returned). */
  read(at: number): string {
    const n = this.buf.readUInt32LE(at);
    return (this.buf as NativeSlices).latin1Slice(at + 4, at + 4 + n);
  }

  private grow(need: number): boolean {
    if (this.end + need > MAX_BYTES) return false;
    let size = this.buf.length * 2;
    while (size < this.end + need) size *= 2;
    const next = Buffer.allocUnsafe(Math.min(size, MAX_BYTES));
    this.buf.copy(next, 0, 0, this.end);
    this.buf = next;
    return true;
  }
}
