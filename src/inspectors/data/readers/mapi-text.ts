import { htmlRows } from './html.js';
import { decodeCp1252, decoderFor } from './msg-codepage.js';
import { decompressRtf } from './rtf-compressed.js';
import { RtfHiddenRuns, squeeze } from './mapi-rtf-hidden.js';
import { RtfBodyRows } from './mapi-rtf-rows.js';
import { eachRtfRow } from './rtf-doc.js';
import { rtfMayHide } from './rtf-may-hide.js';
import type { RowSink } from './sheet-table.js';

/**
 * A MAPI message's text as rows, whichever container keeps its properties: an Outlook `.msg`
 * (`msg.ts`, a compound file) or a TNEF stream (`tnef.ts`, `winmail.dat`). Both hold the same
 * properties (PidTagSubject, PidTagBody, PidTagRtfCompressed…), so both name their rows alike —
 * `subject`, `from (address)`, `body`, `body (HTML), hidden (display:none)`, `body (RTF)`,
 * `body (RTF), paragraph 3, hidden (white text)` — and share one budget of characters over a message and the messages attached to it.
 */

/** The properties a message's text is read from (a `.msg` storage's, a TNEF property list's). */
export interface MapiProps {
  /** A string property (UTF-16 or 8-bit), its terminating nulls cut; `maxChars` at most. */
  string(id: number, what: string, maxChars: number): string | undefined;
  binary(id: number, what: string): Uint8Array | undefined;
  int32(id: number): number | undefined;
}

/** PidTagMessageCodepage (8-bit strings) and PidTagInternetCodepage (the body as sent). */
export const CODEPAGE = { message: 0x3ffd, internet: 0x3fde } as const;

/**
 * Attached messages read inside one another at most: a forwarded thread nests a message per
 * forward, and past a few levels only a crafted file goes on (until the stack breaks).
 */
export const MAX_DEPTH = 4;

/** A body cell longer than this is cut into cells of this size (a detector's cell stays bounded). */
const MAX_CELL = 1 << 20;

/** What a message's text is read with: where rows go, and how many characters are left. */
export interface Reading {
  sink: RowSink;
  problems: string[];
  /** Characters read at most (over the whole message and those attached to it), and left to read. */
  max: number;
  left: number;
  cut: boolean;
}

export function newReading(sink: RowSink, maxChars: number): Reading {
  return { sink, problems: [], max: maxChars, left: maxChars, cut: false };
}

/** How a message's 8-bit strings are decoded: PidTagMessageCodepage, else PidTagInternetCodepage. */
export function stringDecoder(props: MapiProps): (bytes: Uint8Array) => string {
  return decoderFor(props.int32(CODEPAGE.message) ?? props.int32(CODEPAGE.internet));
}

/** The subject, the sender (each distinct value once) and the display lists of recipients. */
export function readHeadline(props: MapiProps, prefix: string, r: Reading): void {
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
}

/** One recipient's name and address (its SMTP address, or the address of its own type when that differs). */
export function readRecipient(props: MapiProps, where: string, r: Reading): void {
  emitText(r, `${where} (name)`, props.string(0x3001, 'name', r.left + 1));
  const smtp = props.string(0x39fe, 'SMTP address', r.left + 1)?.trim();
  const own = props.string(0x3003, 'address', r.left + 1)?.trim();
  emitText(r, `${where} (address)`, smtp);
  if (own && own.toLowerCase() !== smtp?.toLowerCase()) emitText(r, `${where} (address)`, own);
}

/**
 * The plain body, the HTML body's text, and the RTF body's: whole when there is neither, else
 * only what it hides (`mapi-rtf-hidden.ts`), read first so the lines of the other bodies that are
 * its hidden runs are read at the hidden run's field only, and handed on after them.
 */
