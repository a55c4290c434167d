/**
 * Progress on stderr: a redrawn single-line bar on a TTY, nothing otherwise (CI logs stay clean).
 * Throttled so a 100,000-file scan does not spend its time drawing.
 */
export class Progress {
  private last = 0;
  private drawn = false;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = Boolean(process.stderr.isTTY) && !process.env.CI,
  ) {}

  update(done: number, seen: number, current?: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 80) return;
    this.last = now;
    const width = 24;
    const frac = seen ? Math.min(1, done / seen) : 0;
    const filled = Math.round(frac * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const cols = this.stream.columns || 100;
    let line = `scanning ${bar} ${done}/${seen} files${current ? `  ${current}` : ''}`;
    if (line.length > cols - 1) line = `${line.slice(0, cols - 2)}…`;
    this.stream.write(`\r\u001b[2K${line}`);
    this.drawn = true;
  }

  /** Prints a line above the bar (a skipped file, a warning). */
  note(message: string): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.stream.write(`${message}\n`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
