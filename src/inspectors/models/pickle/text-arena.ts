/** Node's native UTF-8 slice (what `Buffer#toString` calls after its argument checks). */
type NativeSlices = Buffer & { utf8Slice(start: number, end: number): string };

/** Offsets are stored as small ints, so the arena stops growing at 1 GiB (strings are then kept as strings). */
const MAX_BYTES = 1 << 30;

/**
 * Strings kept as their UTF-8 bytes in one growing buffer, each after its 4-byte length. A string
 * put here is referenced by its offset, a small int the GC never has to trace or copy, and is
 * decoded from the same bytes, the same way, when it is read back.
 */
export class TextArena {
  /** Starts tiny: the first few `add`s then grow it, so V8 has seen `grow` run before it optimises `add`. */
  private buf: Buffer = Buffer.allocUnsafe(64);
  private end = 0;

  /** Stores `src[from, from + n)` and returns its offset, or undefined when the arena is full. */
  add(src: Uint8Array, from: number, n: number): number | undefined {
    const at = this.end;
    if (at + 4 + n > this.buf.length && !this.grow(4 + n)) return undefined;
    const b = this.buf;
    b[at] = n;
    b[at + 1] = n >>> 8;
    b[at + 2] = n >>> 16;
    b[at + 3] = n >>> 24;
    // A byte loop: the strings are short (tensor names), and a native copy costs more per call.
    for (let i = 0; i < n; i++) b[at + 4 + i] = src[from + i]!;
    this.end = at + 4 + n;
    return at;
  }

  /** The string stored at `at` (an offset `add` returned). */
  read(at: number): string {
    const b = this.buf;
    const n = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
    return (b as NativeSlices).utf8Slice(at + 4, at + 4 + n);
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
