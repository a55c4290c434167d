import { Inflate } from 'fflate';
import { memorySource, sliceSource, type ByteSource } from '../io/byte-source.js';
import { decompress, DecompressError, LimitError, type Codec } from './decompress.js';
import { entryDataOffset, type ZipEntry } from './zip.js';
import type { ModelLimits } from '../scan-context.js';

/** Why a member could not be opened; the caller reports it as incomplete. */
export class MemberError extends Error {}

/** Output cap for one compressed member: bounded by memory and by a decompression ratio. */
export function memberCap(limits: ModelLimits, compressed: number): number {
  return Math.min(limits.maxMemberBytes, Math.max(16 << 20, compressed * limits.maxRatio));
}

/**
 * Opens a zip member as a source: stored members are a window onto the archive (nothing read),
 * deflated ones are inflated into memory under a cap. CRCs and odd flag bits are ignored, as
 * torch's reader ignores them.
 */
export async function openZipMember(src: ByteSource, e: ZipEntry, limits: ModelLimits): Promise<ByteSource> {
  if (e.flags & 1) throw new MemberError(`member ${e.name} is encrypted`);
  const start = await entryDataOffset(src, e);
  if (e.method === 0) {
    // Some writers leave sizes in a data descriptor: fall back to the central size.
    return sliceSource(src, start, e.compressedSize || e.size);
  }
  if (e.method !== 8) throw new MemberError(`member ${e.name} uses zip compression method ${e.method}, which is not supported`);
  const cap = memberCap(limits, e.compressedSize);
  if (e.size > cap) throw new MemberError(`member ${e.name} inflates to ${e.size} bytes, over the ${cap}-byte limit (size or ratio)`);
  return memorySource(await inflateOrExplain('deflate-raw', src, start, e.compressedSize, cap, e.name));
}

/** First bytes of a zip member (for sniffing) without inflating all of it. */
export async function zipMemberHead(src: ByteSource, e: ZipEntry, n: number): Promise<Uint8Array> {
  const start = await entryDataOffset(src, e);
  if (e.method === 0) return src.read(start, Math.min(n, e.compressedSize || e.size));
  if (e.method !== 8) return new Uint8Array(0);
  const out: Uint8Array[] = [];
  let total = 0;
  const inf = new Inflate((c) => {
    out.push(c);
    total += c.length;
  });
  try {
    for (let p = 0; p < e.compressedSize && total < n; p += 64 * 1024) {
      const piece = await src.read(start + p, Math.min(64 * 1024, e.compressedSize - p));
      if (!piece.length) break;
      inf.push(piece, p + piece.length >= e.compressedSize);
    }
  } catch {
    /* a corrupt stream still yields whatever inflated before the error */
  }
  const head = new Uint8Array(Math.min(n, total));
  let o = 0;
  for (const c of out) {
    if (o >= head.length) break;
    head.set(c.subarray(0, head.length - o), o);
    o += c.length;
  }
  return head;
}

export async function inflateOrExplain(codec: Codec, src: ByteSource, start: number, len: number, cap: number, what: string): Promise<Uint8Array> {
  try {
    return await decompress(codec, src, start, len, cap);
  } catch (e) {
    if (e instanceof LimitError || e instanceof DecompressError) throw new MemberError(`${what}: ${e.message}`);
    throw e;
  }
}
