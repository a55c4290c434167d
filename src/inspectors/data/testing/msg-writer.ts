import { LZFU, RTF_PREFIX, rtfCrc } from '../readers/rtf-compressed.js';
import { compoundFile, type CfbTree } from './xls-writer.js';

/**
 * Writes Outlook messages (`.msg`, MS-OXMSG) for tests: a compound file whose top level holds the
 * message's properties — strings and binaries each in a `__substg1.0_<id><type>` stream, fixed
 * values and every property's size in the `__properties_version1.0` stream (a 32-byte header at
 * the top, 24 in an attached message, 8 in a recipient or attachment storage) — a
 * `__recip_version1.0_#0000000N` storage per recipient, an `__attach_version1.0_#0000000N`
 * storage per attachment (an attached message as its `__substg1.0_3701000D` storage) and the
 * `__nameid_version1.0` storage every message carries (empty here: no named properties).
 */

export interface MsgRecipient {
  name: string;
  email: string;
  /** 1 To, 2 Cc, 3 Bcc (PidTagRecipientType). */
  type?: 1 | 2 | 3;
}

export interface MsgAttachment {
  /** The long file name (PidTagAttachLongFilename); `shortName` the 8.3 one (PidTagAttachFilename). */
  name?: string;
  shortName?: string;
  /** The file (PidTagAttachDataBinary); absent with `message` (an attached e-mail) or for a storage with no data. */
  data?: Uint8Array;
  /** An attached message (attach method 5): written as an embedded message storage. */
  message?: MsgMessage;
}

export interface MsgMessage {
  subject?: string;
  senderName?: string;
  senderEmail?: string;
  /** The display lists (PidTagDisplayTo, Cc, Bcc): names joined by `; `. */
  displayTo?: string;
  displayCc?: string;
  displayBcc?: string;
  recipients?: MsgRecipient[];
  body?: string;
  /** The HTML body: a string is written as PidTagBodyHtml (`1013001F`), bytes as PidTagHtml (`10130102`). */
  html?: string | Uint8Array;
  /** A compressed RTF body (PidTagRtfCompressed, `10090102`), as `rtf-compressed` bytes. */
  rtfCompressed?: Uint8Array;
  /** Transport headers (PidTagTransportMessageHeaders). */
  headers?: string;
  attachments?: MsgAttachment[];
  /** PidTagInternetCodepage (65001 for UTF-8). */
  codepage?: number;
  /** Write strings as 8-bit (`001E`, in `codepage` when 65001, else Latin-1) instead of UTF-16LE (`001F`). */
  eightBit?: boolean;
  /** Streams and storages added as they are (hostile fixtures). */
  extra?: CfbTree;
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

/** Properties of one object (message, recipient, attachment) and the streams they take. */
class PropertyBag {
  readonly tree: CfbTree = {};
  private readonly entries: Buffer[] = [];
  constructor(private readonly eightBit = false, private readonly utf8 = false) {}

