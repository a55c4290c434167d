import { emitText, MAX_DEPTH, newReading, readBody, readHeadline, readRecipient, stringDecoder, type Reading } from './mapi-text.js';
import { MsgProperties } from './msg-properties.js';
import { openCompoundFile, type CompoundFile } from './ole2.js';
import { documentRead, type DocumentRead, type RowSink } from './sheet-table.js';
import { MAX_ATTACHMENT_NAME, safeAttachmentName, uniqueAttachmentName, type AttachedFiles } from './attachment-names.js';

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
 * An attached message (an embedding, not a file) is read with the message, its fields named
 * `attached message 1: subject`, and one attached inside it as `attached message 1: attached
 * message 2: body`, MAX_DEPTH levels deep (a forwarded thread nests a message per forward; past
 * that a crafted file could nest until the stack breaks), within the same characters. The files
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

const RECIPIENT = /^__recip_version1\.0_#[0-9a-f]{8}$/i;
const ATTACHMENT = /^__attach_version1\.0_#[0-9a-f]{8}$/i;
const PROPERTIES = '__properties_version1.0';
/** An attachment's embedded object: an attached message (attach method 5) or an OLE object (6, not read). */
const EMBEDDED = '__substg1.0_3701000D';
const ATTACH_OLE = 6;

/** Top-level message, attached message, recipient or attachment: the size of its properties stream's header. */
const HEADER = { message: 32, attached: 24, child: 8 } as const;

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
  const reading = newReading(sink, maxChars);
  readMessage(cf, HEADER.message, '', reading, 0);
  // The text read per message spent stops the reading; a stream, recipient or attachment not read
  // (each named) leaves the rest of the message read.
  return documentRead(reading.problems, reading.cut);
}

/** A message's fields as rows, `prefix` naming an attached message's (`attached message 1: `). */
function readMessage(storage: CompoundFile, headerBytes: number, prefix: string, r: Reading, depth: number): void {
  const props = new MsgProperties(storage, headerBytes, r.problems, prefix);
  // 8-bit strings are in the message's code page (PidTagMessageCodepage; PidTagInternetCodepage
  // when it has none), an HTML body kept as bytes in its internet code page.
  props.decode = stringDecoder(props);
  readHeadline(props, prefix, r);
  readRecipients(storage, prefix, r, props.decode);
  readBody(props, prefix, r);
  emitText(r, `${prefix}transport headers`, props.string(0x007d, 'transport headers', r.left + 1));
  readAttachmentText(storage, prefix, r, depth, props.decode);
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
    readRecipient(props, `${prefix}${where}`, r);
  });
}

/**
 * Attachments' file names, and the text of an attached message (MAX_DEPTH deep). A storage that
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
    if (depth >= MAX_DEPTH) r.problems.push(`${where} is a message attached ${depth + 1} deep; not read (${MAX_DEPTH} levels of attached messages are read)`);
    else readMessage(embedded, HEADER.attached, `${prefix}attached message ${k + 1}: `, r, depth + 1);
  });
}

/** The files attached to a `.msg` (and to a message attached to it); none, and no problem, when it is no readable message (its text read says why). */
export function msgAttachments(bytes: Uint8Array): AttachedFiles {
  const out: AttachedFiles = { files: [], problems: [] };
  let cf: CompoundFile;
  try {
    cf = openCompoundFile(bytes);
    assertMessage(cf);
  } catch {
    return out;
  }
  // Attached files are parts of the file: together no larger than it. More is streams sharing
  // sectors (a crafted file), which would have the same bytes scanned over and over, nested too.
  collectAttachments(cf, HEADER.message, '', '', out, 0, new Set(), { left: bytes.length });
  return out;
}

function collectAttachments(storage: CompoundFile, headerBytes: number, pathPrefix: string, where: string, out: AttachedFiles, depth: number, taken: Set<string>, bytes: { left: number }): void {
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
    if (data && data.length > bytes.left) {
      out.problems.push(`${shown}: its ${data.length} bytes are more than the file has left for its attachments (streams sharing sectors); not read`);
      return;
    }
    if (data) {
      bytes.left -= data.length;
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
      // An attached message's text is read with the message; its files are members of it, MAX_DEPTH deep.
      if (depth >= MAX_DEPTH) out.problems.push(`${shown} is a message attached ${depth + 1} deep; its attachments not read`);
      else collectAttachments(embedded, HEADER.attached, `${pathPrefix}${uniqueAttachmentName(fileName || `attached-message-${k + 1}.msg`, taken)}!/`, `${shown}: `, out, depth + 1, new Set(), bytes);
    } else if (method === ATTACH_OLE) out.problems.push(`${shown} is an embedded OLE object; not read`);
    else if (!problems.length) out.problems.push(`${shown} has no data (${method === undefined ? 'no attach method' : `attach method ${method}: ${method >= 2 && method <= 4 ? 'a link to a file elsewhere' : 'no attached bytes'}`}); not read`);
  });
}
