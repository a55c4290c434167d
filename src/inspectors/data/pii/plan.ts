import { KINDS, kindOf, MAX_LEAD, nextClasses, SHAPES, shapeKey, type StartForm } from './candidates.js';
import { recognizers, type Recognizer } from './recognizers.js';

/** One start form of one recognizer, ready for the dispatch loop. */
export interface Entry {
  /** Position of the recognizer in the plan's list. */
  owner: number;
  /** 1 for each allowed first character below 128 (undefined: any). */
  first: Uint8Array | undefined;
  minLength: number;
  maxLength: number;
  test: StartForm['test'];
}

/**
 * How one entity filter's recognizers run, computed once per filter: those with start forms are
 * dispatched from the candidates (by token shape, the forms that fit it); the rest run the classic
 * way (a literal / gate check, then their regex over the text or around an anchor).
 */
export interface Plan {
  list: readonly Recognizer[];
  /** Per position in `list`: its index in the full recognizer list (for the field-context flags). */
  index: Int32Array;
  /** Per position: the regex made sticky (dispatched recognizers). */
  sticky: (RegExp | undefined)[];
  /** Positions of the recognizers without start forms, in list order. */
  classic: number[];
  dispatched: boolean;
  entries: Entry[];
  /** By token shape (see shapeKey): the entries to try, in list order. */
  buckets: (readonly number[])[];
  /** By token shape: 1 where some entry fits (the candidate pass reports only those). */
  wanted: Uint8Array;
  /** By token kind × 128 + first character: 1 where some entry allows it. */
  firsts: Uint8Array;
  /**
   * A character class every possible match needs one of (a digit, `@`, `:`), when every
   * recognizer needs one: a cell without any (a label, a name, "n/a") is done after one test.
   */
  trigger: RegExp | undefined;
  /** The trigger class as a table of character codes (short texts are tested with a loop). */
  triggerChars: Uint8Array | undefined;
  /** The trigger, global: where it first matches, the candidates and the literals are looked for from. */
  triggerSearch: RegExp | undefined;
}

/** The characters some recognizer needs, as one class and as a table; undefined when one of them needs none. */
function triggerOf(list: readonly Recognizer[]): { trigger: RegExp; chars: Uint8Array } | undefined {
  const parts = new Set<string>();
  const chars = new Uint8Array(65536);
  for (const r of list) {
    if (r.needsDigit) {
      parts.add('\\d');
      chars.fill(1, 48, 58);
    } else if (r.needs) {
      parts.add(r.needs[0]!.replace(/[\\\]^-]/g, '\\$&'));
      chars[r.needs.charCodeAt(0)] = 1;
    } else return undefined;
  }
  return { trigger: new RegExp(`[${[...parts].join('')}]`), chars };
}

const NO_ENTRY: readonly number[] = [];

function makePlan(list: readonly Recognizer[]): Plan {
  const byShape = new Map<number, number[]>();
  const firsts = new Uint8Array(KINDS * 128);
  const entries: Entry[] = [];
  const classic: number[] = [];
  list.forEach((r, owner) => {
    if (!r.starts) {
      classic.push(owner);
      return;
    }
    // Candidates come from digits, and the classic checks (literal, gate, anchor) would be skipped.
    if (!r.needsDigit || r.needs || r.gate || r.anchor) throw new Error(`${r.entity}: start forms are for recognizers that need a digit and nothing else`);
    for (const f of r.starts) {
      const e = entries.length;
      entries.push({
        owner,
        first: f.first === undefined ? undefined : Uint8Array.from({ length: 128 }, (_, c) => (f.first!.includes(String.fromCharCode(c)) ? 1 : 0)),
        minLength: f.length?.[0] ?? 0,
        maxLength: f.length?.[1] ?? Infinity,
        test: f.test,
      });
      for (let c = 0; c < 128; c++) if (f.first === undefined || f.first.includes(String.fromCharCode(c))) firsts[kindOf(f.kind) * 128 + c] = 1;
      const [lo, hi] = f.lead ?? [0, MAX_LEAD];
      const afters = nextClasses(f.after);
      for (let lead = lo; lead <= Math.min(hi, MAX_LEAD); lead++) {
        for (const next of nextClasses(f.next)) {
          for (const after of afters) {
            const key = shapeKey(kindOf(f.kind), lead, next, after);
            const bucket = byShape.get(key);
            if (bucket) bucket.push(e);
            else byShape.set(key, [e]);
          }
        }
      }
    }
  });
  const trigger = triggerOf(list);
  const buckets = Array.from({ length: SHAPES }, (_, key) => byShape.get(key) ?? NO_ENTRY);
  return {
    list,
    index: Int32Array.from(list, (r) => recognizers.indexOf(r)),
    sticky: list.map((r) => (r.starts ? new RegExp(r.regex.source, r.regex.flags.replace('g', '') + 'y') : undefined)),
    classic,
    dispatched: classic.length < list.length,
    entries,
    buckets,
    wanted: Uint8Array.from(buckets, (b) => (b.length ? 1 : 0)),
    firsts,
    trigger: trigger?.trigger,
    triggerChars: trigger?.chars,
    triggerSearch: trigger && new RegExp(trigger.trigger.source, 'g'),
  };
}

export const fullPlan = makePlan(recognizers);
const plans = new WeakMap<ReadonlySet<string>, Plan>();
/** The plan for an entity filter, computed once per filter set (not per cell). */
export function planFor(entities: ReadonlySet<string> | undefined): Plan {
  if (!entities) return fullPlan;
  let p = plans.get(entities);
  if (!p) plans.set(entities, (p = makePlan(recognizers.filter((r) => entities.has(r.entity)))));
  return p;
}
