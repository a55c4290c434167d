import type { ByteSource } from '../io/byte-source.js';
import { StreamReader } from '../io/stream-reader.js';
import { fullyScanned, ggufTemplateSafe } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { checkChatTemplate } from './chat-template.js';

class GgufError extends Error {}

const MAX_STRING = 64 << 20;
const MAX_KEEP = 4 << 20;
const SCALAR_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/**
 * GGUF: magic, version (1–3), tensor count, metadata key/values, tensor infos. The metadata is
 * walked with bounded reads (vocabulary arrays of 150k strings are stepped over, not kept); chat
 * templates (`tokenizer.chat_template`, `tokenizer.chat_template.*`) are kept and checked for
 * sandbox escapes; tensor offsets are checked against the file size.
 */
export async function scanGguf(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('gguf');
  const r = new StreamReader(src);
  const need = async (n: number, what: string) => {
    if (r.available < n && !(await r.ensure(n))) throw new GgufError(`file ends inside ${what} at byte ${r.offset}`);
  };
  const u32 = async (what: string) => {
    await need(4, what);
    const v = (r.at(0) | (r.at(1) << 8) | (r.at(2) << 16) | (r.at(3) << 24)) >>> 0;
    r.pos += 4;
    return v;
  };
  const u64 = async (what: string) => {
    const lo = await u32(what);
    const hi = await u32(what);
    if (hi > 0x1fffff) throw new GgufError(`${what} over 2^53 at byte ${r.offset - 8}`);
    return hi * 0x100000000 + lo;
  };
  let version = 0;
  const len = async (what: string) => (version === 1 ? u32(what) : u64(what));
  const str = async (what: string, keep: boolean): Promise<string | undefined> => {
    const n = await len(`${what} length`);
    if (n > MAX_STRING) throw new GgufError(`${what} of ${n} bytes is implausible`);
    if (!keep || n > MAX_KEEP) {
      if (!r.skip(n)) throw new GgufError(`file ends inside ${what}`);
      return undefined;
    }
    await need(n, what);
    return new TextDecoder().decode(r.take(n));
  };
  const templates: [string, string][] = [];
  let alignment = 32;
  try {
    await need(8, 'header');
    r.pos += 4;
    version = await u32('version');
    if (version < 1 || version > 3) throw new GgufError(`unknown GGUF version ${version}`);
    const tensors = version === 1 ? await u32('tensor count') : await u64('tensor count');
    const kvs = version === 1 ? await u32('metadata count') : await u64('metadata count');
    if (kvs > 1_000_000 || tensors > 10_000_000) throw new GgufError(`implausible counts (${tensors} tensors, ${kvs} metadata entries)`);
    const value = async (type: number, key: string, depth: number): Promise<void> => {
      if (type === 8) {
        const isTemplate = depth === 0 && key.startsWith('tokenizer.chat_template');
        const s = await str(`value of ${key}`, isTemplate);
        if (isTemplate && s !== undefined) templates.push([key, s]);
        return;
      }
      if (type === 9) {
        if (depth > 2) throw new GgufError(`arrays nested too deep in ${key}`);
        const itemType = await u32('array type');
        const count = await len('array length');
        if (count > 100_000_000) throw new GgufError(`array ${key} of ${count} items is implausible`);
        const fixed = SCALAR_SIZE[itemType];
        if (fixed !== undefined) {
          if (!r.skip(fixed * count)) throw new GgufError(`file ends inside array ${key}`);
          return;
        }
        for (let i = 0; i < count; i++) await value(itemType, key, depth + 1);
        return;
      }
      const size = SCALAR_SIZE[type];
      if (size === undefined) throw new GgufError(`unknown metadata type ${type} for ${key}`);
      await need(size, key);
      if (key === 'general.alignment' && type === 4) alignment = (r.at(0) | (r.at(1) << 8) | (r.at(2) << 16) | (r.at(3) << 24)) >>> 0;
      r.pos += size;
    };
    for (let i = 0; i < kvs; i++) {
      const key = (await str('metadata key', true)) ?? '';
      await value(await u32(`type of ${key}`), key, 0);
    }
    let maxOffset = 0;
    for (let i = 0; i < tensors; i++) {
      await str('tensor name', false);
      const dims = await u32('tensor dims');
      if (dims > 8) throw new GgufError(`tensor ${i} has ${dims} dimensions`);
      let numel = 1;
      for (let d = 0; d < dims; d++) numel *= await len('tensor dim');
      const type = await u32('tensor type');
      // Unquantised types have a fixed element size; quantised blocks are only offset-checked.
      const elem = ({ 0: 4, 1: 2, 24: 1, 25: 2, 26: 4, 27: 8, 28: 8, 30: 2 } as Record<number, number>)[type] ?? 0;
      maxOffset = Math.max(maxOffset, (await u64('tensor offset')) + numel * elem);
    }
    if (alignment === 0 || alignment & (alignment - 1)) throw new GgufError(`general.alignment ${alignment} is not a power of two`);
    const dataStart = Math.ceil(r.offset / alignment) * alignment;
    if (tensors > 0 && dataStart + maxOffset > src.size) throw new GgufError(`tensor data (to offset ${maxOffset}) lies past the end of the file`);
  } catch (e) {
    if (!(e instanceof GgufError)) throw e;
    ctx.incomplete(fullyScanned, `GGUF could not be read to the end of its metadata: ${e.message}`, member);
  }
  for (const [key, t] of templates) {
    const v = checkChatTemplate(t);
    if (v.level !== 'clean') {
      ctx.add({ rule: ggufTemplateSafe, level: v.level, message: `${key}: ${v.reasons.join('; ')}`, key: `template:${key}:${v.reasons[0] ?? ''}`, ...(member ? { member } : {}) });
    }
  }
  if (templates.length) ctx.note(`GGUF: ${templates.length} chat template(s) checked`);
}
