import type { ByteSource } from '../io/byte-source.js';
import { StreamReader } from '../io/stream-reader.js';
import { DEFAULT_VM_LIMITS, PickleError, PickleVM, type PickleDialect, type PickleEvidence, type TupleObserver, type VmLimits } from './vm.js';
import type { PVal } from './values.js';

/** `torch.save` legacy (non-zip) files open with this number pickled as a LONG1. */
export const TORCH_LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/** Opcodes that can open a pickle: what may follow a STOP in a stacked file. */
const OPENERS = new Set([
  0x80, 0x28, 0x63, 0x5d, 0x7d, 0x29, 0x4e, 0x49, 0x53, 0x56, 0x58, 0x4b, 0x4a, 0x4d, 0x4c, 0x46, 0x47, 0x55, 0x54,
  0x69, 0x6c, 0x64, 0x50, 0x42, 0x43, 0x8c, 0x95, 0x88, 0x89, 0x8a, 0x8f, 0x93, 0x67, 0x68, 0x6a,
]);

export interface PickleStreamResult {
  /** Complete pickles followed to STOP. */
  pickles: number;
  protocol: number;
  legacyTorch: boolean;
  /** Byte offset where scanning stopped. */
  end: number;
  first?: PVal;
}

export interface PickleStreamOptions {
  member?: string;
  start?: number;
  /** Stop after this many pickles (legacy torch has exactly five before raw storage bytes). */
  maxPickles?: number;
  limits?: VmLimits;
  /** `torchscript` for `data.pkl` / `constants.pkl` of a TorchScript archive. */
  dialect?: PickleDialect;
  /** Sees every tuple of the top-level pickles (not of pickles nested in their bytes). */
  observer?: TupleObserver;
}

/**
 * Follows every pickle stacked in a stream, the way repeated `pickle.load` calls (legacy torch,
 * custom loaders) would. A break inside a pickle keeps what was seen before it — a payload ahead
 * of a deliberately broken tail (nullifAI) is still reported — and marks the stream incomplete.
 */
export async function scanPickleStream(src: ByteSource, ev: PickleEvidence, opts: PickleStreamOptions = {}): Promise<PickleStreamResult> {
  const r = new StreamReader(src, opts.start ?? 0);
  const out: PickleStreamResult = { pickles: 0, protocol: 0, legacyTorch: false, end: 0 };
  let max = opts.maxPickles ?? 64;
  const where = opts.member ? ` in ${opts.member}` : '';
  if (src.size === 0) {
    ev.incomplete.push({ message: `empty pickle stream${where}`, offset: 0, ...(opts.member ? { member: opts.member } : {}) });
    return out;
  }
  while (!r.atEnd && out.pickles < max) {
    if (out.pickles > 0) {
      await r.ensure(2);
      const b = r.available > 0 ? r.at(0) : -1;
      if (!OPENERS.has(b) || (b === 0x80 && r.available > 1 && r.at(1) > 5)) {
        ev.notes.push(`${r.end - r.offset} trailing bytes after pickle ${out.pickles}${where} are not a pickle; ignored as pickle.load does`);
        break;
      }
    }
    const vm = new PickleVM(r, ev, opts.limits ?? DEFAULT_VM_LIMITS, opts.member, 0, opts.dialect, opts.observer);
    try {
      const v = await vm.run();
      out.pickles++;
      out.protocol = Math.max(out.protocol, vm.protocol);
      if (out.pickles === 1) {
        out.first = v;
        if (v.t === 'int' && v.big === TORCH_LEGACY_MAGIC) {
          out.legacyTorch = true;
          max = Math.min(max, 5);
        }
      }
    } catch (e) {
      if (!(e instanceof PickleError)) throw e;
      ev.incomplete.push({
        message: `pickle ${out.pickles + 1}${where} breaks at byte ${e.offset}: ${e.message}`,
        offset: e.offset,
        ...(opts.member ? { member: opts.member } : {}),
      });
      out.protocol = Math.max(out.protocol, vm.protocol);
      break;
    }
  }
  out.end = r.offset;
  if (out.legacyTorch) ev.notes.push('legacy torch.save format: five pickles scanned; raw storage bytes after them are tensor data');
  return out;
}
