import { sliceSource, type ByteSource } from '../io/byte-source.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { scanPickleFile } from './pickle-file.js';

/**
 * `.npy`: magic, version, a Python-literal header dict, then the data. Arrays of dtype object
 * (`'descr': '|O'`, or a structured dtype with an `O` field) store a pickle as their data, which
 * `numpy.load(allow_pickle=True)` unpickles — so that pickle is scanned like any other.
 */
export async function scanNpy(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('numpy');
  const where = member ?? 'file';
  const h = await src.read(0, 12);
  const major = h[6];
  if (h.length < 10 || (major !== 1 && major !== 2 && major !== 3)) {
    ctx.incomplete(fullyScanned, `npy header of ${where} is truncated or has unknown version ${major ?? '?'}`, member);
    return;
  }
  const hlen = major === 1 ? h[8]! | (h[9]! << 8) : (h[8]! | (h[9]! << 8) | (h[10]! << 16) | (h[11]! << 24)) >>> 0;
  const start = major === 1 ? 10 : 12;
  if (hlen > 1 << 20 || start + hlen > src.size) {
    ctx.incomplete(fullyScanned, `npy header length ${hlen} of ${where} runs past the file`, member);
    return;
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(await src.read(start, hlen));
  const descr = /['"]descr['"]\s*:\s*(\[[\s\S]*?\]\s*,\s*['"]fortran_order|['"][^'"]*['"])/.exec(header)?.[1];
  if (!descr) {
    ctx.incomplete(fullyScanned, `npy header of ${where} has no readable descr`, member);
    return;
  }
  const isObject = /^['"][|<>=]?O\d*['"]$/.test(descr) || (descr.startsWith('[') && /['"][|<>=]?O\d*['"]/.test(descr));
  if (!isObject) return;
  ctx.note(`${where}: object-dtype array; its data is a pickle`);
  await scanPickleFile(ctx, sliceSource(src, start + hlen, src.size - start - hlen), member ? `${member}#object-array` : '#object-array');
}
