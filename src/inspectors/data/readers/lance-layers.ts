import { pbFields, pbSub, type PbField } from './protobuf.js';
import type { LanceItem } from './lance-values.js';

/**
 * What Lance 2.1's page layouts share (`encodings_v2_1.proto`): the decoded page, the names of the
 * compressive encodings and layouts, and the meaning of the `RepDefLayer`s.
 */

export interface Page21 {
  /** Repetition levels, one per level (absent: every level starts a row). */
  rep?: number[];
  /** Definition levels, one per level (absent: all valid). */
  def?: number[];
  /** The visible items' values (those whose definition level does not hide them). */
  items: LanceItem[];
  /** The page's `RepDefLayer`s, innermost first. */
  layers: number[];
}

export const NAMES: Record<number, string> = { 1: 'flat', 2: 'variable', 3: 'constant', 4: 'out-of-line bitpacking', 5: 'inline bitpacking', 6: 'FSST', 7: 'dictionary', 8: 'RLE', 9: 'byte stream split', 10: 'general compression', 11: 'fixed-size list', 12: 'packed struct', 13: 'variable packed struct' };
export const LAYOUTS: Record<number, string> = { 1: 'mini-block', 2: 'constant', 3: 'full-zip', 4: 'blob', 5: 'delta blob' };
/** Levels and items per page past this: a damaged count, not data. */
export const MAX_ITEMS = 1 << 26;

/** Whether a `RepDefLayer` is a list layer, and how many definition levels each layer adds. */
const IS_LIST = (l: number) => l === 2 || l === 4 || l === 5 || l === 6;
const DEF_LEVELS = (l: number) => (l === 3 || l === 4 || l === 5 ? 1 : l === 6 ? 2 : 0);

/** The highest definition level an item still has a value slot at (nulls of the item or of structs above it, not of lists). */
export function maxVisibleDef(layers: readonly number[]): number {
  let d = 0;
  for (const l of layers) {
    if (IS_LIST(l)) break;
    d += DEF_LEVELS(l);
  }
  return d;
}

/** How many list layers a page's layers have: a row starts where the repetition level is this. */
export function listDepth(layers: readonly number[]): number {
  return layers.filter(IS_LIST).length;
}

/** How a page's values read: the layout message's bytes, text or integers (signed). */
export type Ctx = { b: Uint8Array; text: boolean; signed: boolean };

/** The one field set of a `CompressiveEncoding`; undefined when the message is absent. */
export function compression(ctx: Ctx, parent: PbField, no: number): PbField | undefined {
  const sub = pbSub(ctx.b, parent.start, parent.end, no);
  if (!sub) return undefined;
  for (const f of pbFields(ctx.b, sub.start, sub.end)) if (f.wire === 2) return f;
  throw new Error('empty compressive encoding');
}
