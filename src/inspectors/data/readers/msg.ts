import { htmlRows } from './html.js';
import { decodeCp1252, decoderFor } from './msg-codepage.js';
import { MsgProperties } from './msg-properties.js';
import { openCompoundFile, type CompoundFile } from './ole2.js';
import { decompressRtf } from './rtf-compressed.js';
import { rtfText } from './rtf-text.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { MAX_ATTACHMENT_NAME, safeAttachmentName, uniqueAttachmentName } from './attachment-names.js';

/**
 * Outlook messages (`.msg`, MS-OXMSG): the e-mail exports that feed RAG and fine-tuning sets in an
 * enterprise. A compound file of MAPI properties (`msg-properties.ts`), read as a loader extracts
 * them: each text a row whose field names it — `subject`, `from (name)`, `from (address)`, `to`,
 * `cc`, `bcc`, `recipient 2 (address)`, `body`, `body (HTML)` (the page's text, not its tags;
 * hidden text flagged as `readers/html.ts` flags it: `body (HTML), hidden (display:none)`),
 * `transport headers`, `attachment 1 (file name)`. A visible block of the HTML body that the
 * plain body already holds is not read twice. An RTF body (compressed, `rtf-compressed.ts`)
 * is read only when the message has neither a plain nor an HTML body: Outlook keeps the same text
 * in each, and reading it twice reports every finding twice.
 *
 * An attached message (an embedding, not a file) is read one level deep with the message, its
 * fields named `attached message 1: subject`; one attached inside it is said, not read. The files
 * attached (`msgAttachments`) are scanned as members of the message by the inspector, as a PDF's
 * attachments are.
 *
 * Bounded: the compound file reader bounds every stream by the file, the text read by `maxChars`
 * over the whole message, recipients and attachments by MAX_OBJECTS each.
 */

/** The most characters read from one message. */
export const MAX_TEXT = 32 << 20;
/** Recipients, and attachments, read at most per message. */
export const MAX_OBJECTS = 10_000;
/** A body cell longer than this is cut into cells of this size (a detector's cell stays bounded). */
const MAX_CELL = 1 << 20;

const RECIPIENT = /^__recip_version1\.0_#[0-9a-f]{8}$/i;
const ATTACHMENT = /^__attach_version1\.0_#[0-9a-f]{8}$/i;
const PROPERTIES = '__properties_version1.0';
/** An attachment's embedded object: an attached message (attach method 5) or an OLE object (6, not read). */
const EMBEDDED = '__substg1.0_3701000D';
const ATTACH_OLE = 6;
/** PidTagMessageCodepage (8-bit strings) and PidTagInternetCodepage (the body as sent). */
const CODEPAGE = { message: 0x3ffd, internet: 0x3fde } as const;

/** Top-level message, attached message, recipient or attachment: the size of its properties stream's header. */
const HEADER = { message: 32, attached: 24, child: 8 } as const;

/** What a message's text is read with: where rows go, and how many characters are left. */
interface Reading {
  sink: RowSink;
  problems: string[];
  /** Characters read at most (over the whole message), and left to read. */
  max: number;
  left: number;
  cut: boolean;
}

/** Whether a compound file is an Outlook message (it has MS-OXMSG's property stream or property streams). */
function assertMessage(cf: CompoundFile): void {
  const names = cf.streams();
  if (!names.some((n) => n.toLowerCase() === PROPERTIES || n.toLowerCase().startsWith('__substg1.0_'))) {
    throw new Error(`no Outlook message properties in the compound file (it holds ${names.slice(0, 10).join(', ') || 'no streams'})`);
  }
}

/** Child storages of `storage` whose names match, in order, MAX_OBJECTS at most (a problem says the rest). */
function children(storage: CompoundFile, pattern: RegExp, what: string, problems: string[], where: string): string[] {
  const all = storage.storages().filter((n) => pattern.test(n)).sort();
  if (all.length > MAX_OBJECTS) problems.push(`${where}${all.length} ${what}s; the first ${MAX_OBJECTS} read`);
  return all.slice(0, MAX_OBJECTS);
}

