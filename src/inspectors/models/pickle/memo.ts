import type { PVal } from './values.js';

/**
 * What a page slot holds: a value, or a bare string (half the memory of a str value for
 * vocabularies, and shared when the string came from the intern cache).
 */
type Entry = PVal | string;

type Page = (Entry | undefined)[];

/**
 * 16384 slots (128 KiB): just past V8's largest regular object, so a page is born in the large
 * object space and is promoted without being copied; a dense 2.4M-entry memo spent ~40 ms less
 * in scavenges than with 4096-slot pages.
 */
const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
/**
 * What a new page is copied from: `slice()` is a block copy where `fill()` was a slow loop (a
 * 200k-tensor state_dict makes 25 pages). Filled, so every page has the same elements kind (and
 * map) from birth and code reading them sees one shape.
 */
const EMPTY_PAGE: Page = new Array<Entry | undefined>(PAGE).fill(undefined);

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

  /** The value at `key`, or undefined if the slot was never written. */
  get(key: number): PVal | undefined {
    // The range test also keeps `>>>` from wrapping a huge or negative key onto a small one; the
    // length test keeps the read in bounds (an out-of-bounds read deoptimises the caller in V8).
    if (key < 0 || key > MEMO_MAX_KEY) return undefined;
    const i = key >>> PAGE_BITS;
    if (i >= this.pages.length) return undefined;
    const page = this.pages[i];
    return page === undefined ? undefined : this.value(page[key & (PAGE - 1)]);
  }

  /** Stores `v` at `key`; returns what the slot held before (one page lookup for both). */
  swap(key: number, v: PVal): PVal | undefined {
    return this.store(key, v.t === 'str' && v.v !== undefined ? v.v : v);
  }

  set(key: number, v: PVal): void {
    this.store(key, v.t === 'str' && v.v !== undefined ? v.v : v);
  }

  private store(key: number, e: Entry): PVal | undefined {
    if (key < 0 || key > MEMO_MAX_KEY) throw new RangeError(`memo key ${key} out of range`);
    const i = key >>> PAGE_BITS;
    const page = i < this.pages.length ? this.pages[i] : undefined;
    if (page === undefined) {
      this.newPage(i)[key & (PAGE - 1)] = e;
      return undefined;
    }
    const slot = key & (PAGE - 1);
    const prev = page[slot];
    page[slot] = e;
    return this.value(prev);
  }

  private newPage(i: number): Page {
    while (this.pages.length <= i) this.pages.push(undefined);
    return (this.pages[i] = EMPTY_PAGE.slice());
  }

  private value(e: Entry | undefined): PVal | undefined {
    if (e === undefined || typeof e === 'object') return e;
    return { t: 'str', v: e, len: e.length };
  }
}
