import { decodeCp1252 } from './msg-codepage.js';
import type { MapiProps } from './mapi-text.js';

/**
 * A MAPI property list as TNEF encodes it (attMsgProps, attAttachment, each row of attRecipTable;
 * MS-OXTNEF 2.1.3.4): a 32-bit count, then each property's tag (type in the low word, id in the
 * high), a name for a named property (id ≥ 0x8000: a GUID, a kind, a number or a counted UTF-16
 * string), and its value — fixed-size values padded to 4 bytes; strings, binaries and objects (and
 * every multi-valued property) as a count of values, each a length, its bytes and padding to 4.
 * An object's bytes open with the interface id it is (an attached message: IID_IMessage, then a
 * TNEF stream of its own).
 *
 * Nothing is trusted: every length is checked against the bytes left, a count is taken at most as
 * the bytes could hold; a list that breaks is said and what was read before it kept. Values are
 * views of the stream (no copy), and only the types a message's text needs are kept.
 */

const UTF16 = 0x001f;
const STRING8 = 0x001e;
const BINARY = 0x0102;
const OBJECT = 0x000d;
const INT32 = 0x0003;
const MULTI = 0x1000;
/** Bytes a fixed-size value takes, by type (2-byte values are padded to 4). */
const FIXED: Record<number, number> = { 0x0001: 0, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16 };
const VARIABLE = new Set([UTF16, STRING8, BINARY, OBJECT]);
/** Properties read at most from one list (a real message has a few hundred). */
export const MAX_PROPERTIES = 65_536;

/** `n` rounded up to a multiple of 4 (arithmetic: a 32-bit length near 2^31 must not turn negative). */
const pad4 = (n: number) => n + ((4 - (n % 4)) % 4);
const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

/** Reading past the bytes of the list. */
class Short extends Error {}

/** One property list's values, by property id. */
export class TnefProps implements MapiProps {
  private readonly values = new Map<number, { type: number; value: Uint8Array | number }>();
  /** How 8-bit (`001E`) strings are decoded: the message's code page. */
  decode: (bytes: Uint8Array) => string = decodeCp1252;

  /** Sets a value the list did not give (a legacy attribute's, such as attSubject's). */
  fallback(id: number, type: number, value: Uint8Array | number): void {
    if (!this.values.has(id)) this.values.set(id, { type, value });
  }

  string(id: number, _what: string, maxChars: number): string | undefined {
    const v = this.values.get(id);
    if (!v || !(v.value instanceof Uint8Array)) return undefined;
    if (v.type === UTF16) return cutNulls(Buffer.from(v.value.subarray(0, Math.min(v.value.length, maxChars * 2) & ~1)).toString('utf16le'));
    if (v.type === STRING8) return cutNulls(this.decode(v.value.subarray(0, maxChars)));
    return undefined;
  }

  binary(id: number): Uint8Array | undefined {
    const v = this.values.get(id);
    return v?.type === BINARY && v.value instanceof Uint8Array ? v.value : undefined;
  }

  /** An object property's bytes: its interface id (16 bytes) and then its data. */
  object(id: number): Uint8Array | undefined {
    const v = this.values.get(id);
    return v?.type === OBJECT && v.value instanceof Uint8Array ? v.value : undefined;
  }

  int32(id: number): number | undefined {
    const v = this.values.get(id);
    return v?.type === INT32 && typeof v.value === 'number' ? v.value : undefined;
  }

  /** Keeps a value of a type a message's text needs (the first one a list gives). */
  keep(id: number, type: number, value: Uint8Array | number): void {
    if (!this.values.has(id) && (VARIABLE.has(type) || type === INT32)) this.values.set(id, { type, value });
  }
}

/**
 * Reads one property list from `at` in `data` into a new TnefProps; returns it and where the list
 * ends. A list that breaks is a line in `problems` (`where` names it), and ends at the bytes' end.
 */
export function readPropertyList(data: Uint8Array, at: number, problems: string[], where: string): { props: TnefProps; end: number } {
  const props = new TnefProps();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let o = at;
  const u32 = () => {
    if (o + 4 > data.length) throw new Short();
    const v = view.getUint32(o, true);
    o += 4;
    return v;
  };
  const skip = (n: number) => {
    if (n > data.length - o) throw new Short();
    o += n;
  };
  let inside = 'its count';
  try {
    const count = u32();
    inside = 'its first property';
    if (count > MAX_PROPERTIES) problems.push(`${where}${count} properties; the first ${MAX_PROPERTIES} read`);
    for (let k = 0; k < Math.min(count, MAX_PROPERTIES); k++) {
      const tag = u32();
      inside = `property ${hex(tag)}`;
      const type = tag & 0xffff;
      const id = tag >>> 16;
      // A named property's name: a GUID, then a number, or a counted UTF-16 string padded to 4.
      if (id >= 0x8000) {
        skip(16);
        if (u32() === 0) skip(4);
        else skip(pad4(u32()));
      }
      const base = type & ~MULTI;
      if (!(type & MULTI) && !VARIABLE.has(base)) {
        const size = FIXED[base];
        if (size === undefined) {
          problems.push(`${where}property ${hex(tag)} is of a type TNEF does not have; the rest of the list not read`);
          break;
        }
        if (base === INT32) props.keep(id, INT32, (skip(4), view.getUint32(o - 4, true)));
        else skip(size);
        continue;
      }
      // A count of values; each value at least 4 bytes, so no count past what the bytes hold.
      const values = u32();
      if (values > (data.length - o) / 4) throw new Short();
      // Fixed-size values side by side: skipped at once (a loop over a count of zero-size values would spin).
      if (!VARIABLE.has(base)) {
        skip(values * (FIXED[base] || 4));
        continue;
      }
      for (let v = 0; v < values; v++) {
        const length = u32();
        const start = o;
        skip(pad4(length) > data.length - o ? length : pad4(length));
        if (v === 0 && !(type & MULTI)) props.keep(id, base, data.subarray(start, start + length));
      }
    }
  } catch (e) {
    if (!(e instanceof Short)) throw e;
    problems.push(`${where}property list ends inside ${inside} (truncated or damaged); the properties before it read`);
    o = data.length;
  }
  return { props, end: o };
}

function cutNulls(s: string): string {
  return s.replace(/\0+$/, '');
}
