/** Reads a byte-chunk stream in pieces of a chosen size (record formats: TFRecord, tar). */
export class ChunkReader {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<void> {
    while (this.have < n && !this.done) {
      const { value, done } = await this.it.next();
      if (done) this.done = true;
      else if (value.length) {
        this.chunks.push(value);
        this.have += value.length;
      }
    }
  }

  /** Exactly `n` bytes, or fewer at the stream's end. */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const take = Math.min(n, this.have);
    const out = new Uint8Array(take);
    let at = 0;
    while (at < take) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, take - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.have -= take;
    return out;
  }

  /** Puts `b` back before the bytes still to read (a search that read past what it was looking for). */
  unread(b: Uint8Array): void {
    if (!b.length) return;
    this.chunks.unshift(b);
    this.have += b.length;
  }

  /** Passes over `n` bytes without keeping them; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (!this.have) {
        await this.fill(1);
        if (!this.have) break;
      }
      const c = this.chunks[0]!;
      const k = Math.min(c.length, left);
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
      this.have -= k;
      left -= k;
    }
    return n - left;
  }
}
