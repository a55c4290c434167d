import { TextArena } from './text-arena.js';
import type { PVal } from './values.js';

/**
 * What a page slot holds: a value; a bare string (half the memory of a str value, and shared
 * when the string came from the intern cache); or, for a long string, its offset in the text arena.
 */
type Entry = PVal | string | number;

type Page = (Entry | undefined)[];

/**
 * Strings longer than this are kept as bytes in the arena. Shorter ones are mostly the shared
 * strings of the intern cache (see strings.ts), which cost the memo nothing but a pointer.
 */
const ARENA_MIN = 24;

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
  /**
   * Long memoised strings (a state_dict's 200k unique tensor names) as bytes off the JS heap: as
   * strings they all outlived two scavenges each and were copied twice, most of the GC's work.
   */
  private text = new TextArena();

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
    if (key < 0 || key > MEMO_MAX_KEY) throw new RangeError(`memo key ${key} out of range`);
    const i = key >>> PAGE_BITS;
    const page = i < this.pages.length ? this.pages[i] : undefined;
    if (page === undefined) {
      this.set(key, v);
      return undefined;
    }
    const slot = key & (PAGE - 1);
    const prev = page[slot];
    page[slot] = this.entry(v);
    return this.value(prev);
  }

  set(key: number, v: PVal): void {
    if (key < 0 || key > MEMO_MAX_KEY) throw new RangeError(`memo key ${key} out of range`);
    const i = key >>> PAGE_BITS;
    while (this.pages.length <= i) this.pages.push(undefined);
    let page = this.pages[i];
    if (page === undefined) page = this.pages[i] = new Array<Entry | undefined>(PAGE).fill(undefined);
    page[key & (PAGE - 1)] = this.entry(v);
  }

  private entry(v: PVal): Entry {
    if (v.t !== 'str' || v.v === undefined) return v;
    const s = v.v;
    if (s.length <= ARENA_MIN) return s;
    return this.text.add(s) ?? s;
  }

  private value(e: Entry | undefined): PVal | undefined {
    if (e === undefined || typeof e === 'object') return e;
    const s = typeof e === 'string' ? e : this.text.read(e);
    return { t: 'str', v: s, len: s.length };
  }
}
