/**
 * Whether a file's first bytes are an RSS or Atom feed, by its root element — whatever the file is
 * named (`feed.xml`, `index.rss`, `atom`, a crawl's `0042`): RSS 0.9x/2.0 (`<rss`), Atom 1.0 and
 * 0.3 (`<feed` in the Atom namespace) and RSS 1.0 (`<rdf:RDF` around the RSS 1.0 namespace). Read as
 * plain text a feed's items are title, link and escaped HTML, and the poisoning analysis compared
 * URLs and tags; read as a feed they are what a feed loader gives a model (`readers/feed.ts`).
 */

export type FeedKind = 'rss' | 'atom' | 'rdf';

/** Bytes in which the root element must start (after the XML declaration, comments, a DOCTYPE). */
const ROOT_WITHIN = 1024;
/** Bytes of the head the root's start tag (its namespace declarations) is read from. */
const TAG_WITHIN = 4096;

const ATOM_NS = /^(?:http:\/\/www\.w3\.org\/2005\/Atom|http:\/\/purl\.org\/atom\/ns#)$/;
/** RSS 1.0's namespace (and RSS 0.90's, its predecessor in RDF: Netscape's). */
const RSS_RDF_NS = /^(?:http:\/\/purl\.org\/rss\/1\.0\/?|http:\/\/my\.netscape\.com\/rdf\/simple\/0\.9\/)$/;

/** The head as text: UTF-16 by its byte-order mark, else one char per byte (the markup is ASCII in every encoding a feed declares). */
function headText(head: Uint8Array): string {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head.subarray(2, TAG_WITHIN));
  }
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return Buffer.from(head.buffer, head.byteOffset + start, Math.min(head.byteLength - start, TAG_WITHIN)).toString('latin1');
}

/** Where the root element's start tag begins: past white space, `<?…?>`, `<!--…-->` and `<!DOCTYPE …>` (its internal subset too); -1 when none starts in the head. */
function rootStart(text: string): number {
  let i = 0;
  while (i < ROOT_WITHIN) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (text[i] !== '<') return -1;
    let end: number;
    if (text.startsWith('<?', i)) end = text.indexOf('?>', i + 2) + 2;
    else if (text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4) + 3;
    else if (text.startsWith('<!', i)) {
      const subset = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      end = subset >= 0 && subset < close ? text.indexOf(']', subset) : close;
      end = end < 0 ? -1 : text.indexOf('>', end) + 1;
    } else return i;
    if (end <= 0) return -1;
    i = end;
  }
  return -1;
}

/**
 * The kind of feed whose opening `head` is, or undefined. Costs a look at the first bytes only:
 * a file that does not open with markup is left at its first character.
 */
export function feedKind(head: Uint8Array): FeedKind | undefined {
  // A cheap test before any decoding: markup opens the file (after a BOM or white space).
  let k = 0;
  while (k < head.length && k < 64 && (head[k] === 0x20 || head[k] === 0x0a || head[k] === 0x0d || head[k] === 0x09 || head[k] === 0xef || head[k] === 0xbb || head[k] === 0xbf || head[k] === 0xff || head[k] === 0xfe || head[k] === 0)) k++;
  if (head[k] !== 0x3c) return undefined;
  const text = headText(head);
  const at = rootStart(text);
  if (at < 0) return undefined;
  const m = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)[\s>/]/.exec(text.slice(at, at + 64));
  if (!m) return undefined;
  const [, prefix, local] = m;
  if (!prefix && local === 'rss') return 'rss';
  if (local !== 'feed' && !(prefix === 'rdf' && local === 'RDF')) return undefined;
  const close = text.indexOf('>', at);
  const tag = text.slice(at, close < 0 ? undefined : close);
  const ns = (p: string | undefined) => new RegExp(`\\sxmlns${p ? `:${p}` : ''}\\s*=\\s*(["'])([^"']*)\\1`).exec(tag)?.[2];
  if (local === 'feed') return ATOM_NS.test(ns(prefix) ?? '') ? 'atom' : undefined;
  return RSS_RDF_NS.test(ns(undefined) ?? '') ? 'rdf' : undefined;
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="Big5"?>`), lower-cased; undefined without one. */
export function declaredEncoding(head: Uint8Array): string | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 256)).toString('latin1');
  return /^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(text)?.[1]?.toLowerCase();
}
