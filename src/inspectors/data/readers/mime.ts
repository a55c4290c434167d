import { htmlRows } from './html.js';
import { decodeCharset, decodeTransfer } from './mime-decode.js';
import { decodeHeaderValue, hasEncodedWord, type HeaderField } from './mime-headers.js';
import { parseMessage, type MimeLeaf, type ParsedMessage } from './mime-parts.js';
import type { DataRow, TextCell } from './types.js';
import { safeAttachmentName, uniqueAttachmentName } from './attachment-names.js';
import { RawSeen } from './raw-seen.js';

/**
 * E-mail messages as MIME (`.eml`, each message of an `.mbox`): read as a mail loader extracts
 * them, not as raw text — quoted-printable soft breaks joined (an address split over two lines is
 * one address again), base64 bodies decoded, RFC 2047 headers decoded. Rows are labelled as
 * `readers/msg.ts` labels an Outlook message's: `header From`, `header Subject`, `body`,
 * `body (HTML)` (hidden text flagged as `readers/html.ts` flags it), `body (part 2)` when a message
 * has several, `attached message 1: body` for a `message/rfc822` part (one level deep).
 *
 * A part sent as it is (7bit, 8bit) keeps its exact line and column; a decoded one is placed at
 * the line its body starts on. Attachments (`mimeAttachments`) are files the inspector scans as
 * members of the message, as it does a PDF's or an Outlook message's.
 *
 * Input is a binary string (one char per byte): the caller bounds its size (`mbox.ts`).
 */

/** Headers read as rows: the people and the subject (the rest is routing, scanned raw for secrets). */
const SCANNED_HEADERS = new Map([
  ['from', 'From'],
  ['to', 'To'],
  ['cc', 'Cc'],
  ['bcc', 'Bcc'],
  ['reply-to', 'Reply-To'],
  ['subject', 'Subject'],
]);
/** A body cell longer than this is cut into cells of this size (a detector's cell stays bounded). */
const MAX_CELL = 1 << 20;
/** The largest HTML part parsed as a page (as a whole HTML file is bounded by maxDocumentBytes). */
const MAX_HTML = 16 << 20;

/** Where a message's rows go; `secrets` is whether a row's text is also matched for secrets (the raw message always is). */
export type MimeSink = (row: DataRow, secrets: boolean | RawSeen) => void;

/** Whether a leaf is a file attached rather than text to read. */
function isAttachment(leaf: MimeLeaf): boolean {
  if (leaf.type !== 'text/plain' && leaf.type !== 'text/html') return true;
  return leaf.disposition === 'attachment' && !!fileNameOf(leaf);
}

function fileNameOf(leaf: MimeLeaf): string | undefined {
  return leaf.dispositionParams.get('filename') ?? leaf.params.get('name');
}

/**
 * The rows of one message (a binary string), handed to `sink`; `firstLine` is the 1-based file line
 * of its first line, `prefix` names it within a mailbox (`message 12: `). Returns what could not be read.
 */
export function eachMimeRow(text: string, firstLine: number, prefix: string, sink: MimeSink): string[] {
  const msg = parseMessage(text);
  readMessage(msg, firstLine, prefix, sink, msg.problems);
  return msg.problems;
}

function readMessage(msg: ParsedMessage, firstLine: number, prefix: string, sink: MimeSink, problems: string[]): void {
  for (const h of msg.headers) {
    const name = SCANNED_HEADERS.get(h.name);
    if (name) headerRow(h, firstLine, `${prefix}header ${name}`, sink);
  }
  const texts = msg.leaves.filter((l) => !isAttachment(l));
  const several = { plain: texts.filter((l) => l.type === 'text/plain').length > 1, html: texts.filter((l) => l.type === 'text/html').length > 1 };
  // A visible HTML block already read in the plain body (multipart/alternative) is not read twice.
  // Only a message with an HTML body keeps the plain body's blocks for that.
  const inPlain = texts.some((l) => l.type === 'text/html') ? new Set<string>() : undefined;
  texts.forEach((leaf) => {
    const k = msg.leaves.indexOf(leaf) + 1;
    if (leaf.type === 'text/html') {
      htmlPart(leaf, firstLine, `${prefix}body (HTML${several.html ? `, part ${k}` : ''})`, inPlain, sink, problems);
    } else {
      plainPart(leaf, firstLine, `${prefix}body${several.plain ? ` (part ${k})` : ''}`, inPlain, sink, problems);
    }
  });
  msg.attached.forEach((m, k) => readMessage(m, firstLine, `${prefix}attached message ${k + 1}: `, sink, problems));
}

