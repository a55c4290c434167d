import type { FileHandle } from 'node:fs/promises';
import { readRange, type LanceFile, type LancePage } from './lance-file.js';
import { dateOf, fieldKind, type LanceField } from './lance-schema.js';
import { pageWindows20, type Page20 } from './lance-v20.js';
import { listDepth, maxVisibleDef, pageWindows21 } from './lance-v21.js';
import { UnsupportedEncoding, type LanceItem } from './lance-values.js';

/**
 * A Lance file's columns mapped to its schema's fields, each leaf read as a stream of row batches
 * (a window of a page: a mini-block chunk, a few thousand values; or a legacy batch), so a file is
 * read in the memory of a page's raw buffers and a window of decoded values per column, however
 * many rows a page holds: in 2.0 every field has a column (a struct's holds no data, a list's its offsets, its
 * item field's pages counted in items); in 2.1 only leaves do, their list and null structure in
 * repetition/definition levels.
 */

/** One row's value of a leaf: an array under a list (flattened), else the value. */
export type LeafValue = LanceItem | LanceItem[];

/** A leaf field: its path (list layers as `LIST`), and its rows a batch at a time (undefined when it has no more). */
export interface Leaf {
  path: (string | typeof LIST)[];
  name: string;
  text: boolean;
  next: () => Promise<LeafValue[] | undefined>;
  /** Turns a stored integer into what it stands for (a date). */
  convert?: (v: number | bigint) => unknown;
}

export const LIST: unique symbol = Symbol('list');
/** Items of one row's lists past this are not read. */
const MAX_LIST_ITEMS = 10_000;

export interface Budget {
  /** Page bytes still to read. */
  left: number;
  /** Why reading stopped short, or a column left unread: said in the file's issues. */
  problems: string[];
  truncated: boolean;
  bytes: number;
}

/** A leaf field: where it sits, the (2.0) columns of the lists above it, and those list fields. */
export type Slot = { field: LanceField; path: (string | typeof LIST)[]; lists: number[]; listFields: LanceField[] };

/** The leaves of a schema with the column each reads, in the file's column order. */
export function plan(fields: readonly LanceField[], v21: boolean): { slots: Slot[]; columnOf: Map<LanceField, number> } {
  const slots: Slot[] = [];
  const columnOf = new Map<LanceField, number>();
  let next = 0;
  // A list's item field is not named in paths (`tags[0]`, not `tags[0].item`).
  const walk = (f: LanceField, path: (string | typeof LIST)[], lists: number[], listFields: LanceField[], item = false) => {
    const kind = fieldKind(f);
    const p = item ? path : [...path, f.name];
    if (kind === 'struct' || kind === 'list') {
      if (!v21) columnOf.set(f, next++);
      const inner: (string | typeof LIST)[] = kind === 'list' ? [...p, LIST] : p;
      const innerLists = kind === 'list' ? [...lists, columnOf.get(f) ?? -1] : lists;
      for (const c of f.children) walk(c, inner, innerLists, kind === 'list' ? [...listFields, f] : listFields, kind === 'list');
      return;
    }
    columnOf.set(f, next++);
    slots.push({ field: f, path: p, lists, listFields });
  };
  for (const f of fields) walk(f, [], [], []);
  return { slots, columnOf };
}

/** The leaves of a v2 file, each read page by page. */
export function fileLeaves(fh: FileHandle, file: LanceFile, fields: readonly LanceField[], budget: Budget): Leaf[] {
  const v21 = file.major >= 2;
  const { slots, columnOf } = plan(fields, v21);
  const globals: Uint8Array[] = [];
  return leavesOf(slots, (slot, text) => {
    const col = columnOf.get(slot.field)!;
    const signed = !slot.field.type.startsWith('uint');
    if (v21) return rows21(fh, file, col, text, signed, budget);
    const kind = { text, signed, arrowDict: slot.field.type.startsWith('dict:') };
    const items = itemPages20(fh, file, col, kind, globals, budget);
    if (!slot.lists.length) return items;
    const [outer, ...inner] = slot.lists.map((l) => listPages20(fh, file, l, globals, budget));
    return nestedRows(outer!, inner.map((p) => new Forward(p)), new Forward(items));
  });
}

