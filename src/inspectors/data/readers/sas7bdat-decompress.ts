/**
 * The two row compressions of SAS data sets (`COMPRESS=CHAR`, the `SASYZCRL` run-length coding,
 * and `COMPRESS=BINARY`, the `SASYZCR2` Ross Data Compression), as Shotwell's description and the
 * pandas, ReadStat and parso readers decode them. A compressed row is one subheader; it decodes
 * into exactly one row, so the output is a buffer of the row's length that no instruction may
 * write past, and no copy may reach before its start (a hostile file stops with an error).
 */

export class SasDecompressError extends Error {}

/** Writes into a row of fixed length; any write past it is an error, never a grown buffer. */
class RowOut {
  at = 0;
  constructor(readonly buf: Uint8Array) {}
  room(n: number): void {
    if (this.at + n > this.buf.length) throw new SasDecompressError(`a compressed row decodes past its ${this.buf.length} bytes`);
  }
  fill(byte: number, n: number): void {
    this.room(n);
    this.buf.fill(byte, this.at, this.at + n);
    this.at += n;
  }
  copy(src: Uint8Array, from: number, n: number): void {
    if (from + n > src.length) throw new SasDecompressError('a compressed row ends inside a literal run');
    this.room(n);
    this.buf.set(src.subarray(from, from + n), this.at);
    this.at += n;
  }
}

function byteAt(src: Uint8Array, i: number): number {
  if (i >= src.length) throw new SasDecompressError('a compressed row ends inside an instruction');
  return src[i]!;
}

/** `SASYZCRL`: a control nibble says copy, repeat a byte, or repeat a blank, `@` or zero. Returns the bytes written. */
export function rleDecompress(src: Uint8Array, out: Uint8Array): number {
  const o = new RowOut(out);
  let i = 0;
  while (i < src.length) {
    const control = src[i]! & 0xf0;
    const low = src[i]! & 0x0f;
    i++;
    switch (control) {
      case 0x00: {
        const n = byteAt(src, i) + 64 + low * 256;
        o.copy(src, i + 1, n);
        i += 1 + n;
        break;
      }
      case 0x40: {
        // Undocumented; decoded as pandas does: a long run of the byte that follows the count.
        const n = byteAt(src, i) + 18 + low * 256;
        o.fill(byteAt(src, i + 1), n);
        i += 2;
        break;
      }
      case 0x60:
      case 0x70:
        o.fill(control === 0x60 ? 0x20 : 0x00, low * 256 + byteAt(src, i) + 17);
        i++;
        break;
      case 0x80:
      case 0x90:
      case 0xa0:
      case 0xb0: {
        const n = low + 1 + (control - 0x80);
        o.copy(src, i, n);
        i += n;
        break;
      }
      case 0xc0:
        o.fill(byteAt(src, i), low + 3);
        i++;
        break;
      case 0xd0:
        o.fill(0x40, low + 2);
        break;
      case 0xe0:
        o.fill(0x20, low + 2);
        break;
      case 0xf0:
        o.fill(0x00, low + 2);
        break;
      default:
        throw new SasDecompressError(`unknown run-length control byte 0x${control.toString(16)}`);
    }
  }
  return o.at;
}

/** `SASYZCR2`: 16-bit control words; each bit says a literal byte or a command (runs, back-references). Returns the bytes written. */
export function rdcDecompress(src: Uint8Array, out: Uint8Array): number {
  const o = new RowOut(out);
  let i = 0;
  let bits = 0;
  let mask = 0;
  const back = (offset: number, n: number) => {
    if (offset > o.at || offset <= 0) throw new SasDecompressError('a compressed row refers back before its start');
    o.room(n);
    // Byte by byte: a pattern may overlap what it is writing.
    for (let k = 0; k < n; k++) out[o.at + k] = out[o.at - offset + k]!;
    o.at += n;
  };
  while (i < src.length) {
    mask >>>= 1;
    if (mask === 0) {
      bits = (byteAt(src, i) << 8) | byteAt(src, i + 1);
      i += 2;
      mask = 0x8000;
      if (i >= src.length) break;
    }
    if ((bits & mask) === 0) {
      o.copy(src, i, 1);
      i++;
      continue;
    }
    const cmd = src[i]! >> 4;
    const cnt = src[i]! & 0x0f;
    i++;
    if (cmd === 0) {
      o.fill(byteAt(src, i), cnt + 3);
      i++;
    } else if (cmd === 1) {
      o.fill(byteAt(src, i + 1), cnt + (byteAt(src, i) << 4) + 19);
      i += 2;
    } else if (cmd === 2) {
      const offset = cnt + 3 + (byteAt(src, i) << 4);
      back(offset, byteAt(src, i + 1) + 16);
      i += 2;
    } else {
      back(cnt + 3 + (byteAt(src, i) << 4), cmd);
      i++;
    }
  }
  return o.at;
}
