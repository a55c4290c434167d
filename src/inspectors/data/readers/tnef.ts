import { MAX_ATTACHMENT_NAME, safeAttachmentName, uniqueAttachmentName, type AttachedFiles } from './attachment-names.js';
import { emitText, MAX_DEPTH, newReading, readBody, readHeadline, readRecipient, stringDecoder, type Reading } from './mapi-text.js';
import { decoderFor } from './msg-codepage.js';
import { documentRead, type DocumentRead, type RowSink } from './sheet-table.js';
import { ATT, LEVEL, tnefAttributes, type TnefAttribute } from './tnef-stream.js';
import { readPropertyList, TnefProps } from './tnef-props.js';

/**
 * TNEF (`winmail.dat`, `application/ms-tnef`): Outlook's wrapping of a rich-text message for mail
 * that leaves Exchange — the message's MAPI properties and its attachments, which a mail reader
 * that does not know TNEF shows as one opaque `winmail.dat` (`tnef-stream.ts` walks the
 * attributes, `tnef-props.ts` reads the property lists). Read as an Outlook `.msg` is, its rows
 * named alike (`mapi-text.ts`): `subject`, `from (address)`, `recipient 2 (address)`, `body`,
 * `body (HTML)`, `body (RTF)` (compressed RTF, read when there is neither a plain nor an HTML
 * body), `attachment 1 (file name)`; the legacy attributes (attSubject, attBody, attFrom) stand in
 * for the properties a stream without attMsgProps lacks.
 *
 * Each attachment is an attAttachRendData followed by its attAttachTitle, attAttachData and
 * attAttachment (its properties: PR_ATTACH_LONG_FILENAME, the attach method). Its file
 * (`tnefAttachments`) is scanned as a member of the message; an attached message (attach method 5,
 * PR_ATTACH_DATA_OBJ: IID_IMessage and a TNEF stream of its own) is read with it, MAX_DEPTH deep,
 * as `attached message 1: body`, its files as `fwd.msg!/labs.csv`.
 *
 * Bounded: attributes by `tnef-stream.ts`, properties by `tnef-props.ts`, recipients and
 * attachments at MAX_OBJECTS, text by `maxChars` over the message and those attached to it.
 * Attachments are views of the stream: together never more than its bytes, at any depth.
 */

/** The most characters read from one message. */
export const MAX_TEXT = 32 << 20;
/** Recipients, and attachments, read at most per message. */
export const MAX_OBJECTS = 10_000;
/** PR_ATTACH_METHOD's value for an attached message, and for an OLE object. */
const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_OLE = 6;
/** IID_IMessage ({00020307-0000-0000-C000-000000000046}), as its bytes lie in the stream. */
const IID_IMESSAGE = Buffer.from('0703020000000000c000000000000046', 'hex');
const PR_ATTACH_DATA = 0x3701;
const STRING8 = 0x001e;

interface TnefAttachment {
  title?: Uint8Array;
  data?: TnefAttribute;
  props: TnefProps;
}

interface TnefMessage {
  props: TnefProps;
  recipients: TnefProps[];
  attachments: TnefAttachment[];
  /** Its stream ended early: nothing after the problem said was read. */
  stopped: boolean;
}

