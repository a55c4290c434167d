import type { ByteSource } from './io/byte-source.js';
import { scanPickleStream } from './pickle/scan.js';
import { newEvidence } from './pickle/vm.js';
import type { ModelScanContext } from './scan-context.js';

/**
 * Magic numbers that are also pickle opcodes: GGUF opens with `G` (BINFLOAT, which swallows the
 * next 8 bytes) and bzip2 with `B` (BINBYTES). A file can be a valid GGUF and, to torch.load or
 * pickle.load (which never look at the extension), a pickle hidden in its counts and first key.
 */
const OPCODE_MAGIC = new Set([0x47, 0x42]);

/**
 * Also reads a file whose format was told by such a magic number as a pickle (or, with
 * `anyOpener`, by a signature past its first byte: a flatbuffer's `PTMF` sits at bytes 4..8, after
 * four bytes that can be any opcodes, and torch.load unpickles what is not a zip). A genuine file stops
 * the pickle machine within a few bytes (its counts hold no opcodes) and is left alone; one that
 * unpickles to STOP, or imports something on the way, is a pickle too, and its evidence counts.
 */
export async function probePolyglotPickle(ctx: ModelScanContext, src: ByteSource, head: Uint8Array, member: string | undefined, anyOpener = false): Promise<void> {
  if (head.length === 0 || !(anyOpener || OPCODE_MAGIC.has(head[0]!))) return;
  const ev = newEvidence();
  const res = await scanPickleStream(src, ev, { limits: ctx.vmLimits, maxPickles: 1, ...(member ? { member } : {}) });
  if (res.pickles === 0 && ev.hits.length === 0 && ev.signals.length === 0) return;
  ctx.format('pickle');
  ctx.note(`${member ?? 'file'} also reads as a pickle (polyglot): torch.load/pickle.load would run it`);
  ctx.ev.hits.push(...ev.hits.slice(0, 500 - ctx.ev.hits.length));
  ctx.ev.signals.push(...ev.signals.slice(0, 200 - ctx.ev.signals.length));
}
