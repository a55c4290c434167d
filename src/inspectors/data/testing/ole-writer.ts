import { compoundFile } from './xls-writer.js';

/**
 * Writes Office OLE embeddings (`oleObject1.bin`) for tests: the OLE1 "Package" stream a user's
 * Insert → Object → from file leaves (`\x01Ole10Native`, laid out as Apache POI's `Ole10Native`
 * and oletools' `oleobj.py` read it), in a compound file as Word writes it.
 */

export interface Ole10NativeOptions {
  /** The original path (`C:\Users\ana\Desktop\customers.csv`); the label by default. */
  source?: string;
  /** The temp path Office copied the file to; the source by default. */
  temp?: string;
  /** Overrides for the declared sizes (a hostile or truncated stream). */
  totalSize?: number;
  tempLength?: number;
  dataSize?: number;
  /** Flags after the total size (2 for a package). */
  flags?: number;
}

/** The bytes of a `\x01Ole10Native` stream packaging `data` under `label`. */
export function ole10Native(label: string, data: Uint8Array | string, o: Ole10NativeOptions = {}): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const source = o.source ?? label;
  const temp = Buffer.from(`${o.temp ?? source}\0`, 'latin1');
  const u16 = (v: number) => Buffer.from([v & 0xff, (v >> 8) & 0xff]);
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  };
  const rest = Buffer.concat([
    u16(o.flags ?? 2),
    Buffer.from(`${label}\0${source}\0`, 'latin1'),
    u16(0),
    u16(3),
    u32(o.tempLength ?? temp.length),
    temp,
    u32(o.dataSize ?? body.length),
    body,
  ]);
  return new Uint8Array(Buffer.concat([u32(o.totalSize ?? rest.length), rest]));
}

/** An `oleObject*.bin`: a compound file holding a packaged file, as Word embeds one. */
export function olePackage(label: string, data: Uint8Array | string, o: Ole10NativeOptions = {}): Uint8Array {
  return compoundFile({ '\x01Ole10Native': ole10Native(label, data, o), '\x01CompObj': new Uint8Array(76) });
}
