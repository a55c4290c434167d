import type { ByteSource } from '../io/byte-source.js';
import { safetensorsHeaderValid } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

const DTYPE_BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32, I64: 64, U64: 64, F64: 64, C64: 64,
};
const MAX_HEADER = 100 << 20;

/**
 * safetensors: u64 header length, JSON header, raw data. The format cannot run code; the checks
 * catch crafted headers (length past the file, invalid JSON, unknown dtypes, offsets out of
 * range or overlapping, sizes that disagree with shapes, non-string metadata) that aim at parser
 * bugs or hide data in gaps.
 */
export async function scanSafetensors(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('safetensors');
  const bad: string[] = [];
  const h = await src.read(0, 8);
  const n = h.length === 8 ? new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, true) : -1n;
  if (n < 2n || n > BigInt(MAX_HEADER) || 8n + n > BigInt(src.size)) bad.push(`header length ${n} does not fit the file of ${src.size} bytes`);
  else {
    const text = new TextDecoder('utf-8', { fatal: true });
    let header: unknown;
    try {
      header = JSON.parse(text.decode(await src.read(8, Number(n))));
    } catch (e) {
      bad.push(`header is not valid UTF-8 JSON (${(e as Error).message.slice(0, 80)})`);
    }
    if (header !== undefined) {
      if (typeof header !== 'object' || header === null || Array.isArray(header)) bad.push('header is not a JSON object');
      else {
        const dataLen = src.size - 8 - Number(n);
        const spans: [number, number, string][] = [];
        for (const [name, t] of Object.entries(header as Record<string, unknown>)) {
          if (name === '__metadata__') {
            if (typeof t !== 'object' || t === null || Object.values(t).some((v) => typeof v !== 'string')) bad.push('__metadata__ is not a string→string map');
            continue;
          }
          const info = t as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
          const bits = typeof info.dtype === 'string' ? DTYPE_BITS[info.dtype] : undefined;
          const shape = Array.isArray(info.shape) && info.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ? (info.shape as number[]) : undefined;
          const off = Array.isArray(info.data_offsets) && info.data_offsets.length === 2 && info.data_offsets.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ? (info.data_offsets as [number, number]) : undefined;
          if (bits === undefined) bad.push(`tensor ${name}: unknown dtype ${String(info.dtype)}`);
          if (!shape) bad.push(`tensor ${name}: bad shape`);
          if (!off) bad.push(`tensor ${name}: bad data_offsets`);
          if (!off || !shape || bits === undefined) continue;
          if (off[1] < off[0] || off[1] > dataLen) bad.push(`tensor ${name}: offsets [${off[0]}, ${off[1]}] out of range (data is ${dataLen} bytes)`);
          const want = Math.ceil((shape.reduce((a, b) => a * b, 1) * bits) / 8);
          if (off[1] - off[0] !== want) bad.push(`tensor ${name}: ${off[1] - off[0]} bytes for a ${shape.join('×')} ${String(info.dtype)} tensor (expected ${want})`);
          spans.push([off[0], off[1], name]);
        }
        spans.sort((a, b) => a[0] - b[0]);
        let end = 0;
        for (const [s, e, name] of spans) {
          if (s < end) bad.push(`tensor ${name} overlaps the tensor before it`);
          else if (s > end) ctx.note(`safetensors: ${s - end} unused bytes before tensor ${name}`);
          end = Math.max(end, e);
        }
      }
    }
  }
  for (const b of bad.slice(0, 20)) ctx.add({ rule: safetensorsHeaderValid, level: 'suspicious', message: b, key: `st:${b.slice(0, 60)}`, ...(member ? { member } : {}) });
}
