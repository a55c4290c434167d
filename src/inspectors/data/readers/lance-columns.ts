import type { FileHandle } from 'node:fs/promises';
import { readRange, type LanceFile, type LancePage } from './lance-file.js';
import { dateOf, fieldKind, type LanceField } from './lance-schema.js';
import { decodePage20, type Page20 } from './lance-v20.js';
import { decodePage21, listDepth, maxVisibleDef } from './lance-v21.js';
import { UnsupportedEncoding, type LanceItem } from './lance-values.js';

/**
 * A Lance file's columns mapped to its schema's fields and decoded into per-row values of each
 * leaf field: in 2.0 every field has a column (a struct's holds no data, a list's its offsets);
 * in 2.1 only leaves do, their list and null structure in repetition/definition levels.
 */

/** A leaf field: its path (list layers as `LIST`) and its value per row (an array under a list, flattened). */
export interface LeafRows {
  path: (string | typeof LIST)[];
  name: string;
  text: boolean;
  rows: (LanceItem | LanceItem[])[];
  /** Turns a stored integer into what it stands for (a date). */
  convert?: (v: number | bigint) => unknown;
}

export const LIST: unique symbol = Symbol('list');
/** Items of one row's lists past this are not read. */
const MAX_LIST_ITEMS = 10_000;

