import type { ScanFile } from '../../core/index.js';
import type { Classified } from './classify.js';
import { feedKind } from './readers/feed-head.js';
import { byteChunks } from './readers/source.js';

/** Decompressed bytes the sniff keeps: `feedKind` reads the root element's start tag within the first 4 KiB. */
const SNIFF_BYTES = 8 * 1024;
/**
 * Compressed bytes read for the sniff at most. Output comes a whole zstd block (128 KiB) or bzip2
 * block (900 kB before its run-length coding) at a time, and a bzip2 block of text is well under
 * this compressed; a file whose first block is larger is read as the text it was classified as.
 */
const SNIFF_INPUT = 1 << 20;

/**
 * A zstd, bzip2 or xz file that `classify` marked as maybe a feed (`feedUnseen`: `feed.xml.zst`,
 * `news.rss.xz`, a corpus's `0042.bz2`), told by the root element of its first bytes, decoded by the
 * decoders that read it afterwards (readers/source.ts). Only such files pay: one decode of at most
 * SNIFF_BYTES from at most SNIFF_INPUT. A head that does not decode (corrupt, another codec) leaves
 * the file as classified: its read then says what is wrong with it.
 */
export async function classifyCompressedFeed(cls: Classified, file: Pick<ScanFile, 'absPath' | 'size' | 'bytes'>): Promise<Classified> {
  if (!cls.feedUnseen) return cls;
  // A small file from the bytes held; a large one from disk, its first MiB only (a version from
  // history that large has a path: SpillFiles wrote it to one).
  return asFeed(cls, file.absPath, file.size <= SNIFF_INPUT ? { content: await file.bytes() } : { start: 0, end: SNIFF_INPUT - 1 });
}

/**
 * The same for an archive's member (`news.zip!/feed.xml.zst`, a tar's `feeds/0042.rss.bz2`), whose
 * bytes are in hand (at most the archive's member bound): its first MiB is decoded from them.
 */
export async function classifyCompressedFeedMember(cls: Classified, bytes: Uint8Array): Promise<Classified> {
  if (!cls.feedUnseen) return cls;
  return asFeed(cls, '', { content: bytes.subarray(0, SNIFF_INPUT) });
}

/** `cls` as a feed when the head its compressed bytes decode to is one, else as it is. */
async function asFeed(cls: Classified, absPath: string, input: { content: Uint8Array } | { start: number; end: number }): Promise<Classified> {
  const status = { bytes: 0, truncated: false };
  const parts: Uint8Array[] = [];
  try {
    for await (const c of byteChunks(absPath, { gzip: true, codec: cls.codec, maxBytes: SNIFF_BYTES, ...input }, status)) parts.push(c);
  } catch {
    // What decoded before the damage (or before the input read ran out) is still a head.
  }
  const head = Buffer.concat(parts);
  if (!feedKind(head)) return cls;
  return cls.codec ? { class: 'data', format: 'feed', gzip: cls.gzip, codec: cls.codec, innerExt: cls.innerExt } : { class: 'data', format: 'feed', gzip: cls.gzip, innerExt: cls.innerExt };
}
