import type { PVal } from './values.js';

/** A memo entry: a value, or a bare string (half the memory of a str value for vocabularies). */
export type MemoEntry = PVal | string;

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
/** Largest key the memo stores (the VM refuses larger ones before calling `set`). */
export const MEMO_MAX_KEY = 0x7fffffff;

/**
 * The pickle memo (int key → value) in fixed pages of 4096 slots. One flat array was copied
 * whole each time it outgrew its capacity (a 2.4M-entry memo is a 19 MB array, re-allocated and
 * copied a dozen times on the way); pages never move. Keys are dense in real pickles, and `put`
 * bounds how far ahead a key may jump, so pages stay few even for hostile streams.
 */
export class Memo {
  private pages: (MemoEntry | undefined)[][] = [];

  get(key: number): MemoEntry | undefined {
    // The range test also keeps `>>>` from wrapping a huge key onto a small one.
    if (key > MEMO_MAX_KEY) return undefined;
    const page = this.pages[key >>> PAGE_BITS];
    return page === undefined ? undefined : page[key & (PAGE - 1)];
  }

  set(key: number, v: MemoEntry): void {
    if (key > MEMO_MAX_KEY) throw new RangeError(`memo key ${key} out of range`);
    const at = key >>> PAGE_BITS;
    // Filled so the outer array stays packed (a hole-y write far ahead would make it a dictionary).
    while (this.pages.length <= at) this.pages.push(EMPTY);
    let page = this.pages[at]!;
    if (page === EMPTY) page = this.pages[at] = new Array<MemoEntry | undefined>(PAGE).fill(undefined);
    page[key & (PAGE - 1)] = v;
  }
}

/** Placeholder for pages never written (shared, never written itself). */
const EMPTY: (MemoEntry | undefined)[] = [];
