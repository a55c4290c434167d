/**
 * Consecutive lines, and their text joined by `\n`. While the lines sit back to back in the text
 * they were split from, separated by a lone `\n` (most of a file), that text is one slice of it:
 * joining 256 KB of lines cost more than splitting them.
 *
 * `src` and `start` say where a line came from (`line === src.slice(start, start + line.length)`,
 * and a line with `start > 0` follows a `\n` in `src`), as `LineSplitter.each` reports them. Two
 * lines from equal sources, the second starting one past the first's end, then have exactly one
 * `\n` between them: the slice is the joined text, whichever of the equal strings it is cut from.
 */
export class LineRun {
  private lines: string[] = [];
  private src: string | undefined;
  private from = 0;
  private to = 0;
  /** Characters including one line break per line. */
  size = 0;

  /** Lines so far. */
  get count(): number {
    return this.lines.length;
  }

  add(line: string, src?: string, start = 0): void {
    if (this.lines.length === 0) {
      this.src = src;
      this.from = start;
    } else if (this.src !== undefined && (start !== this.to + 1 || src !== this.src)) this.src = undefined;
    this.to = start + line.length;
    this.lines.push(line);
    this.size += line.length + 1;
  }

  /** The lines joined by `\n`. */
  text(): string {
    return this.src !== undefined ? this.src.slice(this.from, this.to) : this.lines.join('\n');
  }

  clear(): void {
    this.lines = [];
    this.src = undefined;
    this.size = 0;
  }
}
