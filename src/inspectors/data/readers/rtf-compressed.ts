/**
 * Compressed RTF (MS-OXRTFCP): how Outlook keeps a message's rich-text body (PidTagRtfCompressed,
 * `__substg1.0_10090102`), the only body of many older messages. A 16-byte header (the size of
 * what follows its first field, the raw size, `LZFu` or `MELA`, a CRC) and then, for LZFu, runs of
 * eight tokens, each a literal byte or a 2-byte reference (12-bit offset, 4-bit length - 2) into a
 * 4 KiB ring dictionary primed with a fixed RTF prefix. `MELA` is stored uncompressed.
 *
 * Nothing is trusted: the output stops at the header's raw size, at `maxBytes` and at eight times
 * the input (the most LZFu can make of it: a reference repeats 17 bytes for 2), and reading
 * past the input ends the run with the bytes decoded so far. The CRC is computed and returned, not
 * enforced: a wrong one says the stream is damaged, and its text may still be worth scanning.
 */

/** The dictionary's first 207 bytes (MS-OXRTFCP 2.1.2.1); the writing position starts after them. */
export const RTF_PREFIX = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);
export const LZFU = 0x75465a4c;
const MELA = 0x414c454d;

export interface DecompressedRtf {
  rtf: Uint8Array;
  /** The header's CRC matches the compressed bytes (always true for MELA, which has none). */
  crcOk: boolean;
  /** Output stopped at `maxBytes`, or the input ended before the end marker. */
  cut: boolean;
}

let crcTable: Uint32Array | undefined;
/** MS-OXRTFCP's CRC-32: the usual table, started at 0 and not inverted at either end. */
export function rtfCrc(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0;
  // Indexed, not `for…of`: the iterator made it several times slower, and every message's RTF body is checked.
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc >>> 0;
}

/** The RTF of a compressed RTF stream; throws an `Error` naming what is wrong with one that is none. */
export function decompressRtf(bytes: Uint8Array, maxBytes: number): DecompressedRtf {
  if (bytes.length < 16) throw new Error(`compressed RTF of ${bytes.length} bytes, shorter than its 16-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawSize = view.getUint32(4, true);
  const type = view.getUint32(8, true);
  // The compressed size counts from the raw size field on: the data is what the stream holds of it.
  const data = bytes.subarray(16, Math.min(bytes.length, 4 + view.getUint32(0, true)));
  // Allocated up front, so bounded by what the input can make too: a run of 17 bytes (a control
  // byte, eight 2-byte references of 17 bytes each) makes 136, eight times its size.
  const limit = Math.min(rawSize, maxBytes, type === MELA ? data.length : data.length * 8);
  if (type === MELA) return { rtf: data.subarray(0, limit), crcOk: true, cut: data.length > limit };
  if (type !== LZFU) throw new Error(`compressed RTF of type 0x${type.toString(16).padStart(8, '0')}, neither LZFu nor MELA`);
  const crcOk = rtfCrc(data) === view.getUint32(12, true);

  const dict = new Uint8Array(4096);
  dict.set(RTF_PREFIX);
  let write = RTF_PREFIX.length;
  const out = new Uint8Array(limit);
  let n = 0;
  let at = 0;
  const put = (b: number) => {
    out[n++] = b;
    dict[write] = b;
    write = (write + 1) & 0xfff;
  };
  while (at < data.length && n < limit) {
    const control = data[at++]!;
    for (let bit = 0; bit < 8 && n < limit; bit++) {
      if (!(control & (1 << bit))) {
        if (at >= data.length) return { rtf: out.subarray(0, n), crcOk, cut: true };
        put(data[at++]!);
        continue;
      }
      if (at + 2 > data.length) return { rtf: out.subarray(0, n), crcOk, cut: true };
      const ref = (data[at]! << 8) | data[at + 1]!;
      at += 2;
      const offset = ref >> 4;
      // A reference to the writing position itself is the end marker.
      if (offset === write) return { rtf: out.subarray(0, n), crcOk, cut: false };
      const length = (ref & 0xf) + 2;
      // Byte by byte: a reference may overlap what it writes (a run repeated).
      for (let k = 0; k < length && n < limit; k++) put(dict[(offset + k) & 0xfff]!);
    }
  }
  // The raw size reached (the end marker may follow), `maxBytes` reached, or the input spent without an end marker.
  return { rtf: out.subarray(0, n), crcOk, cut: n < rawSize };
}
