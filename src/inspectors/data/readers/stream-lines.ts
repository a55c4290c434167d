/**
 * Line and column of an offset in text that arrives in chunks (a streamed XML file): each chunk's
 * line breaks are kept until the caller says no offset before a point will be asked for again
 * (`forget`), so memory is bounded by the text still in play, not the file.
 */
export class StreamLines {
  /** Kept chunks, oldest first: where each starts, its line there and where that line starts, and its line breaks. */
  private readonly chunks: { base: number; line: number; lineStart: number; breaks: number[] }[] = [];
  private end = 0;
  private line = 1;
  private lineStart = 0;

  add(text: string): void {
    const breaks: number[] = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(this.end + i);
    this.chunks.push({ base: this.end, line: this.line, lineStart: this.lineStart, breaks });
    this.end += text.length;
    this.line += breaks.length;
    if (breaks.length) this.lineStart = breaks[breaks.length - 1]! + 1;
  }

  /** Drops the chunks that end before `offset` (the last one is always kept). */
  forget(offset: number): void {
    let n = 0;
    while (n < this.chunks.length - 1 && this.chunks[n + 1]!.base <= offset) n++;
    if (n) this.chunks.splice(0, n);
  }

  /** 1-based line and column of an offset; one before the kept chunks is placed at their start. */
  at(offset: number): { line: number; column: number } {
    let c = this.chunks.length - 1;
    while (c > 0 && this.chunks[c]!.base > offset) c--;
    const ch = this.chunks[c];
    if (!ch) return { line: 1, column: 1 };
    const o = Math.max(offset, ch.base);
    let lo = 0;
    let hi = ch.breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ch.breaks[mid]! < o) lo = mid + 1;
      else hi = mid;
    }
    const start = lo ? ch.breaks[lo - 1]! + 1 : ch.lineStart;
    return { line: ch.line + lo, column: o - start + 1 };
  }
}
