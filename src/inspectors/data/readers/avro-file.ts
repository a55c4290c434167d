import { stat } from 'node:fs/promises';
import { readAvro, type AvroBounds } from './avro.js';
import { byteChunks } from './source.js';
import type { DataRow, ReadStatus, StreamCodec } from './types.js';

/** What an Avro scan job reads: a file (or its bytes in hand), compressed or not, whole or a run of its blocks. */
export interface AvroSource {
  absPath: string;
  /** `.avro.gz` / `.avro.zst` / `.avro.bz2`: the whole container file compressed. */
  gzip: boolean;
  codec?: StreamCodec;
  content?: Uint8Array;
  /** A run of whole blocks of a large uncompressed file (`avroBlockRanges`). */
  range?: { start: number; end: number };
  /** The byte budget (maxDataBytes), decompressed bytes for a compressed file. */
  maxBytes: number;
}

/**
 * The records of an Avro scan job as rows. Claimed sizes are checked against the file's size when
 * the stream is the file's own bytes; a compressed file's size says nothing of what it inflates
 * to, so there the byte budget alone bounds them (and `byteChunks` stops the stream at it: a
 * decompression bomb ends as cut short). A run of blocks reads the header from the file's start.
 * Blocks left out (see `readAvro`) are named in `skipped`.
 */
export async function* readAvroSource(src: AvroSource, status: ReadStatus, maxRows: number, skipped: string[] = []): AsyncGenerator<DataRow> {
  const { absPath, maxBytes, range } = src;
  if (src.gzip) {
    // Streamed from the file, or from the bytes in hand for an archive's member, cut at the budget.
    yield* readAvro(byteChunks(absPath, { gzip: true, codec: src.codec, maxBytes, content: src.content }, status), status, maxRows, { budget: maxBytes }, skipped);
    return;
  }
  if (!range) {
    const end = src.content?.length ?? (await stat(absPath)).size;
    yield* readAvro(byteChunks(absPath, { gzip: false, maxBytes, content: src.content }, status), status, maxRows, { end, budget: maxBytes }, skipped);
    return;
  }
  const chunks = byteChunks(absPath, { gzip: false, maxBytes, start: range.start, end: range.end }, status);
  const bounds: AvroBounds = { end: range.end + 1, budget: maxBytes };
  // The first run holds the header; a later one starts at a block and reads the header apart.
  if (range.start > 0) bounds.from = { offset: range.start, header: (s) => byteChunks(absPath, { gzip: false, maxBytes }, s) };
  yield* readAvro(chunks, status, maxRows, bounds, skipped);
}
