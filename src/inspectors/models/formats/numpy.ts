import { sliceSource, type ByteSource } from '../io/byte-source.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { scanPickleFile } from './pickle-file.js';
import { parsePyLiteral, type PyLit } from './py-literal.js';

/**
 * Whether a header `descr` makes numpy build a dtype with object fields (whose data is a pickle):
 * a dtype string naming `O` or `object` anywhere (`'|O'`, `'object'`, `'f8,O'`, `'(2,)O'`), a
 * `(subtype, shape)` tuple, or a list of `(name, format[, shape])` fields, at any depth.
 * `undefined` when numpy would not read it as a dtype at all.
 */
export function descrHoldsObject(d: PyLit, depth = 0): boolean | undefined {
  if (depth > 32) return undefined;
  if (typeof d === 'string') return /O|object/.test(d);
  if (d !== null && typeof d === 'object' && 'tuple' in d) return d.tuple.length === 2 ? descrHoldsObject(d.tuple[0]!, depth + 1) : undefined;
  if (!Array.isArray(d)) return undefined;
  let all: boolean | undefined = false;
  for (const f of d) {
    const items = Array.isArray(f) ? f : f !== null && typeof f === 'object' && 'tuple' in f ? f.tuple : undefined;
    if (!items || items.length < 2 || items.length > 3) return undefined;
    const o = descrHoldsObject(items[1]!, depth + 1);
    if (o) return true;
    if (o === undefined) all = undefined;
  }
  return all;
}

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
  // numpy reads the header with ast.literal_eval, so it is read here as a Python literal too.
  const dict = parsePyLiteral(header) ?? (major <= 2 ? parsePyLiteral(header, { py2Longs: true }) : undefined);
  const descr = dict instanceof Map ? dict.get('descr') : undefined;
  const isObject = descr === undefined ? undefined : descrHoldsObject(descr);
  if (isObject === undefined) {
    ctx.incomplete(fullyScanned, `npy header of ${where} has no readable descr`, member);
    return;
  }
  if (!isObject) return;
  ctx.note(`${where}: object-dtype array; its data is a pickle`);
  await scanPickleFile(ctx, sliceSource(src, start + hlen, src.size - start - hlen), member ? `${member}#object-array` : '#object-array');
}
