import type { Properties } from '../../core/index.js';

/** A header larger than this is not parsed (it would mean millions of tensors); its size is still reported. */
export const MAX_SAFETENSORS_HEADER = 16 * 1024 * 1024;

/** The u64 little-endian header length at the start of a safetensors file. */
export function safetensorsHeaderLength(head: Uint8Array): number | undefined {
  if (head.length < 8) return undefined;
  const b = Buffer.from(head.buffer, head.byteOffset, 8);
  const n = b.readBigUInt64LE(0);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(n);
}

/**
 * Summarises a safetensors JSON header: tensor count, dtypes, parameter count and the
 * `__metadata__.format` (pt / tf / flax / mlx) that names the framework. Throws on malformed JSON.
 */
export function summariseSafetensorsHeader(json: string): Properties {
  const header = JSON.parse(json) as unknown;
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new Error('safetensors header is not a JSON object');
  const dtypes: Record<string, number> = {};
  let tensors = 0;
  let params = 0;
  let metaFormat: string | undefined;
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const fmt = (v as Record<string, unknown> | null)?.format;
      if (typeof fmt === 'string') metaFormat = fmt;
      continue;
    }
    const t = v as { dtype?: unknown; shape?: unknown };
    tensors++;
    if (typeof t?.dtype === 'string') dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
    if (Array.isArray(t?.shape)) params += t.shape.reduce((a: number, d: unknown) => a * (typeof d === 'number' ? d : 0), 1);
  }
  const props: Properties = { tensorCount: tensors, dtypes: Object.keys(dtypes).sort(), parameterCount: params };
  if (metaFormat) props.metadataFormat = metaFormat;
  return props;
}

/** `__metadata__.format` → framework name. */
export function safetensorsFramework(metaFormat: unknown): string | undefined {
  return ({ pt: 'torch', tf: 'tensorflow', flax: 'flax', mlx: 'mlx', np: 'numpy' } as Record<string, string>)[String(metaFormat)];
}
