/**
 * Writes real RFC 5322 / RFC 2045 messages for tests: headers (RFC 2047 encoded words when asked),
 * multipart bodies, quoted-printable and base64 parts, attachments, attached messages, and mboxrd
 * mailboxes. Line ends are CRLF as on the wire. Checked against Python's `email` package in
 * `readers/mime.test.ts`, so the reader is not only tested against its own idea of MIME.
 */

export type Encoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export interface LeafPart {
  type: string;
  body: string | Uint8Array;
  encoding: Encoding;
  charset?: string;
  filename?: string;
  /** Write the file name as RFC 2231 (`filename*=UTF-8''...`). */
  filename2231?: boolean;
  disposition?: 'inline' | 'attachment';
  /** Quoted-printable line width (soft breaks every this many characters; 76 by default). */
  qpWidth?: number;
  /** Extra header lines, written as given. */
  extra?: string[];
}

export interface MultiPart {
  multipart: 'mixed' | 'alternative' | 'related';
  boundary: string;
  parts: Part[];
  /** Leave out the closing `--boundary--` (a truncated message). */
  unterminated?: boolean;
}

export interface AttachedMessage {
  message: MailMessage;
}

export type Part = LeafPart | MultiPart | AttachedMessage;

export interface MailMessage {
  /** Header fields in order, values as written (use `encodedWord` for non-ASCII). */
  headers: [string, string][];
  body: Part;
}

const CRLF = '\r\n';

/** An RFC 2047 encoded word, base64 in UTF-8. */
export function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** Base64 in lines of 76. */
export function base64Lines(bytes: Uint8Array): string {
  const b = Buffer.from(bytes).toString('base64');
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 76) out.push(b.slice(i, i + 76));
  return out.join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text: soft line breaks keep each line within `width`. */
export function quotedPrintable(text: string, width = 76): string {
  const lines = text.split(/\r?\n/);
  return lines
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const tokens: string[] = [];
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        tokens.push(plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
      });
      const out: string[] = [];
      let cur = '';
      for (const t of tokens) {
        if (cur.length + t.length > width - 1) {
          out.push(`${cur}=`);
          cur = '';
        }
        cur += t;
      }
      out.push(cur);
      return out.join(CRLF);
    })
    .join(CRLF);
}

function leaf(p: LeafPart): string {
  const head: string[] = [];
  head.push(`Content-Type: ${p.type}${p.charset ? `; charset="${p.charset}"` : ''}${p.filename && !p.filename2231 ? `; name="${p.filename}"` : ''}`);
  head.push(`Content-Transfer-Encoding: ${p.encoding}`);
  if (p.disposition || p.filename) {
    const name = p.filename === undefined ? '' : p.filename2231 ? `; filename*=UTF-8''${encodeURIComponent(p.filename)}` : `; filename="${p.filename}"`;
    head.push(`Content-Disposition: ${p.disposition ?? 'attachment'}${name}`);
  }
  head.push(...(p.extra ?? []));
  const bytes = typeof p.body === 'string' ? Buffer.from(p.body, 'utf8') : Buffer.from(p.body);
  const body =
    p.encoding === 'base64'
      ? base64Lines(bytes)
      : p.encoding === 'quoted-printable'
        ? quotedPrintable(bytes.toString('utf8'), p.qpWidth)
        : bytes.toString('utf8').replace(/\r?\n/g, CRLF);
  return head.join(CRLF) + CRLF + CRLF + body;
}

function part(p: Part): string {
  if ('message' in p) return `Content-Type: message/rfc822${CRLF}${CRLF}${writeMessage(p.message)}`;
  if ('multipart' in p) {
    const head = `Content-Type: multipart/${p.multipart}; boundary="${p.boundary}"`;
    const inner = p.parts.map((q) => `--${p.boundary}${CRLF}${part(q)}${CRLF}`).join('');
    return `${head}${CRLF}${CRLF}This is a multi-part message in MIME format.${CRLF}${inner}${p.unterminated ? '' : `--${p.boundary}--${CRLF}`}`;
  }
  return leaf(p);
}

/** A whole message: its header fields, `MIME-Version`, then its body part's headers and body. */
export function writeMessage(m: MailMessage): string {
  const head = m.headers.map(([k, v]) => `${k}: ${v}`).join(CRLF);
  return `${head}${CRLF}MIME-Version: 1.0${CRLF}${part(m.body)}`;
}

/** An mboxrd mailbox: each message after a `From ` line, `>From ` escaping in bodies (one more `>`). */
export function writeMbox(messages: string[]): string {
  return messages.map((m, k) => `From sender${k + 1}@example.com Mon Jan  1 00:00:0${k % 10} 2024\n${m.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`).join('\n');
}

/** A message whose body is `depth` multiparts each inside the next (written iteratively: a deep tree would overflow `part`'s recursion). */
export function nestedMultiparts(depth: number, innermost: LeafPart): string {
  let body = leaf(innermost);
  for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"${CRLF}${CRLF}--b${i}${CRLF}${body}${CRLF}--b${i}--`;
  return `Subject: deep${CRLF}MIME-Version: 1.0${CRLF}${body}${CRLF}`;
}
