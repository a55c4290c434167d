import { isBinaryPickle } from '../binary-pickle.js';
import type { ByteSource } from '../io/byte-source.js';
import { scanPickleStream } from '../pickle/scan.js';
import { newEvidence, type PickleEvidence } from '../pickle/vm.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { isTextPickle } from '../text-pickle.js';

/**
 * Pickles stored inside an HDF5 file, found by their bytes. pandas `to_hdf` (object columns,
 * object Series/Index) and PyTables `ObjectAtom` VLArrays write `pickle.dumps(x, HIGHEST_PROTOCOL)`
 * as variable-length data in the global heap, which HDF5 filters never compress; PyTables writes
 * any attribute it cannot store natively as a protocol 0 pickle (`(lp0\n…a.`), and `pickle.loads`
 * every string attribute that ends in `.` when it is read (pandas reads its own on every
 * `read_hdf`). Either runs whatever the pickle imports, like a `.pkl`.
 *
 * Candidates: PROTO (`0x80` then 2–5) anywhere, and any byte that can open a pickle right after
 * a NUL (attribute values and heap objects follow zero padding or a length's high bytes). Each
 * candidate's head must be a pickle that imports something (`isBinaryPickle` / `isTextPickle`, a
 * few bytes' walk on random data; a pickle that imports nothing runs nothing); only those go
 * through the pickle machine, whose evidence is judged exactly as a `.pkl`'s.
 */

const HEAD = 4096;
/** Pickles run through the machine per file: a VLArray holds one per row. */
export const MAX_EMBEDDED_PICKLES = 2000;
/** Bytes that can open a pickle (the pickle machine's stacked-stream openers, PROTO excluded). */
const OPENERS = new Uint8Array(256);
for (const b of [0x28, 0x63, 0x69, 0x5d, 0x7d, 0x29, 0x4e, 0x49, 0x53, 0x56, 0x58, 0x4b, 0x4a, 0x4d, 0x4c, 0x46, 0x47, 0x55, 0x54, 0x6c, 0x64, 0x50, 0x42, 0x43, 0x8c, 0x95, 0x88, 0x89, 0x8a, 0x8f]) OPENERS[b] = 1;

/** PROTO's argument as pickle.dumps writes it for protocols 2–5 (0 and 1 write no PROTO). */
function isPickleProtocol(b: number | undefined): boolean {
  return b !== undefined && b >= 2 && b <= 5;
}

/**
 * Whether a text (protocol 0) pickle could start here: its second byte is an opcode or a line
 * argument, never a control byte but LF. Integer columns put an opener byte after NULs every few
 * bytes (`K\0\0…`); decoding a head as text for each cost 50 ms per MB.
 */
function mayBeText(head: Uint8Array): boolean {
  const b = head[1];
  return b !== undefined && (b === 0x0a || b >= 0x20);
}

/** Where the second opcode is after an opener with no or a fixed-size argument (0: not such an opener). */
const SECOND_OPCODE_AT = new Uint8Array(256);
for (const b of [0x28, 0x5d, 0x7d, 0x29, 0x4e, 0x88, 0x89, 0x8f, 0x6c, 0x64]) SECOND_OPCODE_AT[b] = 1;
for (const [b, n] of [[0x4b, 2], [0x4d, 3], [0x4a, 5], [0x47, 9], [0x95, 9]] as const) SECOND_OPCODE_AT[b] = n;
/** Openers whose line argument cannot hold a NUL (a name, a number, a quoted string). */
const NO_NUL_LINE = new Uint8Array(256);
for (const b of [0x63, 0x69, 0x49, 0x4c, 0x46, 0x53]) NO_NUL_LINE[b] = 1;
/** Width of the length of a length-prefixed opener. */
const LENGTH_WIDTH = new Uint8Array(256);
for (const [b, w] of [[0x58, 4], [0x54, 4], [0x42, 4], [0x55, 1], [0x43, 1], [0x8c, 1], [0x8a, 1]] as const) LENGTH_WIDTH[b] = w;

/**
 * Whether the opener at `i` is followed by a NUL where an opcode or its line must be (NUL is no
 * opcode): a small integer in an int64 column after the previous value's zero bytes (`K\0\0…`,
 * `c\0…`, `X\0\0\0\0\0`) is rejected without a walk. Numeric data makes millions of these.
 */
function nulWhereOpcodeMustBe(buf: Uint8Array, i: number): boolean {
  const op = buf[i]!;
  const n = SECOND_OPCODE_AT[op]!;
  if (n > 0) return buf[i + n] === 0;
  if (NO_NUL_LINE[op] === 1) return buf[i + 1] === 0;
  const w = LENGTH_WIDTH[op]!;
  if (w === 0) return false;
  for (let k = 1; k <= w + 1; k++) if (buf[i + k] !== 0) return false;
  return true;
}

