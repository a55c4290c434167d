import { sliceSource, type ByteSource } from '../io/byte-source.js';
import { StreamReader } from '../io/stream-reader.js';
import { torchStorageElementSize } from '../pickle/policy.js';
import { PickleError, PickleVM } from '../pickle/vm.js';
import { intValue, type PVal } from '../pickle/values.js';
import type { ModelScanContext } from '../scan-context.js';
import type { TarEntry } from './tar.js';
import { scanPickleFile } from '../formats/pickle-file.js';

/**
 * The oldest `torch.save` layout: a tar with `sys_info_pickle`, `pickle`, `storages` and
 * `tensors`. `storages` and `tensors` interleave small pickles with raw records, which
 * torch.load reads with repeated `pickle.load` calls — so each pickle is scanned and each raw
 * record (storage bytes, tensor geometry) is stepped over the way torch does.
 */
export async function scanTorchLegacyTar(ctx: ModelScanContext, src: ByteSource, files: TarEntry[], member?: string): Promise<void> {
  ctx.format('pytorch-legacy-tar');
  const path = (n: string) => (member ? `${member}!${n}` : n);
  for (const e of files) {
    const sub = sliceSource(src, e.offset, e.size);
    if (e.name === 'storages' || e.name === 'tensors') {
      try {
        await interleaved(ctx, sub, e.name, path(e.name));
      } catch (err) {
        if (!(err instanceof PickleError)) throw err;
        ctx.ev.incomplete.push({ message: `${e.name} record breaks at byte ${err.offset}: ${err.message}`, offset: err.offset, member: path(e.name) });
      }
    } else await scanPickleFile(ctx, sub, path(e.name));
  }
}

async function interleaved(ctx: ModelScanContext, src: ByteSource, kind: string, member: string): Promise<void> {
  const r = new StreamReader(src);
  const one = async (): Promise<PVal> => new PickleVM(r, ctx.ev, ctx.vmLimits, member).run();
  const count = intValue(await one());
  if (count === undefined || count < 0 || count > 10_000_000) throw new PickleError(`${kind} count is not a plausible number`, r.offset);
  const u64 = async (): Promise<number> => {
    if (!(await r.ensure(8))) throw new PickleError('record header truncated', r.offset);
    const b = r.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getUint32(0, true) + new DataView(b.buffer, b.byteOffset, 8).getUint32(4, true) * 0x100000000;
  };
  for (let i = 0; i < count; i++) {
    const args = await one();
    if (kind === 'storages') {
      const type = args.t === 'tuple' ? args.items?.[2] : undefined;
      const size = type?.t === 'global' ? torchStorageElementSize(type.name) : undefined;
      if (size === undefined) throw new PickleError(`storage ${i} has no known storage type`, r.offset);
      const n = await u64();
      if (!r.skip(n * size)) throw new PickleError(`storage ${i} data runs past the member`, r.offset);
    } else {
      if (!(await r.ensure(8))) throw new PickleError('tensor record truncated', r.offset);
      const b = r.take(8);
      const ndim = new DataView(b.buffer, b.byteOffset, 8).getInt32(0, true);
      if (ndim < 0 || ndim > 64) throw new PickleError(`tensor ${i} has ${ndim} dimensions`, r.offset);
      if (!r.skip(16 * ndim + 8)) throw new PickleError(`tensor ${i} record runs past the member`, r.offset);
    }
  }
  // storages ends with a pickle of storage views.
  if (kind === 'storages' && !r.atEnd) await one();
  if (!r.atEnd) ctx.note(`${member}: ${r.end - r.offset} bytes after the last record`);
  ctx.format('pickle');
}
