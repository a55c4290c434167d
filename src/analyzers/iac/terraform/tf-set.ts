import type { JsonValue } from '../../../core/asset.js';

// Terraform sets are plain JSON arrays here; which arrays are sets is remembered by identity, so a
// dynamic block over one keys its blocks by element (key == value), as Terraform does.
const SETS = new WeakSet<JsonValue[]>();

/** A Terraform set of these elements (toset(), a set-typed variable): deduplicated, strings in lexical order. */
export function tfSet(v: JsonValue[]): JsonValue[] {
  const out = [...new Map(v.map((x) => [JSON.stringify(x), x])).values()];
  if (out.every((x) => typeof x === 'string')) out.sort();
  SETS.add(out);
  return out;
}

/** True for an array that is a Terraform set (see {@link tfSet}). */
export function isTfSet(v: JsonValue | undefined): boolean {
  return Array.isArray(v) && SETS.has(v);
}
