import type { SqlitePages } from './sqlite-pages.js';

/**
 * What a SQLite file still holds of deleted rows. Unless `secure_delete` is on, SQLite does not
 * overwrite a deleted row: its bytes stay in the free blocks of its page, or on a page put on the
 * freelist, until the space is reused or the file vacuumed. A document deleted from a RAG store
 * (a data-subject erasure request, a leaked key removed) is then still in the file, and still read
 * by anyone who copies it. The text is taken from those bytes as runs of printable UTF-8 (record
 * headers and numbers between them are binary), each a cell that says where it was found.
 */

/** Shortest run of text kept (shorter ones are mostly stray bytes of headers and numbers). */
const MIN_RUN = 16;
/** Freelist pages read at most (a large deleted table is read in part, and says so). */
export const MAX_FREE_PAGES = 65_536;

/** Runs of printable text in `b[from, to)`: ASCII letters, digits, punctuation, spaces and valid UTF-8. */
export function textRuns(b: Uint8Array, from: number, to: number): string[] {
  const out: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = -1;
  const end = (i: number) => {
    if (start >= 0 && i - start >= MIN_RUN) {
      const t = decoder.decode(b.subarray(start, i)).replace(/\uFFFD/g, '').trim();
      if (t.length >= MIN_RUN && /[A-Za-z]{2}/.test(t)) out.push(t);
    }
    start = -1;
  };
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    const printable = (c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13 || c >= 0x80;
    if (!printable) end(i);
    else if (start < 0) start = i;
  }
  end(to);
  return out;
}

/**
 * The text in a leaf page's free space, where deleted cells of a page still in use lie: the
 * unallocated gap between the cell pointers and the cell content, and the free blocks (a chain
 * from the page header: 2-byte next offset, 2-byte size). A chain that loops, goes backwards or
 * leaves the page ends the walk.
 */
export function freeSpaceText(page: Uint8Array, base: number, usable: number, cells: number): string[] {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const gapStart = base + 8 + cells * 2;
  const gapEnd = view.getUint16(base + 5) || 65536;
  const out = gapStart < gapEnd && gapEnd <= usable ? textRuns(page, gapStart, gapEnd) : [];
  let off = view.getUint16(base + 1);
  let last = 0;
  while (off !== 0 && off > last && off + 4 <= usable) {
    const size = view.getUint16(off + 2);
    if (size < 4 || off + size > usable) break;
    out.push(...textRuns(page, off + 4, off + size));
    last = off;
    off = view.getUint16(off);
  }
  return out;
}

/** The freelist's pages (trunks and leaves), from the header's first trunk, at most MAX_FREE_PAGES. */
export async function freelistPages(pages: SqlitePages, header: Uint8Array, visited: Uint8Array): Promise<{ pages: number[]; complete: boolean }> {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const out: number[] = [];
  let trunk = view.getUint32(32);
  const seen = new Set<number>();
  while (trunk !== 0 && out.length < MAX_FREE_PAGES) {
    if (seen.has(trunk) || trunk > pages.pageCount || (trunk < visited.length && visited[trunk] === 1)) break;
    seen.add(trunk);
    const page = await pages.page(trunk);
    out.push(trunk);
    const leaves = page.readUInt32BE(4);
    for (let k = 0; k < leaves && 8 + k * 4 + 4 <= pages.usable && out.length < MAX_FREE_PAGES; k++) {
      const leaf = page.readUInt32BE(8 + k * 4);
      if (leaf >= 1 && leaf <= pages.pageCount && !seen.has(leaf)) {
        seen.add(leaf);
        out.push(leaf);
      }
    }
    trunk = page.readUInt32BE(0);
  }
  return { pages: out, complete: trunk === 0 };
}
