/**
 * Mail files as a stream of messages: an `.eml` is one message, an `.mbox` (mboxo / mboxrd) many,
 * each after a `From ` line at a line's start, with `>From ` in a body un-escaped by one `>`.
 * A mailbox can be gigabytes: it is read chunk by chunk and handed on message by message, each
 * held whole only up to MAX_MESSAGE_BYTES; past that, the rest of the message is handed on as
 * plain text in blocks (a problem says so), so memory stays bounded whatever the file holds.
 * Text is a binary string (one char per byte, latin1): the MIME reader decodes charsets per part.
 */

/** The most of one message held and parsed as MIME; the rest of it is read as plain text. */
export const MAX_MESSAGE_BYTES = 64 << 20;
/** A line longer than this (no line break in a base64 blob) is cut into pieces of this size. */
const MAX_LINE = 16 << 20;
/** Plain-text blocks of an over-long message are handed on at about this size. */
const OVERFLOW_BLOCK = 1 << 20;

export interface MailHandler {
  /** A whole message (or its first MAX_MESSAGE_BYTES): `index` is 1-based, `firstLine` the 1-based file line of its first header. */
  message(text: string, firstLine: number, index: number, cut: boolean): void | Promise<void>;
  /** A block of the part of message `index` past MAX_MESSAGE_BYTES, as plain text. */
  overflow(text: string, firstLine: number, index: number): void;
}

const FROM_ = /^From /;
const QUOTED_FROM = /^>+From /;

/** Reads the chunks as one message (`mbox` false) or a mailbox, handing each message on. */
export async function eachMailMessage(chunks: AsyncIterable<Uint8Array>, mbox: boolean, on: MailHandler, maxMessageBytes = MAX_MESSAGE_BYTES): Promise<number> {
  let index = 0;
  let lineNo = 0; // lines seen so far
  let parts: string[] = [];
  let bytes = 0;
  let firstLine = 1;
  let cut = false;
  let over: string[] = [];
  let overBytes = 0;
  let overLine = 0;
  let started = false;
  const flushOver = () => {
    if (over.length) on.overflow(over.join(''), overLine, index);
    over = [];
    overBytes = 0;
  };
  // What a handler still does with the messages of the chunk read (awaited before the next chunk, so memory stays bounded).
  const waiting: Promise<void>[] = [];
  const handOn = (text: string, cutHere: boolean) => {
    const r = on.message(text, firstLine, index, cutHere);
    if (r) waiting.push(r);
  };
  const endMessage = () => {
    if (started && !cut && parts.length) handOn(parts.join(''), false);
    flushOver();
    parts = [];
    bytes = 0;
    cut = false;
  };
  const line = (l: string) => {
    lineNo++;
    if (mbox && FROM_.test(l)) {
      endMessage();
      index++;
      started = true;
      firstLine = lineNo + 1;
      return;
    }
    if (!started) {
      // A mailbox that does not start with a `From ` line (or an `.eml`): its first message starts here.
      started = true;
      index = 1;
      firstLine = lineNo;
    }
    if (mbox && QUOTED_FROM.test(l)) l = l.slice(1);
    if (!cut && bytes + l.length <= maxMessageBytes) {
      parts.push(l);
      bytes += l.length;
      return;
    }
    if (!cut) {
      cut = true;
      // The message's head is read now, so its rows come before the plain text of its rest.
      handOn(parts.join(''), true);
      parts = [];
    }
    if (!over.length) overLine = lineNo;
    over.push(l);
    overBytes += l.length;
    if (overBytes >= OVERFLOW_BLOCK) flushOver();
  };
  let rest = '';
  let broken: unknown;
  try {
    for await (const chunk of chunks) {
      let text = rest + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        line(text.slice(from, nl + 1));
        from = nl + 1;
      }
      text = text.slice(from);
      // A line with no break in sight is handed on in pieces (each counts as part of one line).
      while (text.length > MAX_LINE) {
        line(text.slice(0, MAX_LINE));
        lineNo--;
        text = text.slice(MAX_LINE);
      }
      rest = text;
      if (waiting.length) await Promise.all(waiting.splice(0));
    }
  } catch (e) {
    // The stream broke (a cut `.mbox.gz`): what was read of the last message is still handed on, then the error.
    broken = e;
  }
  if (rest) line(rest);
  endMessage();
  await Promise.all(waiting);
  if (broken !== undefined) throw broken;
  return index;
}