/** The text, integer and date leaves of a plan, each reading its row batches from `rows(slot, text)`. */
export function leavesOf(slots: readonly Slot[], rows: (slot: Slot, text: boolean) => AsyncGenerator<LeafValue[]>): Leaf[] {
  const out: Leaf[] = [];
  for (const slot of slots) {
    const kind = fieldKind(slot.field);
    if (kind !== 'text' && kind !== 'int' && kind !== 'date') continue;
    const text = kind === 'text';
    const it = rows(slot, text);
    out.push({ path: slot.path, name: slotName(slot), text, next: async () => (await it.next()).value ?? undefined, ...(kind === 'date' ? { convert: dateOf(slot.field.type) } : {}) });
  }
  return out;
}

/**
 * A leaf's next batch: an encoding not read, or the byte budget spent, ends the leaf with its
 * problem said and the file read in part; any other error is the file's, naming the column. A
 * column in an encoding not read is left out and the other columns are read to the end; the budget
 * spent stops the reading (`truncated`).
 */
export async function nextBatch(leaf: Leaf, budget: Budget): Promise<LeafValue[] | undefined> {
  try {
    return await leaf.next();
  } catch (e) {
    if (!(e instanceof UnsupportedEncoding) && !(e instanceof BudgetSpent)) throw new Error(`column ${leaf.name}: ${(e as Error).message}`, { cause: e });
    if (e instanceof BudgetSpent) budget.truncated = true;
    budget.problems.push(e instanceof BudgetSpent ? `column ${leaf.name} not read past here: ${e.message}` : `column ${leaf.name} not read: Lance encoding not supported (${e.message})`);
    return undefined;
  }
}

export class BudgetSpent extends Error {}

/** A leaf's column name: its path's field names (`meta.source`, `tags`). */
export function slotName(slot: Slot): string {
  return slot.path.filter((s): s is string => typeof s === 'string').join('.');
}

/** Counts `bytes` against the budget, or throws when it is spent. */
export function spend(budget: Budget, bytes: number): void {
  if (bytes > budget.left) throw new BudgetSpent('page data over the byte budget');
  budget.left -= bytes;
  budget.bytes += bytes;
}

/** A page's buffers, counted against the budget. */
async function pageBuffers(fh: FileHandle, file: LanceFile, page: LancePage, budget: Budget): Promise<Uint8Array[]> {
  spend(budget, page.buffers.reduce((a, r) => a + r.size, 0));
  const out: Uint8Array[] = [];
  for (const r of page.buffers) out.push(await readRange(fh, file.size, r, 'page buffer', 1 << 30));
  return out;
}

/**
 * A 2.1 leaf's rows, a window of a page at a time (a mini-block chunk, a few thousand full-zip
 * items): its levels split into rows where the repetition level is the top one. A page's buffers
 * are held while it is read, never all its decoded values.
 */
async function* rows21(fh: FileHandle, file: LanceFile, col: number, text: boolean, signed: boolean, budget: Budget): AsyncGenerator<LeafValue[]> {
  const column = file.columns[col];
  if (!column) throw new Error(`column ${col} is not in the file (${file.columns.length} columns)`);
  // A row may continue on the next window or page: it is held until one starts another.
  let open: LanceItem[] | undefined;
  for (const page of column.pages) {
    if (page.encoding.type !== 'lance.encodings21.PageLayout') throw new UnsupportedEncoding(page.encoding.type || 'no encoding');
    for (const p of pageWindows21(page.encoding.bytes, page.length, await pageBuffers(fh, file, page, budget), text, signed)) {
      const visible = maxVisibleDef(p.layers);
      const out: LeafValue[] = [];
      if (!p.rep) {
        // No lists: a level (or, with neither levels, an item) per row.
        const n = p.def ? p.def.length : p.items.length;
        if (p.items.length !== n) throw new Error(`page of ${n} levels holds ${p.items.length} items`);
        for (let i = 0; i < n; i++) out.push(p.def && p.def[i]! > 0 ? null : p.items[i]);
        if (out.length) yield out;
        continue;
      }
      const top = listDepth(p.layers);
      let item = 0;
      for (let i = 0; i < p.rep.length; i++) {
        if (p.rep[i]! >= top || !open) {
          if (open) out.push(open);
          open = [];
        }
        const d = p.def?.[i] ?? 0;
        if (d > visible) continue;
        if (item >= p.items.length) throw new Error(`levels point past the page's ${p.items.length} items`);
        const v = p.items[item++];
        if (open.length < MAX_LIST_ITEMS) open.push(d > 0 ? null : v);
      }
      if (out.length) yield out;
    }
  }
  if (open) yield [open];
}

