import type { ByteSource } from '../io/byte-source.js';

export interface TarEntry {
  name: string;
  /** Data offset in the source. */
  offset: number;
  size: number;
  type: string;
}

function field(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return String.fromCharCode(...b.subarray(off, end));
}

function octal(b: Uint8Array, off: number, len: number): number {
  if (b[off]! & 0x80) {
    // base-256 (GNU) for sizes over 8 GiB
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = field(b, off, len).trim();
  return s ? parseInt(s, 8) : 0;
}

/**
 * Lists a tar archive's members with one 512-byte header read per member (data is never read
 * here). Honours GNU long names and pax `path`/`size` records. Stops at the end marker or at
 * `maxEntries`, or (as tarfile does) at a later header whose checksum is wrong; throws if the
 * first one is.
 */
export async function readTarEntries(src: ByteSource, maxEntries: number): Promise<{ entries: TarEntry[]; truncated: boolean }> {
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let paxSize: number | undefined;
  while (pos + 512 <= src.size) {
    if (entries.length >= maxEntries) return { entries, truncated: true };
    const h = await src.read(pos, 512);
    if (h.every((b) => b === 0)) break;
    // tarfile accepts the sum of the header bytes read as unsigned or as signed chars (old tars
    // with non-ASCII names), and after the first header treats a bad one as the end of the
    // archive: the members before it are still read and loaded.
    let sum = 0;
    let signed = 0;
    for (let i = 0; i < 512; i++) {
      const b = i >= 148 && i < 156 ? 32 : h[i]!;
      sum += b;
      signed += b > 127 ? b - 256 : b;
    }
    const stored = octal(h, 148, 8);
    if (sum !== stored && signed !== stored) {
      if (pos === 0) throw new Error(`tar header checksum mismatch at byte ${pos}`);
      break;
    }
    const type = String.fromCharCode(h[156]! || 0x30);
    let size = octal(h, 124, 12);
    if (paxSize !== undefined) size = paxSize;
    const prefix = field(h, 345, 155);
    let name = field(h, 0, 100);
    if (prefix && String.fromCharCode(...h.subarray(257, 262)) === 'ustar') name = `${prefix}/${name}`;
    const dataAt = pos + 512;
    if (type === 'L' || type === 'x' || type === 'g') {
      const meta = new TextDecoder().decode(await src.read(dataAt, Math.min(size, 1 << 20)));
      if (type === 'L') longName = meta.replace(/\0+$/, '');
      if (type === 'x') {
        for (const m of meta.matchAll(/\d+ (path|size)=([^\n]*)\n/g)) {
          if (m[1] === 'path') paxPath = m[2];
          else paxSize = Number(m[2]);
        }
      }
    } else {
      entries.push({ name: paxPath ?? longName ?? name, offset: dataAt, size, type });
      longName = paxPath = undefined;
      paxSize = undefined;
    }
    pos = dataAt + Math.ceil(size / 512) * 512;
  }
  return { entries, truncated: false };
}