export interface Budget {
  /** Page bytes still to read. */
  left: number;
  maxRows: number;
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

/** Decodes every leaf column of the file into per-row values (up to `budget.maxRows` rows). */
export async function leafRows(fh: FileHandle, file: LanceFile, fields: readonly LanceField[], budget: Budget): Promise<{ leaves: LeafRows[]; rows: number }> {
  const v21 = file.major >= 2;
  const { slots, columnOf } = plan(fields, v21);
  const globals: Uint8Array[] = [];
  // 2.0 list columns, decoded once each: per-row item ranges across all pages.
  const lists = new Map<number, ([number, number] | null)[]>();
  return eachLeaf(slots, budget, async (slot, text, name) => {
    const col = columnOf.get(slot.field)!;
    const signed = !slot.field.type.startsWith('uint');
    if (v21) return column21(fh, file, col, text, signed, budget);
    for (const l of slot.lists) if (!lists.has(l)) lists.set(l, await listColumn20(fh, file, l, globals, budget, name));
    const items = await items20(fh, file, col, { text, signed, arrowDict: slot.field.type.startsWith('dict:') }, globals, budget, slot.lists.length > 0);
    return rowsOf20(items, slot.lists.map((l) => lists.get(l)!), budget.maxRows + 1);
  });
}

/**
 * Reads the text and integer leaves through `read`, each capped at the row limit. A column in an
 * encoding not read, or past the byte budget, is named in the problems and the file is read in
 * part; any other error is the file's, naming the column.
 */
export async function eachLeaf(slots: readonly Slot[], budget: Budget, read: (slot: Slot, text: boolean, name: string) => Promise<(LanceItem | LanceItem[])[]>): Promise<{ leaves: LeafRows[]; rows: number }> {
  const out: LeafRows[] = [];
  let rows = 0;
  for (const slot of slots) {
    const kind = fieldKind(slot.field);
    if (kind !== 'text' && kind !== 'int' && kind !== 'date') continue;
    const text = kind === 'text';
    const name = slotName(slot);
    try {
      const r = capRows(await read(slot, text, name), budget);
      rows = Math.max(rows, r.length);
      out.push({ path: slot.path, name, text, rows: r, ...(kind === 'date' ? { convert: dateOf(slot.field.type) } : {}) });
    } catch (e) {
      if (!(e instanceof UnsupportedEncoding) && !(e instanceof BudgetSpent)) throw new Error(`column ${name}: ${(e as Error).message}`, { cause: e });
      budget.truncated = true;
      budget.problems.push(e instanceof BudgetSpent ? `column ${name} not read: ${e.message}` : `column ${name} not read: Lance encoding not supported (${e.message})`);
    }
  }
  return { leaves: out, rows };
}

export class BudgetSpent extends Error {}

/** A leaf's column name: its path's field names (`meta.source`, `tags`). */
export function slotName(slot: Slot): string {
  return slot.path.filter((s): s is string => typeof s === 'string').join('.');
}

/** A column's rows past `maxRows` (a page is decoded whole) are dropped, and the file is then read in part. */
function capRows<T>(rows: T[], budget: Budget): T[] {
  if (rows.length <= budget.maxRows) return rows;
  budget.truncated = true;
  return rows.slice(0, budget.maxRows);
}

/** A page's buffers, counted against the budget. */
async function pageBuffers(fh: FileHandle, file: LanceFile, page: LancePage, budget: Budget): Promise<Uint8Array[]> {
  const total = page.buffers.reduce((a, r) => a + r.size, 0);
  if (total > budget.left) throw new BudgetSpent(`page data over the byte budget`);
  budget.left -= total;
  budget.bytes += total;
  const out: Uint8Array[] = [];
  for (const r of page.buffers) out.push(await readRange(fh, file.size, r, 'page buffer', 1 << 30));
  return out;
}

async function column21(fh: FileHandle, file: LanceFile, col: number, text: boolean, signed: boolean, budget: Budget): Promise<(LanceItem | LanceItem[])[]> {
  const column = file.columns[col];
  if (!column) throw new Error(`column ${col} is not in the file (${file.columns.length} columns)`);
  const out: (LanceItem | LanceItem[])[] = [];
  for (const page of column.pages) {
    if (out.length >= budget.maxRows) {
      budget.truncated = true;
      break;
    }
    if (page.encoding.type !== 'lance.encodings21.PageLayout') throw new UnsupportedEncoding(page.encoding.type || 'no encoding');
    const p = decodePage21(page.encoding.bytes, page.length, await pageBuffers(fh, file, page, budget), text, signed, budget.maxRows - out.length + 1);
    const visible = maxVisibleDef(p.layers);
    if (!p.rep) {
      // No lists: a level (or, with neither levels, an item) per row.
      const n = p.def ? p.def.length : p.items.length;
      if (p.items.length !== n) throw new Error(`page of ${n} levels holds ${p.items.length} items`);
      for (let i = 0; i < n; i++) out.push(p.def && p.def[i]! > 0 ? null : p.items[i]);
      continue;
    }
    const top = listDepth(p.layers);
    let item = 0;
    let row: LanceItem[] | undefined;
    for (let i = 0; i < p.rep.length; i++) {
      if (p.rep[i]! >= top || !row) {
        row = [];
        out.push(row);
      }
      const d = p.def?.[i] ?? 0;
      if (d > visible) continue;
      if (item >= p.items.length) throw new Error(`levels point past the page's ${p.items.length} items`);
      const v = p.items[item++];
      if (row.length < MAX_LIST_ITEMS) row.push(d > 0 ? null : v);
    }
  }
  return out;
}

/** Every item of a 2.0 column (a list's child columns are item-indexed, so all their pages are read). */
async function items20(fh: FileHandle, file: LanceFile, col: number, kind: Kind20, globals: Uint8Array[], budget: Budget, nested: boolean): Promise<LanceItem[]> {
  const out: LanceItem[] = [];
  for (const p of await pages20(fh, file, col, kind, globals, budget, nested)) {
    if (p.kind !== 'items') throw new Error('list offsets where values were expected');
    for (const v of p.items) out.push(v);
  }
  return out;
}

async function listColumn20(fh: FileHandle, file: LanceFile, col: number, globals: Uint8Array[], budget: Budget, name: string): Promise<([number, number] | null)[]> {
  const out: ([number, number] | null)[] = [];
  let base = 0;
  for (const p of await pages20(fh, file, col, { text: false, signed: false, arrowDict: false }, globals, budget, true)) {
    if (p.kind !== 'list') throw new Error(`list ${name} without list offsets`);
    for (const r of p.ranges) out.push(r && [r[0] + base, r[1] + base]);
    base += p.items;
  }
  return out;
}

/** How a 2.0 column's items read: text or integers (signed), an Arrow dictionary field. */
type Kind20 = { text: boolean; signed: boolean; arrowDict: boolean };

async function pages20(fh: FileHandle, file: LanceFile, col: number, kind: Kind20, globals: Uint8Array[], budget: Budget, all: boolean): Promise<Page20[]> {
  const column = file.columns[col];
  if (!column) throw new Error(`column ${col} is not in the file (${file.columns.length} columns)`);
  if (!globals.length) for (const g of file.globals) globals.push(await readRange(fh, file.size, g, 'global buffer'));
  const colBufs: Uint8Array[] = [];
  for (const r of column.buffers) colBufs.push(await readRange(fh, file.size, r, 'column buffer'));
  const out: Page20[] = [];
  let rows = 0;
  for (const page of column.pages) {
    if (!all && rows >= budget.maxRows) {
      budget.truncated = true;
      break;
    }
    if (page.encoding.type !== 'lance.encodings.ArrayEncoding') throw new UnsupportedEncoding(page.encoding.type || 'no encoding');
    out.push(decodePage20(page.encoding.bytes, page.length, { page: await pageBuffers(fh, file, page, budget), column: colBufs, file: globals }, kind.text, kind.signed, kind.arrowDict));
    rows += page.length;
  }
  return out;
}

/** A 2.0 leaf's values per row, through the item ranges of the lists above it (outermost first). */
export function rowsOf20(items: LanceItem[], lists: ([number, number] | null)[][], maxRows: number): (LanceItem | LanceItem[])[] {
  if (!lists.length) return items.slice(0, maxRows);
  const top = lists[0]!;
  const out: LanceItem[][] = [];
  for (let r = 0; r < Math.min(top.length, maxRows); r++) {
    let idx = [r];
    for (const l of lists) {
      const next: number[] = [];
      for (const i of idx) {
        const range = l[i];
        if (!range) continue;
        for (let j = range[0]; j < range[1] && next.length < MAX_LIST_ITEMS; j++) next.push(j);
      }
      idx = next;
    }
    out.push(idx.map((i) => {
      if (i >= items.length) throw new Error(`list item ${i} past the ${items.length} items`);
      return items[i];
    }));
  }
  return out;
}