/** A pickle of any protocol that imports something (one that imports nothing runs nothing). */
function importingPickle(head: Uint8Array): boolean {
  return isBinaryPickle(head) || (mayBeText(head) && isTextPickle(head));
}

/** Keeps the evidence that decides a verdict (non-safe hits, signals, breaks) when the file's lists are near their caps. */
function mergeEvidence(into: PickleEvidence, from: PickleEvidence): void {
  const room = (n: number, cap: number) => Math.max(0, cap - n);
  const risky = from.hits.filter((h) => h.level !== 'safe');
  into.hits.push(...risky.slice(0, room(into.hits.length, 500)));
  into.hits.push(...from.hits.filter((h) => h.level === 'safe').slice(0, room(into.hits.length, 400)));
  into.signals.push(...from.signals.slice(0, room(into.signals.length, 200)));
  into.incomplete.push(...from.incomplete.slice(0, room(into.incomplete.length, 50)));
  into.opcodes += from.opcodes;
}

/** Streams candidate offsets chunk by chunk; `feed` may be handed the same bytes' neighbours in any chunking. */
export class EmbeddedPickleFinder {
  /** Pickles followed to STOP. */
  found = 0;
  /** Stopped early (limit or deadline): the rest of the file was not searched. */
  stopped = false;
  /** Next file offset not yet searched. */
  private next = 0;
  /** The byte before `next` (a NUL there makes `next` a candidate). */
  private prev = -1;

  constructor(
    private readonly ctx: ModelScanContext,
    private readonly src: ByteSource,
    private readonly member: string | undefined,
  ) {}

  /**
   * Searches `buf` (the file's bytes from `bufStart`) for pickles starting at or after the first
   * offset not yet searched. A candidate near the end of `buf` is read from the source, so a
   * pickle that straddles two chunks is still seen whole.
   */
  async feed(buf: Uint8Array, bufStart: number): Promise<void> {
    if (this.stopped || bufStart + buf.length <= this.next) return;
    if (bufStart > this.next) {
      // A caller that skipped bytes (a long JSON config): search them too.
      await this.feed(await this.src.read(this.next, bufStart - this.next), this.next);
      if (this.stopped) return;
    }
    let i = this.next - bufStart;
    let prev = this.prev;
    for (; i < buf.length; i++) {
      const b = buf[i]!;
      const proto = b === 0x80 && isPickleProtocol(i + 1 < buf.length ? buf[i + 1]! : (await this.src.read(bufStart + i + 1, 1))[0]);
      // Decided here without awaiting when the head is in the buffer: integer columns make
      // millions of candidates, and a promise each cost more than the walk that rejects them.
      if ((proto || (prev === 0 && OPENERS[b] === 1 && !nulWhereOpcodeMustBe(buf, i))) && (i + HEAD > buf.length || importingPickle(buf.subarray(i, i + HEAD)))) {
        const end = await this.candidate(buf, bufStart, i);
        if (this.stopped) return;
        if (end > bufStart + i) {
          // Skip what the pickle held (its nested object pickles were followed by the machine).
          if (end >= bufStart + buf.length) {
            this.next = end;
            this.prev = -1;
            return;
          }
          i = end - bufStart - 1;
          prev = -1;
          continue;
        }
      }
      prev = b;
    }
    this.next = bufStart + buf.length;
    this.prev = prev;
  }

  /** Runs one candidate; returns the offset its pickle ends at, or -1 if it is none. */
  private async candidate(buf: Uint8Array, bufStart: number, i: number): Promise<number> {
    const at = bufStart + i;
    const head = i + HEAD <= buf.length ? buf.subarray(i, i + HEAD) : await this.src.read(at, HEAD);
    if (!importingPickle(head)) return -1;
    const deadline = this.ctx.vmLimits.deadline;
    if (this.found >= MAX_EMBEDDED_PICKLES || (deadline !== undefined && performance.now() > deadline)) {
      const why = this.found >= MAX_EMBEDDED_PICKLES ? `more than ${MAX_EMBEDDED_PICKLES} embedded pickles` : 'the time limit was reached';
      this.ctx.incomplete(fullyScanned, `HDF5: ${why}; the pickles from byte ${at} on were not checked`, this.member);
      this.stopped = true;
      return -1;
    }
    const ev = newEvidence();
    const res = await scanPickleStream(this.src, ev, { start: at, maxPickles: 1, limits: this.ctx.vmLimits, ...(this.member ? { member: this.member } : {}) });
    if (res.pickles === 0 && ev.hits.length === 0) return -1;
    this.found++;
    mergeEvidence(this.ctx.ev, ev);
    return res.pickles > 0 ? Math.max(res.end, at + 1) : -1;
  }
}