/** A stream's message: its attributes gathered into properties, recipients and attachments. */
function parseTnef(bytes: Uint8Array, problems: string[], where: string): TnefMessage {
  const said: string[] = [];
  const { attributes: attrs, stopped } = tnefAttributes(bytes, said);
  problems.push(...said.map((p) => where + p));
  const msg: TnefMessage = { props: new TnefProps(), recipients: [], attachments: [], stopped };
  const legacy = new Map<number, Uint8Array>();
  let oem: number | undefined;
  let current: TnefAttachment | undefined;
  let over = 0;
  for (const a of attrs) {
    if (a.level === LEVEL.message) {
      if (a.id === ATT.msgProps) msg.props = readPropertyList(a.data, 0, problems, `${where}message properties: `).props;
      else if (a.id === ATT.recipTable) msg.recipients = recipientRows(a.data, problems, where);
      else if (a.id === ATT.oemCodepage && a.data.length >= 4) oem = new DataView(a.data.buffer, a.data.byteOffset, 4).getUint32(0, true);
      else if (a.id === ATT.subject || a.id === ATT.body || a.id === ATT.from) legacy.set(a.id, a.data);
      continue;
    }
    // An attachment opens with its rendering attribute; one without it still gets a place.
    if (a.id === ATT.attachRendData || !current) {
      if (msg.attachments.length >= MAX_OBJECTS) {
        over++;
        current = undefined;
        if (a.id === ATT.attachRendData) continue;
      } else msg.attachments.push((current = { props: new TnefProps() }));
    }
    if (!current) continue;
    if (a.id === ATT.attachTitle) current.title = a.data;
    else if (a.id === ATT.attachData) current.data = a;
    else if (a.id === ATT.attachment) current.props = readPropertyList(a.data, 0, problems, `${where}attachment ${msg.attachments.length} properties: `).props;
  }
  if (over) problems.push(`${where}over ${MAX_OBJECTS} attachments; the first ${MAX_OBJECTS} read`);
  // 8-bit strings: the message's code page, else the stream's OEM code page (attOemCodepage).
  const decode = (msg.props.int32(0x3ffd) ?? msg.props.int32(0x3fde)) === undefined ? decoderFor(oem) : stringDecoder(msg.props);
  for (const p of [msg.props, ...msg.recipients, ...msg.attachments.map((t) => t.props)]) p.decode = decode;
  // The legacy attributes stand in for the properties a stream without them lacks.
  const subject = legacy.get(ATT.subject);
  if (subject) msg.props.fallback(0x0037, STRING8, subject);
  const body = legacy.get(ATT.body);
  if (body) msg.props.fallback(0x1000, STRING8, body);
  const from = legacy.get(ATT.from);
  if (from) fromTriple(from, msg.props);
  return msg;
}

/** attRecipTable: a count of rows, each a property list. */
function recipientRows(data: Uint8Array, problems: string[], where: string): TnefProps[] {
  if (data.length < 4) return [];
  const rows = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
  const out: TnefProps[] = [];
  let at = 4;
  for (let k = 0; k < rows && at < data.length; k++) {
    if (k >= MAX_OBJECTS) {
      problems.push(`${where}${rows} recipients; the first ${MAX_OBJECTS} read`);
      break;
    }
    const { props, end } = readPropertyList(data, at, problems, `${where}recipient ${k + 1}: `);
    out.push(props);
    at = end;
  }
  return out;
}

/**
 * attFrom (a TRP triple: id, size, the name's and the address's lengths, then each, NUL-ended):
 * the sender's name and address, for a stream with no sender properties.
 */
function fromTriple(data: Uint8Array, props: TnefProps): void {
  if (data.length < 8) return;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const nameLength = view.getUint16(4, true);
  const addressLength = view.getUint16(6, true);
  const name = data.subarray(8, 8 + nameLength);
  const address = data.subarray(8 + nameLength, 8 + nameLength + addressLength);
  if (name.length) props.fallback(0x0c1a, STRING8, name);
  // `SMTP:ana@example.org`: the address without its type.
  const colon = address.indexOf(0x3a);
  if (address.length) props.fallback(0x0c1f, STRING8, colon > 0 && colon < 16 ? address.subarray(colon + 1) : address);
}

/** An attachment's file name: its long name, its short one, its title, its display name. */
function fileName(t: TnefAttachment, decode: (b: Uint8Array) => string, max: number): string | undefined {
  const title = t.title ? decode(t.title.subarray(0, max)).replace(/\0+$/, '') : undefined;
  return t.props.string(0x3707, 'file name', max) || t.props.string(0x3704, 'file name', max) || title || t.props.string(0x3001, 'name', max) || undefined;
}

/** An attached message's TNEF stream (PR_ATTACH_DATA_OBJ after its IID_IMessage), if the attachment is one. */
function attachedMessage(t: TnefAttachment): Uint8Array | undefined {
  const obj = t.props.object(PR_ATTACH_DATA);
  if (!obj || obj.length < 16 || !IID_IMESSAGE.equals(obj.subarray(0, 16))) return undefined;
  return obj.subarray(16);
}

