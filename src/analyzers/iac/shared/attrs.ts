import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';

type O = { [k: string]: JsonValue };

/**
 * Reads a dotted path from normalised attributes. Terraform nested blocks arrive as lists of
 * objects and CloudFormation ones as objects, so a list met on the way is entered at its first element.
 */
export function attr(obj: JsonValue | undefined, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const p of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur) || isUnknown(cur)) return undefined;
    cur = (cur as O)[p];
  }
  return cur;
}

/** Every value at a dotted path, fanning out over lists (all filters of a guardrail, all containers). */
export function attrAll(obj: JsonValue | undefined, path: string): JsonValue[] {
  let cur: JsonValue[] = obj === undefined ? [] : [obj];
  for (const p of path.split('.')) {
    const next: JsonValue[] = [];
    for (const c of cur.flat(8) as JsonValue[]) {
      if (c && typeof c === 'object' && !Array.isArray(c) && !isUnknown(c) && (c as O)[p] !== undefined) next.push((c as O)[p]!);
    }
    cur = next;
  }
  return cur.flat(8) as JsonValue[];
}

/** A string value, or undefined for anything else (unknowns included). */
export function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Lists a value that may be one item or many. */
export function list(v: JsonValue | undefined): JsonValue[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** The referenced address of an unknown (`aws_iam_role.r`), if it is a reference. */
export function refOf(v: JsonValue | undefined): string | undefined {
  return isUnknown(v) ? v.ref : undefined;
}

/** Parses JSON text that holds a policy or definition; unknown sentinels survive inside it. */
export function parseJsonText(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t) as JsonValue;
  } catch {
    return v;
  }
}
