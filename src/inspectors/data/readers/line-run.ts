/**
 * Consecutive lines, and their text joined by `\n`. While the lines sit back to back in the text
 * they were split from, separated by a lone `\n` (most of a file), that text is one slice of it:
 * joining 256 KB of lines cost more than splitting them. Where they do not (a block over two
 * chunks, `\r\n` files), the slices of each back-to-back run are joined instead.
 *
 * `src` and `start` say where a line came from (`line === src.slice(start, start + line.length)`,
 * and a line with `start > 0` follows a `\n` in `src`), as `LineSplitter.each` reports them. Two
 * lines from equal sources, the second starting one past the first's end, then have exactly one
 * `\n` between them: the slice is the joined text, whichever of the equal strings it is cut from.
 */
export class LineRun {
  /** Finished pieces: runs of back-to-back lines, each already one string. */
  private pieces: string[] = [];
  /** The piece being grown: `src.slice(from, to)`, or just `first` while it is one line. */
  private src: string | undefined;
  private from = 0;
  private to = 0;
  private first = '';
  private single = true;
  private n = 0;
  /** Characters including one line break per line. */
  size = 0;

  /** Lines so far. */
  get count(): number {
    return this.n;
  }

  add(line: string, src?: string, start = 0): void {
    if (this.n > 0 && src !== undefined && start === this.to + 1 && src === this.src) {
      this.to = start + line.length;
      this.single = false;
    } else {
      // Not back to back (another chunk, a `\r\n`, no source given): a new piece starts here.
      if (this.n > 0) this.pieces.push(this.piece());
      this.src = src;
      this.from = start;
      this.to = start + line.length;
      this.first = line;
      this.single = true;
    }
    this.n++;
    this.size += line.length + 1;
  }

  private piece(): string {
    return this.single ? this.first : this.src!.slice(this.from, this.to);
  }

  /** The lines joined by `\n`: one slice, or a few large pieces joined (a block across two chunks). */
  text(): string {
    if (this.n === 0) return '';
    if (!this.pieces.length) return this.piece();
    this.pieces.push(this.piece());
    const t = this.pieces.join('\n');
    this.pieces.pop();
    return t;
  }

  clear(): void {
    this.pieces = [];
    this.src = undefined;
    this.first = '';
    this.n = 0;
    this.size = 0;
  }
}