export function readBody(props: MapiProps, prefix: string, r: Reading): void {
  const rtf = props.binary(0x1009, 'RTF body');
  const hidden = new RtfHiddenRuns(`${prefix}body (RTF)`);
  const plain = props.string(0x1000, 'body', r.left + 1);
  if (rtf && plain?.trim()) readRtf(rtf, prefix, r, hidden);
  emitText(r, `${prefix}body`, hidden.withoutRuns(plain));
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
  /** The HTML body's hidden text, squeezed: an RTF body converted from it may hide the same. */
  const htmlHidden = new Set<string>();
  if (html?.trim()) {
    if (rtf && !plain?.trim()) readRtf(rtf, prefix, r, hidden);
    // Outlook keeps the HTML body's visible text in the plain body too: a block already read there
    // (the same line or paragraph, spaces aside) is not read again, or each finding would count
    // twice; nor is one the RTF body hides (read at its hidden field). Hidden text and attributes
    // are always read: they are what the plain body leaves out.
    const inPlain = plainBlocks(plain);
    for (const row of htmlRows(html, r.problems)) {
      for (const cell of row.cells) {
        const text = squeeze(cell.text);
        if (cell.field) htmlHidden.add(text);
        else if (inPlain.has(text) || hidden.texts.has(text)) continue;
        emitText(r, `${prefix}body (HTML)${cell.field ? `, ${cell.field}` : ''}`, cell.text);
      }
    }
  }
  if (plain?.trim() || html?.trim()) {
    for (const run of hidden.runs) if (!htmlHidden.has(squeeze(run.text))) emitText(r, run.field, run.text);
  } else if (rtf) readRtf(rtf, prefix, r);
}

/**
 * A compressed RTF body's text, read as an `.rtf` document is (`rtf-doc.ts`): its visible
 * paragraphs `body (RTF)`, what it hides from its reader (`\v`, white, tiny, deleted text; a
 * comment) rows of their own that say why (`mapi-rtf-rows.ts`); an HTML-converted body's RTF-only
 * layout (`\htmlrtf`) and tags (`\*\htmltag`) left out. Its damage said. With `hidden`, only its
 * hidden runs are kept there (not handed on), and a body with no word that can hide text
 * (`rtf-may-hide.ts`) is not parsed: most messages' RTF body hides nothing.
 */
export function readRtf(rtf: Uint8Array, prefix: string, r: Reading, hidden?: RtfHiddenRuns): void {
  try {
    const { rtf: raw, crcOk, cut } = decompressRtf(rtf, Math.min(r.left * 4, 256 << 20));
    if (!crcOk) r.problems.push(`${prefix}RTF body's checksum does not match its bytes (damaged); read as far as it goes`);
    if (cut) r.problems.push(`${prefix}RTF body read in part (it ends early or is over the text read per message)`);
    const doc = Buffer.from(raw).toString('latin1');
    if (hidden && !rtfMayHide(doc)) return;
    const rows = hidden ?? new RtfBodyRows(`${prefix}body (RTF)`, (field, text) => emitText(r, field, text));
    const done = eachRtfRow(doc, rows, r.left + 1);
    if (rows instanceof RtfBodyRows) rows.end();
    for (const problem of done.problems) {
      // The budget is the message's, said once by emitText; a body cut short is said above.
      if (problem.startsWith('text over ') || (cut && problem.startsWith('the file ends inside'))) continue;
      r.problems.push(`${prefix}RTF body: ${problem}`);
    }
  } catch (e) {
    r.problems.push(`${prefix}RTF body not read: ${(e as Error).message.split('\n')[0]}`);
  }
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

/** The message's text is over what is read of it: said once. */
export function readInPart(r: Reading): void {
  if (!r.cut) r.problems.push(`the message's text is over the ${r.max} characters read per message; read in part`);
  r.cut = true;
}

/** Hands `text` on as rows of `field`: split at blank lines (paragraphs), within the characters left. */
export function emitText(r: Reading, field: string, text: string | undefined): void {
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
