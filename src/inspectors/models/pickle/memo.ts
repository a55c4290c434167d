import type { PVal } from './values.js';

/** A memo entry: a value, or a bare string (half the memory of a str value for vocabularies). */
export type MemoEntry = PVal | string;

type Page = (MemoEntry | undefined)[];

/**
 * 16384 slots (128 KiB): just past V8's largest regular object, so a page is born in the large
 * object space and is promoted without being copied; a dense 2.4M-entry memo spent ~40 ms less
 * in scavenges than with 4096-slot pages.
 */
const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
/** Largest key the memo stores (the VM refuses larger ones before calling `set`). */
export const MEMO_MAX_KEY = 0x7fffffff;

/**
 * The pickle memo (int key → value) in fixed pages. One flat array was copied
 * whole each time it outgrew its capacity (a 2.4M-entry memo is a 19 MB array, re-allocated and
 * copied a dozen times on the way); pages never move. Keys are dense in real pickles, and `put`
 * bounds how far ahead a key may jump, so pages stay few even for hostile streams.
 */
export class Memo {
  /** Missing pages are `undefined` (filled, so the array stays packed); every page has one shape. */
  private pages: (Page | undefined)[] = [];

  get(key: number): MemoEntry | undefined {
    // The range test also keeps `>>>` from wrapping a huge key onto a small one; the length
    // test keeps the read in bounds (an out-of-bounds read deoptimises the caller in V8).
    if (key > MEMO_MAX_KEY) return undefined;
    const i = key >>> PAGE_BITS;
    if (i >= this.pages.length) return undefined;
    const page = this.pages[i];
    return page === undefined ? undefined : page[key & (PAGE - 1)];
  }

  set(key: number, v: MemoEntry): void {
    if (key > MEMO_MAX_KEY) throw new RangeError(`memo key ${key} out of range`);
    const i = key >>> PAGE_BITS;
    while (this.pages.length <= i) this.pages.push(undefined);
    let page = this.pages[i];
    if (page === undefined) page = this.pages[i] = new Array<MemoEntry | undefined>(PAGE).fill(undefined);
    page[key & (PAGE - 1)] = v;
  }
}