  /** A variable-size property: its stream, and its size in the properties stream. */
  private variable(tag: number, data: Uint8Array, size: number): void {
    this.tree[`__substg1.0_${hex8(tag)}`] = data;
    this.entry(tag, size, 0);
  }
  private entry(tag: number, lo: number, hi: number): void {
    const b = Buffer.alloc(16);
    b.writeUInt32LE(tag >>> 0, 0);
    // Flags: readable and writable, as Outlook writes them.
    b.writeUInt32LE(6, 4);
    b.writeUInt32LE(lo >>> 0, 8);
    b.writeUInt32LE(hi >>> 0, 12);
    this.entries.push(b);
  }
  /** A string property by its 16-bit id: `001F` UTF-16LE or `001E` 8-bit; the size counts the terminating null. */
  string(id: number, text: string | undefined): this {
    if (text === undefined) return this;
    if (this.eightBit) {
      const data = Buffer.from(text, this.utf8 ? 'utf8' : 'latin1');
      this.variable(((id << 16) | 0x001e) >>> 0, data, data.length + 1);
    } else {
      const data = Buffer.from(text, 'utf16le');
      this.variable(((id << 16) | 0x001f) >>> 0, data, data.length + 2);
    }
    return this;
  }
  binary(id: number, data: Uint8Array | undefined): this {
    if (data) this.variable(((id << 16) | 0x0102) >>> 0, data, data.length);
    return this;
  }
  int32(id: number, v: number | undefined): this {
    if (v !== undefined) this.entry(((id << 16) | 0x0003) >>> 0, v, 0);
    return this;
  }
  /** An embedded object (an attached message): its storage, and an entry whose size field is unused. */
  object(id: number, storage: CfbTree): this {
    this.tree[`__substg1.0_${hex8(((id << 16) | 0x000d) >>> 0)}`] = storage;
    this.entry(((id << 16) | 0x000d) >>> 0, 0xffffffff, 0);
    return this;
  }
  /** The storage with its `__properties_version1.0` stream after `header`. */
  done(header: Uint8Array, more: CfbTree = {}): CfbTree {
    return { ...this.tree, ...more, '__properties_version1.0': Buffer.concat([header, ...this.entries]) };
  }
}

/** The storage tree of a message; `embedded` for one attached to another (a 24-byte header, no name-id storage). */
export function msgTree(m: MsgMessage, embedded = false): CfbTree {
  const utf8 = m.codepage === 65001;
  const bag = new PropertyBag(m.eightBit, utf8)
    .string(0x001a, 'IPM.Note')
    .string(0x0037, m.subject)
    .string(0x0c1a, m.senderName)
    .string(0x0c1f, m.senderEmail)
    .string(0x5d01, m.senderEmail)
    .string(0x0e04, m.displayTo)
    .string(0x0e03, m.displayCc)
    .string(0x0e02, m.displayBcc)
    .string(0x1000, m.body)
    .string(0x007d, m.headers)
    .int32(0x3fde, m.codepage)
    .binary(0x1009, m.rtfCompressed);
  if (typeof m.html === 'string') bag.string(0x1013, m.html);
  else bag.binary(0x1013, m.html);
  const more: CfbTree = {};
  const recipients = m.recipients ?? [];
  const attachments = m.attachments ?? [];
  recipients.forEach((r, i) => {
    const rb = new PropertyBag(m.eightBit, utf8).int32(0x0c15, r.type ?? 1).string(0x3001, r.name).string(0x3002, 'SMTP').string(0x3003, r.email).string(0x39fe, r.email);
    more[`__recip_version1.0_#${hex8(i)}`] = rb.done(new Uint8Array(8));
  });
  attachments.forEach((a, i) => {
    const ab = new PropertyBag(m.eightBit, utf8).int32(0x3705, a.message ? 5 : 1).string(0x3707, a.name).string(0x3704, a.shortName).binary(0x3701, a.data);
    if (a.message) ab.object(0x3701, msgTree(a.message, true));
    more[`__attach_version1.0_#${hex8(i)}`] = ab.done(new Uint8Array(8));
  });
  // The header: 8 reserved bytes, the next recipient and attachment ids, their counts (and 8 more reserved bytes at the top level).
  const header = Buffer.alloc(embedded ? 24 : 32);
  header.writeUInt32LE(recipients.length, 8);
  header.writeUInt32LE(attachments.length, 12);
  header.writeUInt32LE(recipients.length, 16);
  header.writeUInt32LE(attachments.length, 20);
  if (!embedded) more['__nameid_version1.0'] = { '__substg1.0_00020102': new Uint8Array(), '__substg1.0_00030102': new Uint8Array(), '__substg1.0_00040102': new Uint8Array() };
  return { ...bag.done(header, more), ...m.extra };
}

/** A `.msg` file's bytes. */
export function msgFile(m: MsgMessage): Uint8Array {
  return compoundFile(msgTree(m));
}

/**
 * Rewrites fields of the directory entry named `name` (the first one) in a compound file written
 * by `compoundFile`, whose directory is one run of sectors: a hostile fixture (a loop, a size past
 * the file). Throws when there is no such entry.
 */
export function patchDirEntry(cfb: Uint8Array, name: string, patch: { left?: number; right?: number; child?: number; start?: number; size?: number }): Uint8Array {
  const out = Uint8Array.from(cfb);
  const view = new DataView(out.buffer);
  const o = dirEntryOffset(out, name);
  const at = { left: 68, right: 72, child: 76, start: 116, size: 120 } as const;
  for (const [k, v] of Object.entries(patch) as [keyof typeof at, number][]) view.setUint32(o + at[k], v, true);
  return out;
}

/** The directory index of the entry named `name` (the first one) in a compound file written by `compoundFile`. */
export function dirEntryIndex(cfb: Uint8Array, name: string): number {
  const view = new DataView(cfb.buffer, cfb.byteOffset, cfb.byteLength);
  const sectorSize = 1 << view.getUint16(0x1e, true);
  return (dirEntryOffset(cfb, name) - (view.getUint32(0x30, true) + 1) * sectorSize) / 128;
}

function dirEntryOffset(cfb: Uint8Array, name: string): number {
  const view = new DataView(cfb.buffer, cfb.byteOffset, cfb.byteLength);
  const sectorSize = 1 << view.getUint16(0x1e, true);
  const from = (view.getUint32(0x30, true) + 1) * sectorSize;
  const want = Buffer.from(`${name}\0`, 'utf16le');
  for (let o = from; o + 128 <= cfb.length; o += 128) {
    if (view.getUint16(o + 64, true) === want.length && Buffer.from(cfb.subarray(o, o + want.length)).equals(want)) return o;
  }
  throw new Error(`no directory entry ${name}`);
}

/**
 * Compressed RTF (MS-OXRTFCP) of literals only: a control byte of zeros before each eight bytes,
 * then the end marker (a reference to the dictionary's writing position), with its CRC. A valid
 * LZFu stream; back references are tested with the specification's own example.
 */
export function compressRtfLiterally(rtf: string): Uint8Array {
  const raw = Buffer.from(rtf, 'latin1');
  const body: number[] = [];
  let write = RTF_PREFIX.length;
  for (let i = 0; i < raw.length; i += 8) {
    const run = raw.subarray(i, i + 8);
    // The end marker rides in the last run's control byte when the run leaves it room.
    const endHere = run.length < 8;
    body.push(endHere ? 1 << run.length : 0, ...run);
    write = (write + run.length) & 0xfff;
    if (endHere) body.push(write >> 4, (write & 0xf) << 4);
  }
  if (raw.length % 8 === 0) body.push(1, write >> 4, (write & 0xf) << 4);
  const data = Uint8Array.from(body);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(data.length + 12, 0);
  head.writeUInt32LE(raw.length, 4);
  head.writeUInt32LE(LZFU, 8);
  head.writeUInt32LE(rtfCrc(data), 12);
  return Buffer.concat([head, data]);
}
