import { ATT, checksum, LEVEL, TNEF_SIGNATURE } from '../readers/tnef-stream.js';

/**
 * Writes TNEF streams (`winmail.dat`, MS-OXTNEF) for tests: the signature and key, the message's
 * attributes (attTnefVersion, attOemCodepage, attMessageClass, the legacy attFrom, attSubject and
 * attBody, attMsgProps with its MAPI properties, attRecipTable), then each attachment's
 * attAttachRendData, attAttachTitle, attAttachData and attAttachment (its properties: the long
 * file name, the attach method; an attached message as PR_ATTACH_DATA_OBJ, IID_IMessage and a
 * TNEF stream of its own). Every attribute carries its checksum unless a fixture breaks it.
 */

/** A MAPI property: its id, its type (`0x001F` UTF-16, `0x001E` 8-bit, `0x0102` binary, `0x0003` integer, `0x000D` object) and value. */
export interface TnefProp {
  id: number;
  type: number;
  value: string | Uint8Array | number;
  /** A named property's name (id ≥ 0x8000): a number, or a string. */
  name?: number | string;
}

export interface TnefAttachmentSpec {
  /** attAttachTitle (8-bit): the name a TNEF reader without properties shows. */
  title?: string;
  /** PR_ATTACH_LONG_FILENAME in attAttachment. */
  longName?: string;
  /** attAttachData: the file. */
  data?: Uint8Array;
  /** An attached message (attach method 5): PR_ATTACH_DATA_OBJ holding its TNEF stream. */
  message?: TnefMessageSpec;
  /** More properties for attAttachment. */
  props?: TnefProp[];
}

export interface TnefMessageSpec {
  /** The legacy attributes (8-bit, in the OEM code page). */
  subject?: string;
  body?: string;
  from?: { name: string; address: string };
  /** attMsgProps. */
  props?: TnefProp[];
  /** attRecipTable: a property list per recipient. */
  recipients?: TnefProp[][];
  attachments?: TnefAttachmentSpec[];
  /** attOemCodepage (1252 by default). */
  codepage?: number;
}

export const prop = {
  unicode: (id: number, value: string): TnefProp => ({ id, type: 0x001f, value }),
  string8: (id: number, value: string): TnefProp => ({ id, type: 0x001e, value }),
  binary: (id: number, value: Uint8Array): TnefProp => ({ id, type: 0x0102, value }),
  int32: (id: number, value: number): TnefProp => ({ id, type: 0x0003, value }),
};

const IID_IMESSAGE = Buffer.from('0703020000000000c000000000000046', 'hex');

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v & 0xffff);
  return b;
}
function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
const padded = (b: Uint8Array) => Buffer.concat([b, Buffer.alloc(((b.length + 3) & ~3) - b.length)]);

/** One attribute: level, id, length, data and checksum (`badChecksum` writes a wrong one). */
export function tnefAttribute(level: number, id: number, data: Uint8Array, badChecksum = false): Buffer {
  return Buffer.concat([Buffer.from([level]), u32(id), u32(data.length), data, u16(checksum(data) + (badChecksum ? 1 : 0))]);
}

/** A property list: a count, then each property's tag, name, and value. */
export function propertyList(props: TnefProp[]): Buffer {
  const parts: Buffer[] = [u32(props.length)];
  for (const p of props) {
    parts.push(u32(((p.id << 16) | p.type) >>> 0));
    if (p.id >= 0x8000) {
      parts.push(Buffer.alloc(16, 0x11));
      if (typeof p.name === 'string') {
        const n = Buffer.from(`${p.name}\0`, 'utf16le');
        parts.push(u32(1), u32(n.length), padded(n));
      } else parts.push(u32(0), u32(p.name ?? 0));
    }
    if (p.type === 0x0003) {
      parts.push(u32(p.value as number));
      continue;
    }
    const bytes = typeof p.value === 'string' ? Buffer.from(`${p.value}\0`, p.type === 0x001f ? 'utf16le' : 'latin1') : Buffer.from(p.value as Uint8Array);
    const value = p.type === 0x000d ? Buffer.concat([IID_IMESSAGE, bytes]) : bytes;
    parts.push(u32(1), u32(value.length), padded(value));
  }
  return Buffer.concat(parts);
}

const latin1z = (s: string) => Buffer.from(`${s}\0`, 'latin1');

/** A TNEF stream's bytes. */
export function tnefFile(m: TnefMessageSpec): Uint8Array {
  const parts: Buffer[] = [u32(TNEF_SIGNATURE), u16(0x0001)];
  const msg = (id: number, data: Uint8Array) => parts.push(tnefAttribute(LEVEL.message, id, data));
  const att = (id: number, data: Uint8Array) => parts.push(tnefAttribute(LEVEL.attachment, id, data));
  msg(0x00089006, u32(0x00010000));
  msg(ATT.oemCodepage, Buffer.concat([u32(m.codepage ?? 1252), u32(0)]));
  msg(0x00078008, latin1z('IPM.Microsoft Mail.Note'));
  if (m.from) {
    const name = latin1z(m.from.name);
    const address = latin1z(`SMTP:${m.from.address}`);
    msg(ATT.from, Buffer.concat([u16(4), u16(name.length + address.length + 8), u16(name.length), u16(address.length), name, address, Buffer.alloc(8)]));
  }
  if (m.subject !== undefined) msg(ATT.subject, latin1z(m.subject));
  if (m.body !== undefined) msg(ATT.body, Buffer.from(m.body, 'latin1'));
  if (m.props?.length) msg(ATT.msgProps, propertyList(m.props));
  if (m.recipients?.length) msg(ATT.recipTable, Buffer.concat([u32(m.recipients.length), ...m.recipients.map(propertyList)]));
  for (const a of m.attachments ?? []) {
    // attAttachRendData: type (1 a file), position, width, height, flags.
    att(ATT.attachRendData, Buffer.concat([u16(a.message ? 2 : 1), u32(0xffffffff), u16(0), u16(0), u32(0)]));
    if (a.title !== undefined) att(ATT.attachTitle, latin1z(a.title));
    if (a.data) att(ATT.attachData, a.data);
    const props = [...(a.props ?? [])];
    if (a.longName !== undefined) props.push(prop.unicode(0x3707, a.longName));
    props.push(prop.int32(0x3705, a.message ? 5 : 1));
    if (a.message) props.push({ id: 0x3701, type: 0x000d, value: tnefFile(a.message) });
    att(ATT.attachment, propertyList(props));
  }
  return new Uint8Array(Buffer.concat(parts));
}
