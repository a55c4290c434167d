/**
 * Whether a file's first bytes are an e-mail message (RFC 5322 headers) or a mailbox (an mbox `From `
 * line, then a message), whatever the file is named: e-mail corpora keep messages as `.txt`
 * (CPython's test_email), as files named by number (Enron's maildir: `1.`, `2.`) or with no name
 * at all. Read as MIME, a message's Message-ID, References and Received ids are no addresses of
 * people, and its bodies are decoded; read as plain text they were neither.
 */

/** Header names a message carries and other `Name: value` text rarely starts with. */
const MAIL_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'received', 'return-path', 'delivered-to', 'reply-to', 'sender', 'in-reply-to', 'references', 'mime-version', 'content-type', 'content-transfer-encoding', 'x-mailer', 'user-agent', 'x-original-to', 'list-id', 'x-from', 'x-to']);
/** Headers only mail has: one of them is needed (an HTTP dump has Date and Content-Type too). */
const ORIGIN_HEADERS = new Set(['from', 'received', 'return-path', 'message-id', 'delivered-to', 'x-from']);
/** A header line: a printable field name, a colon (RFC 5322 §2.2). */
const HEADER_LINE = /^([!-9;-~]+):/;
/** An mbox separator line: `From `, an envelope sender, a date that ends in a year (or a time zone after it). */
const MBOX_FROM = /^From \S+ .*\b\d{4}\b/;
/** A multipart Content-Type's boundary parameter, quoted or not (RFC 2046 §5.1.1). */
const MULTIPART_BOUNDARY = /^content-type:\s*multipart\/[\w.+-]+\s*;.*?\bboundary="?([^";\r\n]+?)"?\s*(?:;|$)/i;
/** Bytes of the head looked at. */
const HEAD_BYTES = 8192;

export type MailHead = 'message' | 'mailbox';

export function mailHead(head: Uint8Array): MailHead | undefined {
  const text = Buffer.from(head.subarray(0, HEAD_BYTES)).toString('latin1');
  const lines = text.split(/\r?\n/);
  // The last line may be cut by the head's end: only whole lines count.
  if (head.length >= HEAD_BYTES || !text.endsWith('\n')) lines.pop();
  let i = 0;
  const mailbox = lines[0] !== undefined && MBOX_FROM.test(lines[0]);
  if (mailbox) i++;
  let headers = 0;
  let known = 0;
  let origin = false;
  let mimeVersion = false;
  let boundary: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    // A folded line continues the header before it.
    if ((line[0] === ' ' || line[0] === '\t') && headers > 0) continue;
    const m = HEADER_LINE.exec(line);
    if (!m) return undefined;
    headers++;
    const name = m[1]!.toLowerCase();
    if (MAIL_HEADERS.has(name)) known++;
    if (ORIGIN_HEADERS.has(name)) origin = true;
    else if (name === 'mime-version') mimeVersion = true;
    else if (name === 'content-type') boundary = MULTIPART_BOUNDARY.exec(line)?.[1];
  }
  // Enough headers, of mail's own kind — or, for a message, a MIME entity saved on its own.
  const mail = headers >= 2 && known >= 2 && origin;
  if (!mail && (mailbox || origin || !mimeEntity(lines, i, known, mimeVersion, boundary))) return undefined;
  return mailbox ? 'mailbox' : 'message';
}

/**
 * Whether headers with no sender or relay among them are a MIME entity saved on its own (a
 * message's part, a test suite's input: CPython's `msg_38.txt` opens with MIME-Version and a
 * multipart Content-Type and nothing else): its MIME-Version says so, or its multipart boundary
 * opens a part in the lines after the headers.
 */
function mimeEntity(lines: string[], bodyAt: number, known: number, mimeVersion: boolean, boundary: string | undefined): boolean {
  if (mimeVersion && known >= 2) return true;
  if (boundary === undefined) return false;
  const delimiter = `--${boundary}`;
  for (let j = bodyAt + 1; j < lines.length; j++) if (lines[j]!.trimEnd() === delimiter) return true;
  return false;
}
