import { decodeCp1252 } from './msg-codepage.js';
import type { CompoundFile } from './ole2.js';

/**
 * The MAPI properties of one object of an Outlook message (MS-OXMSG 2.1): the message itself, a
 * recipient, an attachment, an attached message. Each storage holds its variable-size values
 * (strings, binaries) as `__substg1.0_<id><type>` streams and its fixed-size ones (integers, flags)
 * in the `__properties_version1.0` stream: a header (32 bytes at the top, 24 in an attached
 * message, 8 in a recipient or attachment) and then 16-byte entries (tag, flags, 8-byte value).
 *
 * Strings are `001F` (UTF-16LE) or `001E` (8-bit, in the message's code page: `decode`, which the
 * reader sets from PidTagMessageCodepage or PidTagInternetCodepage; Windows-1252 by default, which
 * Latin-1 text also reads as). A stream that cannot be read (a size past the file, a broken chain) is a
 * problem line naming it, and the property is left out; nothing read is trusted.
 */

const UTF16 = 0x001f;
const STRING8 = 0x001e;
const BINARY = 0x0102;
const INT32 = 0x0003;
const PROPERTIES = '__properties_version1.0';

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** The stream name of a property: `__substg1.0_0037001F`. */
export function substgName(id: number, type: number): string {
  return `__substg1.0_${hex4(id)}${hex4(type)}`;
}

export class MsgProperties {
  private fixed: Map<number, number> | undefined;
  /** How 8-bit (`001E`) strings are decoded: the message's code page. */
  decode: (bytes: Uint8Array) => string = decodeCp1252;

  /**
   * `headerBytes`: 32 for the top-level message, 24 for an attached one, 8 for a recipient or
   * attachment. `problems` gets a line for each stream that cannot be read, `where` naming the object.
   */
  constructor(
    readonly storage: CompoundFile,
    private readonly headerBytes: number,
    private readonly problems: string[],
    private readonly where: string,
  ) {}

  private read(name: string, what: string): Uint8Array | undefined {
    try {
      return this.storage.stream(name);
    } catch (e) {
      this.problems.push(`${this.where}${what} (${name}) not read: ${(e as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }

  /** A string property by its id (UTF-16 or 8-bit, whichever the message has), its terminating nulls cut; `maxChars` at most. */
  string(id: number, what: string, maxChars: number): string | undefined {
    const wide = this.read(substgName(id, UTF16), what);
    if (wide) return cutNulls(Buffer.from(wide.subarray(0, Math.min(wide.length, maxChars * 2) & ~1)).toString('utf16le'));
    const narrow = this.read(substgName(id, STRING8), what);
    if (narrow) return cutNulls(this.decode(narrow.subarray(0, maxChars)));
    return undefined;
  }

  /** A binary property's bytes. */
  binary(id: number, what: string): Uint8Array | undefined {
    return this.read(substgName(id, BINARY), what);
  }

  /** A 32-bit integer property from the properties stream. */
  int32(id: number): number | undefined {
    if (!this.fixed) {
      this.fixed = new Map();
      const s = this.read(PROPERTIES, 'properties');
      if (s) {
        const view = new DataView(s.buffer, s.byteOffset, s.byteLength);
        // Entries after the header; a stream cut short is read as far as it goes.
        for (let o = this.headerBytes; o + 16 <= s.length && this.fixed.size < 1 << 16; o += 16) {
          const tag = view.getUint32(o, true);
          if ((tag & 0xffff) === INT32) this.fixed.set(tag >>> 16, view.getUint32(o + 8, true));
        }
      }
    }
    return this.fixed.get(id);
  }
}

function cutNulls(s: string): string {
  return s.replace(/\0+$/, '');
}