/**
 * The text of a `.msg`, a row per field handed to `sink`; `problems` says what was not read.
 * Throws an `Error` naming what is wrong with a file that is no readable message.
 */
export function eachMsgRow(bytes: Uint8Array, sink: RowSink, maxChars = MAX_TEXT): DocumentRead {
  const cf = openCompoundFile(bytes);
  assertMessage(cf);
  const reading: Reading = { sink, problems: [], max: maxChars, left: maxChars, cut: false };
  readMessage(cf, HEADER.message, '', reading, 0);
  return { problems: reading.problems, truncated: reading.cut };
}

/** A message's fields as rows, `prefix` naming an attached message's (`attached message 1: `). */
function readMessage(storage: CompoundFile, headerBytes: number, prefix: string, r: Reading, depth: number): void {
  const props = new MsgProperties(storage, headerBytes, r.problems, prefix);
  // 8-bit strings are in the message's code page (PidTagMessageCodepage; PidTagInternetCodepage
  // when it has none), an HTML body kept as bytes in its internet code page.
  props.decode = stringDecoder(props);
  const emit = (field: string, text: string | undefined) => emitText(r, prefix + field, text);
  emit('subject', props.string(0x0037, 'subject', r.left + 1));
  // The sender as Outlook keeps it, several times over (its address book entry, its SMTP address;
  // the "sent on behalf of" mailbox): each distinct value once.
  const sender = new Set<string>();
  for (const [id, field] of [
    [0x0c1a, 'from (name)'],
    [0x0c1f, 'from (address)'],
    [0x5d01, 'from (address)'],
    [0x0042, 'sent on behalf of (name)'],
    [0x0065, 'sent on behalf of (address)'],
    [0x5d02, 'sent on behalf of (address)'],
  ] as const) {
    const v = props.string(id, field, r.left + 1)?.trim();
    if (v && !sender.has(v.toLowerCase())) {
      sender.add(v.toLowerCase());
      emit(field, v);
    }
  }
  emit('to', props.string(0x0e04, 'to', r.left + 1));
  emit('cc', props.string(0x0e03, 'cc', r.left + 1));
  emit('bcc', props.string(0x0e02, 'bcc', r.left + 1));
  readRecipients(storage, prefix, r, props.decode);
  readBody(props, prefix, r);
  emit('transport headers', props.string(0x007d, 'transport headers', r.left + 1));
  readAttachmentText(storage, prefix, r, depth, props.decode);
}

/** How a message's 8-bit strings (and its recipients' and attachments') are decoded. */
function stringDecoder(props: MsgProperties): MsgProperties['decode'] {
  return decoderFor(props.int32(CODEPAGE.message) ?? props.int32(CODEPAGE.internet));
}

