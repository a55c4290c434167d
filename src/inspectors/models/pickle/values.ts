import type { GlobalLevel } from './policy.js';

/**
 * The symbolic values the pickle machine keeps on its stack and memo. Only what a verdict needs is
 * kept: short strings (for STACK_GLOBAL names), globals, small tuples and dicts (for joblib array
 * headers), call results. Long payloads are a length, never bytes.
 */
export type PVal =
  | { t: 'str'; v: string | undefined; len: number }
  | { t: 'bytes'; v: Uint8Array | undefined; len: number; at: number }
  | { t: 'int'; v: number; big?: bigint }
  | { t: 'num' }
  | { t: 'none' }
  | { t: 'bool' }
  | { t: 'tuple'; items: PVal[] | undefined; len: number }
  | { t: 'list'; len: number }
  | { t: 'dict'; entries: [PVal, PVal][] | undefined }
  | { t: 'set' }
  /**
   * `loader`: the name reads like a nested unpickler (`loads`, `Unpickler`, …). `keeps`: what of
   * a call a later step reads (its arguments, its BUILD state, or nothing but its class). Both
   * decided once per distinct global. `result`: the shared value its calls return when they keep nothing.
   */
  | { t: 'global'; module: string; name: string; at: number; level: GlobalLevel; resolved: string; loader: boolean; keeps: CallKeeps; result: PVal | undefined }
  /** `at`: the first call that made it (results without kept arguments are shared per callee). */
  | { t: 'obj'; cls: PVal; args: PVal | undefined; at: number; state?: PVal }
  /**
   * A persistent id's result. Only the loader's `persistent_load` can resolve the id, and nothing
   * here reads it, so every one is the same value (a state_dict has one per tensor).
   */
  | { t: 'persid' }
  | { t: 'other'; what: string };

/** What a later step reads of a call's result: see the global value's `keeps`. */
export type CallKeeps = 'nothing' | 'args' | 'state';

export const NUM: PVal = { t: 'num' };
export const NONE: PVal = { t: 'none' };
export const BOOL: PVal = { t: 'bool' };
export const SET: PVal = { t: 'set' };
export const EMPTY_TUPLE: PVal = { t: 'tuple', items: [], len: 0 };
export const PERSID: PVal = { t: 'persid' };

/** Pre-sized and filled: writing random indices into an empty array would turn it into a slow dictionary. */
const INTS: (PVal | undefined)[] = new Array<PVal | undefined>(65536).fill(undefined);
/** Shared values for ints 0–65535: the commonest opcodes allocate nothing. */
export function smallInt(v: number): PVal {
  return (INTS[v] ??= { t: 'int', v });
}

/** A BININT value: shared when small. */
export function int32(v: number): PVal {
  return v >= 0 && v < 65536 ? smallInt(v) : { t: 'int', v };
}

/** Keep tuple members and dict entries only while small; big containers are counted. */
export const KEEP_ITEMS = 32;
/** Strings and bytes longer than this are skipped in the stream, not decoded. */
export const KEEP_STRING = 64 * 1024;

export function tuple(items: PVal[]): PVal {
  return { t: 'tuple', items: items.length <= KEEP_ITEMS ? items : undefined, len: items.length };
}

export function strValue(v: PVal | undefined): string | undefined {
  return v && v.t === 'str' ? v.v : undefined;
}

export function intValue(v: PVal | undefined): number | undefined {
  return v && v.t === 'int' ? v.v : undefined;
}

/** Looks up a string key in a kept dict. */
export function dictGet(d: PVal | undefined, key: string): PVal | undefined {
  if (!d || d.t !== 'dict' || !d.entries) return undefined;
  for (const [k, v] of d.entries) if (k.t === 'str' && k.v === key) return v;
  return undefined;
}

/** `module.name` of a global value, the class of an object, or undefined. */
export function globalName(v: PVal | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'global') return v.resolved;
  return undefined;
}

/** Short human preview of a call argument, for evidence (commands are shown truncated). */
export function preview(v: PVal | undefined, max = 80): string | undefined {
  if (!v) return undefined;
  if (v.t === 'str' && v.v !== undefined) return v.v.length > max ? `${v.v.slice(0, max)}…` : v.v;
  if (v.t === 'tuple' && v.items) {
    for (const i of v.items) {
      const p = preview(i, max);
      if (p !== undefined) return p;
    }
  }
  if (v.t === 'global') return v.resolved;
  return undefined;
}
