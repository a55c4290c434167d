import { headerValue, MAX_HEADER_BYTES, parseHeaderBlock, parseStructured, type HeaderField } from './mime-headers.js';
import { transferOf, type Transfer } from './mime-decode.js';

/**
 * A message's MIME structure (RFC 2045/2046): multipart bodies walked by their boundary, nested
 * multiparts, and a `message/rfc822` part read as a message of its own one level deep. The input
 * is a binary string (one char per byte) already bounded by the caller; the walk is bounded in
 * depth and in parts, and never loops: each step moves forward through the string.
 */

/** Multiparts nested deeper than this are not walked (a real message nests 3 or 4 deep). */
export const MAX_DEPTH = 32;
/** Leaf parts read at most per message. */
export const MAX_PARTS = 1_000;

/** A part with a body: text to read or a file attached. */
export interface MimeLeaf {
  type: string;
  params: Map<string, string>;
  disposition: string;
  dispositionParams: Map<string, string>;
  /** `identity` when the bytes are as sent (7bit, 8bit, binary): only then can they keep exact lines and columns. */
  transfer: Transfer;
  /** The body as it is in the message (a binary string), before any decoding. */
  body: string;
  /** 0-based line of the message on which the body starts. */
  bodyLine: number;
}

export interface ParsedMessage {
  headers: HeaderField[];
  /** 0-based line of the message on which its header block starts (an attached message's is inside its parent). */
  headerLine: number;
  leaves: MimeLeaf[];
  /** An attached message's file name, when its part gives one (`fwd.eml`). */
  name?: string;
  /** `message/rfc822` parts, each a message read one level deep (undefined where it was not read). */
  attached: ParsedMessage[];
  problems: string[];
}

/** Counts lines up to an offset, moving forward from the last offset asked about (the walk is in document order). */
class LineCounter {
  private at = 0;
  private line = 0;
  constructor(private readonly text: string) {}
  lineAt(offset: number): number {
    if (offset < this.at) {
      this.at = 0;
      this.line = 0;
    }
    for (let i = this.text.indexOf('\n', this.at); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) this.line++;
    this.at = offset;
    return this.line;
  }
}

interface Walk {
  text: string;
  lines: LineCounter;
  problems: string[];
  parts: number;
  deepSaid: boolean;
}

/** Parses a message (a binary string); problems say what was cut or could not be walked. */
export function parseMessage(text: string): ParsedMessage {
  const walk: Walk = { text, lines: new LineCounter(text), problems: [], parts: 0, deepSaid: false };
  return entityMessage(walk, 0, text.length, 0, 0);
}

function entityMessage(w: Walk, start: number, end: number, depth: number, rfc822Depth: number): ParsedMessage {
  const msg: ParsedMessage = { headers: [], headerLine: w.lines.lineAt(start), leaves: [], attached: [], problems: w.problems };
  msg.headers = entity(w, start, end, depth, rfc822Depth, msg);
  return msg;
}

/** Where an entity's header block ends and its body begins. */
function splitHeader(w: Walk, start: number, end: number): { headerEnd: number; bodyStart: number } {
  const limit = Math.min(end, start + MAX_HEADER_BYTES);
  if (w.text.startsWith('\r\n', start)) return { headerEnd: start, bodyStart: start + 2 };
  if (w.text[start] === '\n') return { headerEnd: start, bodyStart: start + 1 };
  // Searched within the header limit only: a part with no blank line must not cost a scan to the message's end.
  const hit = /\r?\n\r?\n/.exec(w.text.slice(start, Math.min(end, limit + 4)));
  if (hit) hit.index += start;
  if (hit && hit.index < limit) return { headerEnd: hit.index, bodyStart: hit.index + hit[0].length };
  if (end - start <= MAX_HEADER_BYTES) return { headerEnd: end, bodyStart: end };
  w.problems.push(`a header block is over ${MAX_HEADER_BYTES} bytes; the rest of that part is read as its body`);
  return { headerEnd: limit, bodyStart: limit };
}