/** Each recipient's name and address (its SMTP address, or the address of its own type when that differs). */
function readRecipients(storage: CompoundFile, prefix: string, r: Reading, decode: MsgProperties['decode']): void {
  children(storage, RECIPIENT, 'recipient', r.problems, prefix).forEach((name, k) => {
    const where = `recipient ${k + 1}`;
    let child: CompoundFile | undefined;
    try {
      child = storage.storage(name);
    } catch (e) {
      r.problems.push(`${prefix}${where} not read: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    if (!child) return;
    const props = new MsgProperties(child, HEADER.child, r.problems, `${prefix}${where} `);
    props.decode = decode;
    emitText(r, `${prefix}${where} (name)`, props.string(0x3001, 'name', r.left + 1));
    const smtp = props.string(0x39fe, 'SMTP address', r.left + 1)?.trim();
    const own = props.string(0x3003, 'address', r.left + 1)?.trim();
    emitText(r, `${prefix}${where} (address)`, smtp);
    if (own && own.toLowerCase() !== smtp?.toLowerCase()) emitText(r, `${prefix}${where} (address)`, own);
  });
}

/** The plain body, the HTML body's text, and the RTF body's only when there is neither. */
function readBody(props: MsgProperties, prefix: string, r: Reading): void {
  const plain = props.string(0x1000, 'body', r.left + 1);
  emitText(r, `${prefix}body`, plain);
  let html = props.string(0x1013, 'HTML body', r.left + 1);
  if (html === undefined) {
    const bytes = props.binary(0x1013, 'HTML body');
    if (bytes) html = decodeHtml(bytes.subarray(0, r.left + 1), props.int32(CODEPAGE.internet) ?? props.int32(CODEPAGE.message));
  }
  // The page is parsed within what is left (its text, not its tags, is then counted).
  if (html && html.length > r.left) {
    html = html.slice(0, r.left);
    readInPart(r);
  }
  if (html?.trim()) {
    // Outlook keeps the HTML body's visible text in the plain body too: a block already read there
    // (the same line or paragraph, spaces aside) is not read again, or each finding would count
    // twice. Hidden text and attributes are always read: they are what the plain body leaves out.
    const inPlain = plainBlocks(plain);
    for (const row of htmlRows(html, r.problems)) {
      for (const cell of row.cells) {
        if (!cell.field && inPlain.has(squeeze(cell.text))) continue;
        emitText(r, `${prefix}body (HTML)${cell.field ? `, ${cell.field}` : ''}`, cell.text);
      }
    }
  }
  if (plain?.trim() || html?.trim()) return;
  const rtf = props.binary(0x1009, 'RTF body');
  if (!rtf) return;
  try {
    const { rtf: raw, crcOk, cut } = decompressRtf(rtf, Math.min(r.left * 4, 256 << 20));
    if (!crcOk) r.problems.push(`${prefix}RTF body's checksum does not match its bytes (damaged); read as far as it goes`);
    if (cut) r.problems.push(`${prefix}RTF body read in part (it ends early or is over the text read per message)`);
    emitText(r, `${prefix}body (RTF)`, rtfText(Buffer.from(raw).toString('latin1'), r.left + 1));
  } catch (e) {
    r.problems.push(`${prefix}RTF body not read: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Text with its runs of spaces as one space, trimmed: a block compared across the plain and HTML bodies. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The plain body's lines and paragraphs, squeezed. */
function plainBlocks(plain: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!plain) return out;
  for (const para of plain.split(/\r?\n[ \t]*\r?\n/)) {
    out.add(squeeze(para));
    for (const line of para.split(/\r?\n/)) out.add(squeeze(line));
  }
  return out;
}

/** An HTML body's bytes: in the code page the message names; without one, UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
function decodeHtml(bytes: Uint8Array, codepage: number | undefined): string {
  if (codepage !== undefined) return decoderFor(codepage)(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeCp1252(bytes);
  }
}

/**
 * Attachments' file names, and the text of an attached message (one level deep). A storage that
 * cannot be opened is passed over here: `msgAttachments`, reading the files, says so once.
 */
function readAttachmentText(storage: CompoundFile, prefix: string, r: Reading, depth: number, decode: MsgProperties['decode']): void {
  const names = storage.storages().filter((n) => ATTACHMENT.test(n)).sort().slice(0, MAX_OBJECTS);
  names.forEach((name, k) => {
    let child: CompoundFile | undefined;
    try {
      child = storage.storage(name);
    } catch {
      return;
    }
    if (!child) return;
    const props = new MsgProperties(child, HEADER.child, [], '');
    props.decode = decode;
    const where = `${prefix}attachment ${k + 1}`;
    emitText(r, `${where} (file name)`, props.string(0x3707, 'file name', MAX_ATTACHMENT_NAME) ?? props.string(0x3704, 'file name', MAX_ATTACHMENT_NAME));
    if (props.int32(0x3705) === ATTACH_OLE) return;
    let embedded: CompoundFile | undefined;
    try {
      embedded = child.storage(EMBEDDED);
    } catch (e) {
      r.problems.push(`${where}: its attached message not read: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    if (!embedded) return;
    if (depth >= 1) r.problems.push(`${where} is a message attached to an attached message; not read (one level of attached messages is read)`);
    else readMessage(embedded, HEADER.attached, `${prefix}attached message ${k + 1}: `, r, depth + 1);
  });
}

/** The message's text is over what is read of it: said once. */
function readInPart(r: Reading): void {
  if (!r.cut) r.problems.push(`the message's text is over the ${r.max} characters read per message; read in part`);
  r.cut = true;
}

/** Hands `text` on as rows of `field`: split at blank lines (paragraphs), within the characters left. */
function emitText(r: Reading, field: string, text: string | undefined): void {
  if (!text) return;
  if (text.length > r.left) {
    text = text.slice(0, r.left);
    readInPart(r);
  }
  r.left -= text.length;
  for (const para of text.split(/\r?\n[ \t]*\r?\n/)) {
    const body = para.trim();
    for (let i = 0; i < body.length; i += MAX_CELL) r.sink.row({ cells: [{ text: body.slice(i, i + MAX_CELL), field, verbatim: false }] });
  }
}

export interface MsgAttachments {
  /** The files attached, each named by a plain base name (`report.xlsx`; an attached message's as `fwd.msg!/report.xlsx`). */
  files: [string, Uint8Array][];
  /** What could not be read, in words (the caller names the message). */
  problems: string[];
}

/** The files attached to a `.msg` (and to a message attached to it); none, and no problem, when it is no readable message (its text read says why). */
export function msgAttachments(bytes: Uint8Array): MsgAttachments {
  const out: MsgAttachments = { files: [], problems: [] };
  let cf: CompoundFile;
  try {
    cf = openCompoundFile(bytes);
    assertMessage(cf);
  } catch {
    return out;
  }
  collectAttachments(cf, HEADER.message, '', '', out, 0, new Set());
  return out;
}

function collectAttachments(storage: CompoundFile, headerBytes: number, pathPrefix: string, where: string, out: MsgAttachments, depth: number, taken: Set<string>): void {
  const decode = stringDecoder(new MsgProperties(storage, headerBytes, [], ''));
  children(storage, ATTACHMENT, 'attachment', out.problems, where).forEach((name, k) => {
    const label = `${where}attachment ${k + 1}`;
    let child: CompoundFile | undefined;
    try {
      child = storage.storage(name);
    } catch (e) {
      out.problems.push(`${label} not read: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    if (!child) return;
    const problems: string[] = [];
    const props = new MsgProperties(child, HEADER.child, problems, `${label} `);
    props.decode = decode;
    const fileName = safeAttachmentName(props.string(0x3707, 'file name', MAX_ATTACHMENT_NAME * 2) ?? props.string(0x3704, 'file name', MAX_ATTACHMENT_NAME * 2) ?? '');
    const shown = `${label}${fileName ? ` (${fileName})` : ''}`;
    const method = props.int32(0x3705);
    const data = props.binary(0x3701, 'data');
    out.problems.push(...problems);
    if (data) {
      out.files.push([pathPrefix + uniqueAttachmentName(fileName || `attachment-${k + 1}`, taken), data]);
      return;
    }
    let embedded: CompoundFile | undefined;
    try {
      embedded = method === ATTACH_OLE ? undefined : child.storage(EMBEDDED);
    } catch (e) {
      out.problems.push(`${shown}: its attached message not read: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    if (embedded) {
      // An attached message's text is read with the message; its files are members of it, one level deep.
      if (depth >= 1) out.problems.push(`${shown} is a message attached to an attached message; its attachments not read`);
      else collectAttachments(embedded, HEADER.attached, `${pathPrefix}${uniqueAttachmentName(fileName || `attached-message-${k + 1}.msg`, taken)}!/`, `${shown}: `, out, depth + 1, new Set());
    } else if (method === ATTACH_OLE) out.problems.push(`${shown} is an embedded OLE object; not read`);
    else if (!problems.length) out.problems.push(`${shown} has no data (${method === undefined ? 'no attach method' : `attach method ${method}: ${method >= 2 && method <= 4 ? 'a link to a file elsewhere' : 'no attached bytes'}`}); not read`);
  });
}
