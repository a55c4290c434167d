import type { Collector } from './collector.js';
import { reporting } from './progress-chunks.js';
import { declaredEncoding } from './readers/feed-head.js';
import { FeedReader } from './readers/feed.js';
import { charsetDecoder } from './readers/mime-decode.js';
import { byteChunks } from './readers/source.js';
import { Utf8Chunks } from './readers/utf8-chunks.js';
import type { ScanJob } from './scan-part.js';

/** Raw text matched for secrets at a time: whole lines, about this many characters. */
const SECRET_BLOCK = 256 * 1024;

/**
 * How a feed's bytes become text: a byte-order mark, else the encoding its XML declaration names
 * (`<?xml version="1.0" encoding="Big5"?>`: feeds in Big5, EUC-JP, KOI8-R, windows-1255 say so),
 * else UTF-8 (XML's default). The plain-text path reads every file as UTF-8, so a Big5 feed's
 * text was U+FFFD and stray Latin letters; an encoding TextDecoder does not know (EUC-TW) is read
 * as UTF-8 and a problem says so.
 */
function decoderFor(first: Uint8Array, problems: string[]): { write(b: Buffer): string; end(): string } {
  const bom = first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : undefined;
  const declared = bom ?? declaredEncoding(first);
  let td = declared && !/^utf-?8$/.test(declared) ? charsetDecoder(declared) : undefined;
  if (declared && !td && !/^utf-?8$/.test(declared)) problems.push(`declares encoding ${declared}, which cannot be decoded here; read as UTF-8`);
  // A UTF-16 declaration on bytes with no BOM and no NUL bytes is a mislabelled ASCII-compatible file.
  if (td && /^utf-16/.test(td.encoding) && !bom && !first.subarray(0, 256).includes(0)) td = undefined;
  if (!td) return new Utf8Chunks();
  const d = td;
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/**
 * Scans an RSS or Atom feed (`readers/feed-head.ts` told it by its root element): its bytes
 * decoded by its declared encoding, streamed; the raw text to the secrets detector in blocks of
 * whole lines, the items as rows and records through `readers/feed.ts`. A malformed feed's items
 * read before the damage are kept and its problems say where it broke.
 */
export async function scanFeed(col: Collector, job: ScanJob, maxBytes: number, onBytes?: (bytes: number) => void): Promise<void> {
  const p = col.part;
  const { cls } = job;
  const problems: string[] = [];
  const reader = new FeedReader({ row: (r) => col.row(r, false) });
  let decoder: { write(b: Buffer): string; end(): string } | undefined;
  let pending = '';
  let line = 1;
  const secrets = (text: string, last: boolean) => {
    pending += text;
    if (pending.length < SECRET_BLOCK && !last) return;
    const cut = last ? pending.length : pending.lastIndexOf('\n') + 1;
    if (cut <= 0) return;
    const block = pending.slice(0, cut);
    pending = pending.slice(cut);
    col.rawSecrets(block, line);
    line += countLines(block);
  };
  const feed = (text: string, last = false) => {
    if (text) {
      p.lines += countLines(text);
      reader.write(text);
    }
    secrets(text, last);
  };
  try {
    const read = byteChunks(job.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes, content: job.content }, p.status);
    for await (const chunk of onBytes ? reporting(read, p.status, onBytes) : read) {
      decoder ??= decoderFor(chunk, problems);
      feed(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    }
    feed(decoder?.end() ?? '', true);
  } catch (e) {
    p.status.truncated = true;
    p.status.truncatedBy = 'feed reading stopped';
    problems.push(`could not be read to its end: ${(e as Error).message.split('\n')[0]}`);
    feed('', true);
  }
  reader.end();
  p.status.rows = reader.rows;
  // Never called complete when part of it was read for secrets only.
  if (reader.leftOut) p.status.partsLeftOut = true;
  p.problems.push(...problems, ...reader.problems);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