/** One entity: its headers parsed, its body a leaf, a multipart walked, or an attached message read. Returns its header fields. */
function entity(w: Walk, start: number, end: number, depth: number, rfc822Depth: number, msg: ParsedMessage): HeaderField[] {
  const { headerEnd, bodyStart } = splitHeader(w, start, end);
  const headerLine = w.lines.lineAt(start);
  const headers = parseHeaderBlock(w.text.slice(start, headerEnd)).map((h) => ({ ...h, line: h.line + headerLine }));
  // No Content-Type (or a malformed one) is text/plain, as RFC 2045 §5.2 says.
  const ct = parseStructured(headerValue(headers, 'content-type') ?? 'text/plain');
  const cd = parseStructured(headerValue(headers, 'content-disposition') ?? '');
  const transfer = transferOf(headerValue(headers, 'content-transfer-encoding'));
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(ct.value) ? ct.value : 'text/plain';
  const boundary = ct.params.get('boundary');
  if (type.startsWith('multipart/') && boundary) {
    if (depth >= MAX_DEPTH) {
      if (!w.deepSaid) w.problems.push(`multiparts nested over ${MAX_DEPTH} deep; the deeper parts not read`);
      w.deepSaid = true;
      return headers;
    }
    multipart(w, bodyStart, end, boundary, depth, rfc822Depth, msg);
    return headers;
  }
  // An attached message (forwarded inline or as an attachment) is read as a message, one level
  // deep as an Outlook message's is; an encoded one (rare) is a file attached, read as a member.
  if (type === 'message/rfc822' && transfer === 'identity') {
    if (rfc822Depth >= 1) w.problems.push('a message attached to an attached message; not read (one level of attached messages is read)');
    else {
      const inner = entityMessage(w, bodyStart, end, depth + 1, rfc822Depth + 1);
      const name = cd.params.get('filename') ?? ct.params.get('name');
      if (name) inner.name = name;
      msg.attached.push(inner);
    }
    return headers;
  }
  addLeaf(w, msg, { type, params: ct.params, disposition: cd.value, dispositionParams: cd.params, transfer, body: w.text.slice(bodyStart, end), bodyLine: w.lines.lineAt(bodyStart) });
  return headers;
}

function addLeaf(w: Walk, msg: ParsedMessage, leaf: MimeLeaf): void {
  if (++w.parts > MAX_PARTS) {
    if (w.parts === MAX_PARTS + 1) w.problems.push(`over ${MAX_PARTS} parts; the first ${MAX_PARTS} read`);
    return;
  }
  msg.leaves.push(leaf);
}

/** Offsets of each delimiter line `--boundary` (at a line's start) from `from`, and whether the closing `--boundary--` was met. */
function delimiters(w: Walk, from: number, end: number, boundary: string): { lineStart: number; after: number; close: boolean }[] {
  const out: { lineStart: number; after: number; close: boolean }[] = [];
  const d = `--${boundary}`;
  for (let i = w.text.indexOf(d, from); i >= 0 && i < end; i = w.text.indexOf(d, i + d.length)) {
    if (i !== from && w.text[i - 1] !== '\n') continue;
    let j = i + d.length;
    const close = w.text.startsWith('--', j);
    if (close) j += 2;
    while (w.text[j] === ' ' || w.text[j] === '\t') j++;
    if (j < end && w.text[j] !== '\r' && w.text[j] !== '\n') continue; // a longer boundary that starts with this one
    const nl = w.text.indexOf('\n', j);
    out.push({ lineStart: i, after: nl < 0 || nl >= end ? end : nl + 1, close });
    if (close) break;
  }
  return out;
}

/** The end of a part's body: the line break before the next delimiter belongs to the delimiter. */
function bodyEnd(text: string, lineStart: number, partStart: number): number {
  let e = lineStart;
  if (e > partStart && text[e - 1] === '\n') e--;
  if (e > partStart && text[e - 1] === '\r') e--;
  return e;
}

function multipart(w: Walk, start: number, end: number, boundary: string, depth: number, rfc822Depth: number, msg: ParsedMessage): void {
  const ds = delimiters(w, start, end, boundary);
  if (!ds.length) {
    w.problems.push(`multipart boundary "${boundary.slice(0, 70)}" never found; its body read as text`);
    addLeaf(w, msg, { type: 'text/plain', params: new Map(), disposition: '', dispositionParams: new Map(), transfer: 'identity', body: w.text.slice(start, end), bodyLine: w.lines.lineAt(start) });
    return;
  }
  const closed = ds[ds.length - 1]!.close;
  if (!closed) w.problems.push(`multipart boundary "${boundary.slice(0, 70)}" is never closed; read to the end of the message`);
  for (let k = 0; k < ds.length; k++) {
    const d = ds[k]!;
    if (d.close) break;
    const partEnd = k + 1 < ds.length ? bodyEnd(w.text, ds[k + 1]!.lineStart, d.after) : end;
    entity(w, d.after, partEnd, depth + 1, rfc822Depth, msg);
    if (w.parts > MAX_PARTS) return;
  }
}