/** How a 2.0 column's items read: text or integers (signed), an Arrow dictionary field. */
type Kind20 = { text: boolean; signed: boolean; arrowDict: boolean };

/** A 2.0 column's pages, decoded one at a time, a window of items at a time (a list page's ranges whole). */
async function* pages20(fh: FileHandle, file: LanceFile, col: number, kind: Kind20, globals: Uint8Array[], budget: Budget): AsyncGenerator<Page20> {
  const column = file.columns[col];
  if (!column) throw new Error(`column ${col} is not in the file (${file.columns.length} columns)`);
  if (!globals.length) for (const g of file.globals) globals.push(await readRange(fh, file.size, g, 'global buffer'));
  const colBufs: Uint8Array[] = [];
  for (const r of column.buffers) colBufs.push(await readRange(fh, file.size, r, 'column buffer'));
  for (const page of column.pages) {
    if (page.encoding.type !== 'lance.encodings.ArrayEncoding') throw new UnsupportedEncoding(page.encoding.type || 'no encoding');
    yield* pageWindows20(page.encoding.bytes, page.length, { page: await pageBuffers(fh, file, page, budget), column: colBufs, file: globals }, kind.text, kind.signed, kind.arrowDict);
  }
}

/** A 2.0 column's items, a window of a page at a time. */
async function* itemPages20(fh: FileHandle, file: LanceFile, col: number, kind: Kind20, globals: Uint8Array[], budget: Budget): AsyncGenerator<LanceItem[]> {
  for await (const p of pages20(fh, file, col, kind, globals, budget)) {
    if (p.kind !== 'items') throw new Error('list offsets where values were expected');
    yield p.items;
  }
}

/** A 2.0 list column's per-row item ranges, a page at a time, in items counted from the column's start. */
async function* listPages20(fh: FileHandle, file: LanceFile, col: number, globals: Uint8Array[], budget: Budget): AsyncGenerator<([number, number] | null)[]> {
  let base = 0;
  for await (const p of pages20(fh, file, col, { text: false, signed: false, arrowDict: false }, globals, budget)) {
    if (p.kind !== 'list') throw new Error('a list without list offsets');
    yield p.ranges.map((r) => r && [r[0] + base, r[1] + base]);
    base += p.items;
  }
}

/** An item-indexed column read forward: `get(i)` for non-decreasing `i`, its batches decoded as reached and dropped once passed. */
export class Forward<T> {
  private buf: T[] = [];
  private start = 0;
  constructor(private readonly batches: AsyncIterator<T[]>) {}

  async get(i: number): Promise<T> {
    if (i < this.start) throw new Error(`item ${i} read after item ${this.start}`);
    while (i >= this.start + this.buf.length) {
      const n = await this.batches.next();
      if (n.done) throw new Error(`list item ${i} past the ${this.start + this.buf.length} items`);
      this.start += this.buf.length;
      this.buf = n.value;
    }
    return this.buf[i - this.start]!;
  }
}

/** A leaf's rows under lists: the outermost list's ranges per row, through the inner lists' ranges, to the leaf's items. */
export async function* nestedRows(outer: AsyncIterator<([number, number] | null)[]>, inner: Forward<[number, number] | null>[], items: Forward<LanceItem>): AsyncGenerator<LeafValue[]> {
  for (let page = await outer.next(); !page.done; page = await outer.next()) {
    const out: LanceItem[][] = [];
    for (const range of page.value) {
      let idx: number[] = [];
      if (range) for (let j = range[0]; j < range[1] && idx.length < MAX_LIST_ITEMS; j++) idx.push(j);
      for (const l of inner) {
        const next: number[] = [];
        for (const i of idx) {
          const r = await l.get(i);
          if (r) for (let j = r[0]; j < r[1] && next.length < MAX_LIST_ITEMS; j++) next.push(j);
        }
        idx = next;
      }
      const row: LanceItem[] = [];
      for (const i of idx) row.push(await items.get(i));
      out.push(row);
    }
    yield out;
  }
}