/**
 * The text of a TNEF stream, a row per field handed to `sink`; `problems` says what was not read.
 * Throws an `Error` naming what is wrong with bytes that are no TNEF stream.
 */
export function eachTnefRow(bytes: Uint8Array, sink: RowSink, maxChars = MAX_TEXT): DocumentRead {
  const r = newReading(sink, maxChars);
  const msg = parseTnef(bytes, r.problems, '');
  readMessage(msg, '', r, 0);
  // The stream ended early, or the text read per message spent: the reading stopped. An attribute
  // read as it is, an attachment or an attached message not read (each named) leave the rest read.
  return documentRead(r.problems, r.cut || msg.stopped);
}

function readMessage(msg: TnefMessage, prefix: string, r: Reading, depth: number): void {
  readHeadline(msg.props, prefix, r);
  msg.recipients.forEach((p, k) => readRecipient(p, `${prefix}recipient ${k + 1}`, r));
  readBody(msg.props, prefix, r);
  emitText(r, `${prefix}transport headers`, msg.props.string(0x007d, 'transport headers', r.left + 1));
  msg.attachments.forEach((t, k) => {
    const where = `${prefix}attachment ${k + 1}`;
    emitText(r, `${where} (file name)`, fileName(t, msg.props.decode, MAX_ATTACHMENT_NAME));
    const inner = attachedMessage(t);
    if (!inner) return;
    if (depth >= MAX_DEPTH) r.problems.push(`${where} is a message attached ${depth + 1} deep; not read (${MAX_DEPTH} levels of attached messages are read)`);
    else {
      const next = `${prefix}attached message ${k + 1}: `;
      try {
        readMessage(parseTnef(inner, r.problems, next), next, r, depth + 1);
      } catch (e) {
        r.problems.push(`${where}: its attached message not read: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  });
}

/**
 * The files attached to a TNEF stream (and to messages attached to it); none, and no problem, when
 * it is no TNEF stream (its text read says why, as it says what is damaged in the stream).
 */
export function tnefAttachments(bytes: Uint8Array): AttachedFiles {
  const out: AttachedFiles = { files: [], problems: [] };
  let msg: TnefMessage;
  try {
    msg = parseTnef(bytes, [], '');
  } catch {
    return out;
  }
  collect(msg, '', '', out, 0);
  return out;
}

function collect(msg: TnefMessage, pathPrefix: string, where: string, out: AttachedFiles, depth: number): void {
  const taken = new Set<string>();
  msg.attachments.forEach((t, k) => {
    const label = `${where}attachment ${k + 1}`;
    const name = safeAttachmentName(fileName(t, msg.props.decode, MAX_ATTACHMENT_NAME * 2) ?? '');
    const shown = `${label}${name ? ` (${name})` : ''}`;
    const method = t.props.int32(0x3705);
    const data = t.data?.data ?? t.props.binary(PR_ATTACH_DATA);
    if (data) {
      if (t.data?.cut) out.problems.push(`${shown}: the stream ends inside its data; read as far as it goes`);
      out.files.push([pathPrefix + uniqueAttachmentName(name || `attachment-${k + 1}`, taken), data]);
      return;
    }
    const inner = attachedMessage(t);
    if (inner && depth >= MAX_DEPTH) out.problems.push(`${shown} is a message attached ${depth + 1} deep; its attachments not read`);
    else if (inner) {
      let attached: TnefMessage;
      try {
        attached = parseTnef(inner, [], '');
      } catch (e) {
        out.problems.push(`${shown}: its attached message not read: ${(e as Error).message.split('\n')[0]}`);
        return;
      }
      collect(attached, `${pathPrefix}${uniqueAttachmentName(name || `attached-message-${k + 1}.msg`, taken)}!/`, `${shown}: `, out, depth + 1);
    } else if (method === ATTACH_OLE || t.props.object(PR_ATTACH_DATA)) out.problems.push(`${shown} is an embedded OLE object; not read`);
    else out.problems.push(`${shown} has no data (${method === undefined ? 'no attach method' : `attach method ${method}${method === ATTACH_EMBEDDED_MSG ? ': an attached message with no TNEF stream' : ''}`}); not read`);
  });
}