function headerRow(h: HeaderField, firstLine: number, field: string, sink: MimeSink): void {
  const encoded = hasEncodedWord(h.raw);
  const text = decodeHeaderValue(h.raw).replace(/\s+$/, '');
  if (!text.trim()) return;
  const line = firstLine + h.line;
  // An unfolded, unencoded value is the file's text as it is: a hit in it is placed exactly.
  const cell: TextCell = !encoded && !h.folded ? { text, line, column: h.column, verbatim: true, field } : { text, line, verbatim: false, field };
  sink({ cells: [cell] }, encoded);
}

/**
 * Whether a part's decoded text is matched for secrets too (the raw message always is): a base64
 * part's raw text hides every key, and a quoted-printable one's soft line breaks split a long key
 * over lines. A key the raw text already showed is neither reported twice (the collector keys
 * secrets by value, its first place kept: the exact one in the raw text) nor counted twice (RawSeen).
 */
function secretsInDecoded(leaf: MimeLeaf): boolean | RawSeen {
  if (leaf.transfer === 'base64') return true;
  // A key whole on its raw line was counted by the raw scan: only a split one counts again here.
  return leaf.transfer === 'quoted-printable' && /=[ \t]*\r?\n/.test(leaf.body) ? new RawSeen(leaf.body) : false;
}

/** A text part's text, and whether it is the file's own (not decoded, in a charset read as the file is). */
function partText(leaf: MimeLeaf): { text: string; verbatim: boolean; problem?: string } {
  const { bytes, problem } = decodeTransfer(leaf.body, leaf.transfer);
  const charset = leaf.params.get('charset');
  const text = decodeCharset(bytes, charset);
  const utf8 = !charset || /^(?:utf-?8|us-ascii|ascii)$/i.test(charset.trim());
  return { text, verbatim: leaf.transfer === 'identity' && (utf8 || /^[\x00-\x7f]*$/.test(leaf.body)), ...(problem ? { problem } : {}) };
}

function plainPart(leaf: MimeLeaf, firstLine: number, field: string, inPlain: Set<string> | undefined, sink: MimeSink, problems: string[]): void {
  const { text, verbatim, problem } = partText(leaf);
  if (problem) problems.push(`${field}: ${problem}`);
  const bodyLine = firstLine + leaf.bodyLine;
  // Once per part: tested per paragraph, the soft-break search ran over the whole body each time.
  const secrets = secretsInDecoded(leaf);
  for (const { text: para, line } of paragraphs(text)) {
    if (inPlain) {
      inPlain.add(squeeze(para));
      for (const l of para.split('\n')) inPlain.add(squeeze(l));
    }
    for (let i = 0; i < para.length; i += MAX_CELL) {
      const piece = para.slice(i, i + MAX_CELL);
      const cell: TextCell = verbatim && i === 0 ? { text: piece, line: bodyLine + line, column: 1, verbatim: true, field } : { text: piece, line: bodyLine + (verbatim ? line : 0), verbatim: false, field };
      sink({ cells: [cell] }, secrets);
    }
  }
}

