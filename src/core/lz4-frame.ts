import { lz4Block } from './lz4-block.js';

const FRAME_MAGIC = 0x184d2204;
/** Block maximum sizes by the frame descriptor's BD code (4 → 64 KiB … 7 → 4 MiB). */
const BLOCK_MAX = [0, 0, 0, 0, 1 << 16, 1 << 18, 1 << 20, 1 << 22];
/** How far back a linked block's matches may reach (LZ4's 16-bit offsets). */
const HISTORY = 1 << 16;

type State = 'magic' | 'skip' | 'descriptor' | 'block' | 'checksum';

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

const corrupt = (what: string) => new Error(`LZ4 frame is corrupt (${what})`);

/**
 * LZ4 frames (the LZ4F format: what python-lz4's `lz4.frame` and joblib's `compress='lz4'`
 * write, `lz4` the command too) decoded as they stream in, whatever the content size (a frame
 * need not declare it). Push-style, as fflate's and fzstd's decoders are: each block's output goes
 * to `onData` as soon as the block is whole, so memory is a block (at most 4 MiB) plus the 64 KiB
 * a linked block may reach back into, and the caller's sink can stop a large output between
 * blocks. Skippable frames are stepped over; a frame that needs a dictionary is refused; checksums
 * are not verified (the content is read, not trusted). Corrupt or truncated input throws.
 */
export class Lz4FrameStream {
  /** Input of a unit not yet whole (a block spans many pushes): `pendingLen` bytes, in a buffer grown by doubling, so each byte is copied once or twice however small the pushes. */
  private pending = new Uint8Array(0);
  private pendingLen = 0;
  private state: State = 'magic';
  private skipLeft = 0;
  private blockMax = 0;
  private linked = false;
  private blockChecksum = false;
  private contentChecksum = false;
  /** A frame's history, then room for one block: blocks are decoded into it, after the history. */
  private window = new Uint8Array(0);
  private history = 0;

  constructor(private readonly onData: (chunk: Uint8Array) => void) {}

  push(chunk: Uint8Array, final = false): void {
    let buf = chunk;
    const fromPending = this.pendingLen > 0;
    if (fromPending) {
      const need = this.pendingLen + chunk.length;
      if (need > this.pending.length) {
        const grown = new Uint8Array(Math.max(need, this.pending.length * 2));
        grown.set(this.pending.subarray(0, this.pendingLen));
        this.pending = grown;
      }
      this.pending.set(chunk, this.pendingLen);
      buf = this.pending.subarray(0, need);
    }
    let i = 0;
    for (let next = this.step(buf, i); next >= 0; next = this.step(buf, i)) i = next;
    // What is left is kept (copied: the caller may reuse its chunk's memory).
    const rest = buf.length - i;
    if (fromPending) this.pending.copyWithin(0, i, buf.length);
    else {
      if (rest > this.pending.length) this.pending = new Uint8Array(Math.max(rest, 2 * this.pending.length));
      this.pending.set(buf.subarray(i));
    }
    this.pendingLen = rest;
    if (final && (rest || (this.state !== 'magic' && !(this.state === 'skip' && this.skipLeft === 0)))) throw corrupt('the input ends inside a frame');
  }

  /** Consumes one unit (a magic number, a descriptor, a block…) at `i`; returns where the next starts, or -1 until more input comes. */
  private step(b: Uint8Array, i: number): number {
    const left = b.length - i;
    switch (this.state) {
      case 'magic': {
        if (left < 4) return -1;
        const magic = u32(b, i);
        if (magic >>> 4 === 0x184d2a5) {
          if (left < 8) return -1;
          this.skipLeft = u32(b, i + 4);
          this.state = 'skip';
          return i + 8;
        }
        if (magic !== FRAME_MAGIC) throw corrupt('not an LZ4 frame');
        this.state = 'descriptor';
        return i + 4;
      }
      case 'skip': {
        if (this.skipLeft === 0) {
          this.state = 'magic';
          return i;
        }
        if (left === 0) return -1;
        const n = Math.min(left, this.skipLeft);
        this.skipLeft -= n;
        return i + n;
      }
      case 'descriptor': {
        if (left < 2) return -1;
        const flg = b[i]!;
        const bd = b[i + 1]!;
        if (flg >> 6 !== 1) throw corrupt(`frame version ${flg >> 6}`);
        if (flg & 1) throw new Error('LZ4 frame needs a dictionary, which is not in the file');
        const size = 2 + ((flg >> 3) & 1 ? 8 : 0) + 1;
        if (left < size) return -1;
        this.blockMax = BLOCK_MAX[(bd >> 4) & 7]!;
        if (!this.blockMax) throw corrupt(`block size code ${(bd >> 4) & 7}`);
        this.linked = ((flg >> 5) & 1) === 0;
        this.blockChecksum = ((flg >> 4) & 1) === 1;
        this.contentChecksum = ((flg >> 2) & 1) === 1;
        const room = (this.linked ? HISTORY : 0) + this.blockMax;
        if (this.window.length !== room) this.window = new Uint8Array(room);
        this.history = 0;
        this.state = 'block';
        return i + size;
      }
      case 'block': {
        if (left < 4) return -1;
        const word = u32(b, i);
        if (word === 0) {
          this.state = this.contentChecksum ? 'checksum' : 'magic';
          return i + 4;
        }
        const size = word & 0x7fffffff;
        if (size > this.blockMax) throw corrupt(`a block of ${size} bytes in a frame of ${this.blockMax}-byte blocks`);
        const whole = 4 + size + (this.blockChecksum ? 4 : 0);
        if (left < whole) return -1;
        this.block(b.subarray(i + 4, i + 4 + size), word >>> 31 === 1);
        return i + whole;
      }
      case 'checksum':
        if (left < 4) return -1;
        this.state = 'magic';
        return i + 4;
    }
  }

  /** Decodes one block after the history, hands its output over, and keeps the last 64 KiB when blocks are linked. */
  private block(data: Uint8Array, stored: boolean): void {
    const w = this.window;
    const at = this.history;
    let end: number;
    if (stored) {
      w.set(data, at);
      end = at + data.length;
    } else end = lz4Block(data, w.subarray(0, at + this.blockMax), at, 0);
    this.onData(w.slice(at, end));
    if (!this.linked) return;
    if (end > HISTORY) {
      w.copyWithin(0, end - HISTORY, end);
      this.history = HISTORY;
    } else this.history = end;
  }
}
