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
  }
  // Enough headers, of mail's own kind.
  if (headers < 2 || known < 2 || !origin) return undefined;
  return mailbox ? 'mailbox' : 'message';
}
