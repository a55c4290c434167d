/**
 * The attribute stream of TNEF (MS-OXTNEF 2.1.3): how Outlook and Exchange wrap a rich-text
 * message and its attachments for mail that leaves them (`winmail.dat`, `application/ms-tnef`).
 * A 4-byte signature, a 16-bit key, then attributes: a level byte (message or attachment), a
 * 32-bit attribute id (its type in the high word), a 32-bit length, the data, and a 16-bit
 * checksum (the sum of the data's bytes).
 *
 * Nothing is trusted: a length is checked against the bytes left before the data is taken (a view,
 * never a copy), a checksum that does not match is said and the attribute kept (its framing is
 * intact, so the walk goes on), and an attribute cut short by the end of the stream is kept as far
 * as it goes and ends the walk. At most MAX_ATTRIBUTES are read.
 */

/** TNEF_SIGNATURE, little-endian in the file: `78 9F 3E 22`. */
export const TNEF_SIGNATURE = 0x223e9f78;
export const LEVEL = { message: 1, attachment: 2 } as const;

/** The attributes read (their ids with the type in the high word). */
export const ATT = {
  from: 0x00008000,
  subject: 0x00018004,
  body: 0x0002800c,
  attachData: 0x0006800f,
  attachTitle: 0x00018010,
  attachRendData: 0x00069002,
  msgProps: 0x00069003,
  recipTable: 0x00069004,
  attachment: 0x00069005,
  oemCodepage: 0x00069007,
} as const;

/** Attributes read at most from one stream (each is at least 11 bytes: a 64 MiB file could hold six million). */
export const MAX_ATTRIBUTES = 100_000;
/** A level byte, an id, a length and a checksum. */
const FRAME = 1 + 4 + 4 + 2;

export interface TnefAttribute {
  level: number;
  id: number;
  data: Uint8Array;
  /** Byte offset of the attribute in its stream (said in problems). */
  at: number;
  /** The stream ended inside the data: `data` is what there was. */
  cut?: boolean;
}

/** Whether bytes open with TNEF's signature and a first attribute of a level TNEF has. */
export function isTnef(head: Uint8Array): boolean {
  if (head.length < 7) return false;
  const sig = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
  return sig === TNEF_SIGNATURE && (head[6] === LEVEL.message || head[6] === LEVEL.attachment);
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

/**
 * The attributes of a TNEF stream, in order; what is wrong with them goes to `problems`, and
 * `stopped` says one ended the stream early (the attribute cap, or bytes no longer framed as
 * attributes: nothing after can be read). Throws an `Error` when the bytes are no TNEF stream (no
 * signature).
 */
export function tnefAttributes(bytes: Uint8Array, problems: string[]): { attributes: TnefAttribute[]; stopped: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 6 || view.getUint32(0, true) !== TNEF_SIGNATURE) throw new Error('no TNEF signature (0x223E9F78) at its start');
  const out: TnefAttribute[] = [];
  let o = 6;
  let stopped = false;
  while (o < bytes.length) {
    if (out.length >= MAX_ATTRIBUTES) {
      problems.push(`over ${MAX_ATTRIBUTES} attributes; the rest from byte ${o} not read`);
      stopped = true;
      break;
    }
    if (bytes.length - o < FRAME) {
      problems.push(`ends inside an attribute's header at byte ${o} (truncated)`);
      stopped = true;
      break;
    }
    const level = bytes[o]!;
    const id = view.getUint32(o + 1, true);
    const length = view.getUint32(o + 5, true);
    // A level TNEF does not have means the bytes are no longer attributes: nothing after can be framed.
    if (level !== LEVEL.message && level !== LEVEL.attachment) {
      problems.push(`attribute at byte ${o} has level ${level} (neither message nor attachment); the rest not read`);
      stopped = true;
      break;
    }
    const start = o + 9;
    if (length > bytes.length - start - 2) {
      const kept = Math.max(0, Math.min(length, bytes.length - start));
      problems.push(`attribute ${hex(id)} at byte ${o} claims ${length} bytes, more than the ${Math.max(0, bytes.length - start - 2)} left (truncated); read as far as it goes`);
      out.push({ level, id, data: bytes.subarray(start, start + kept), at: o, cut: true });
      stopped = true;
      break;
    }
    const data = bytes.subarray(start, start + length);
    if (checksum(data) !== view.getUint16(start + length, true)) problems.push(`attribute ${hex(id)} at byte ${o}: its checksum does not match its data (damaged); read as it is`);
    out.push({ level, id, data, at: o });
    o = start + length + 2;
  }
  return { attributes: out, stopped };
}

/** TNEF's checksum: the sum of the data's bytes, modulo 65536. */
export function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return sum & 0xffff;
}