function htmlPart(leaf: MimeLeaf, firstLine: number, field: string, inPlain: Set<string> | undefined, sink: MimeSink, problems: string[]): void {
  const { text, verbatim, problem } = partText(leaf);
  if (problem) problems.push(`${field}: ${problem}`);
  const bodyLine = firstLine + leaf.bodyLine;
  const secrets = secretsInDecoded(leaf);
  if (text.length > MAX_HTML) {
    // A page's parse is many times its text: a huge HTML part is read as text, tags and all.
    problems.push(`${field}: over ${MAX_HTML} characters of HTML; read as plain text`);
    for (const { text: para, line } of paragraphs(text)) {
      for (let i = 0; i < para.length; i += MAX_CELL) sink({ cells: [{ text: para.slice(i, i + MAX_CELL), line: bodyLine + line, verbatim: false, field }] }, secrets);
    }
    return;
  }
  for (const row of htmlRows(text, problems)) {
    for (const c of row.cells) {
      if (!c.field && inPlain?.has(squeeze(c.text))) continue;
      const named = `${field}${c.field ? `, ${c.field}` : ''}`;
      // The page's lines are the part's: shifted to the file's when the part is as sent, else its body's line.
      const cell: TextCell = verbatim
        ? { ...c, field: named, ...(c.line !== undefined ? { line: c.line + bodyLine - 1 } : {}), ...(c.spans ? { spans: c.spans.map((v, k) => (k % 3 === 1 ? v + bodyLine - 1 : v)) } : {}) }
        : { text: c.text, line: bodyLine, verbatim: false, field: named };
      sink({ cells: [cell] }, secrets);
    }
  }
}

/** Text with its runs of spaces as one space, trimmed: a block compared across the plain and HTML bodies. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A body's paragraphs (split at blank lines), each with its 0-based line in the body; `\r` at line ends dropped. */
export function paragraphs(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split('\n');
  let start = -1;
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) out.push({ text: buf.join('\n'), line: start });
    buf = [];
    start = -1;
  };
  lines.forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!l.trim()) return flush();
    if (start < 0) start = i;
    buf.push(l);
  });
  flush();
  return out;
}

export interface MimeAttachments {
  /** The files attached, by plain base name (an attached message's as `fwd.eml!/report.csv`, `attached-message-1.eml!/…` without a name). */
  files: [string, Uint8Array][];
  problems: string[];
}

/** The files attached to a message (a binary string), and to a message attached to it. */
export function mimeAttachments(text: string, maxBytes: number): MimeAttachments {
  const msg = parseMessage(text);
  const out: MimeAttachments = { files: [], problems: [] };
  collect(msg, '', out, maxBytes, new Set());
  return out;
}

const EXT: Record<string, string> = { 'message/rfc822': '.eml', 'text/csv': '.csv', 'text/plain': '.txt', 'text/html': '.html', 'application/json': '.json', 'application/pdf': '.pdf', 'application/ms-tnef': '.tnef', 'application/vnd.ms-tnef': '.tnef', 'text/tab-separated-values': '.tsv' };

function collect(msg: ParsedMessage, prefix: string, out: MimeAttachments, maxBytes: number, taken: Set<string>): void {
  msg.leaves.forEach((leaf, k) => {
    if (!isAttachment(leaf)) return;
    const name = uniqueAttachmentName(safeAttachmentName(fileNameOf(leaf) ?? '') || `part-${k + 1}${EXT[leaf.type] ?? '.bin'}`, taken);
    const { bytes, problem } = decodeTransfer(leaf.body, leaf.transfer);
    if (problem) out.problems.push(`${prefix}${name}: ${problem}`);
    if (bytes.length > maxBytes) {
      out.problems.push(`${prefix}${name} is ${bytes.length} bytes, over the ${maxBytes} read per attachment; not scanned`);
      return;
    }
    out.files.push([prefix + name, bytes]);
  });
  msg.attached.forEach((m, k) => collect(m, `${prefix}${uniqueAttachmentName(safeAttachmentName(m.name ?? '') || `attached-message-${k + 1}.eml`, taken)}!/`, out, maxBytes, new Set()));
}
