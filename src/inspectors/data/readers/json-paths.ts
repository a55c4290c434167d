/** Keys whose (short) value is a training label, for duplicate-with-conflicting-label checks. */
export const LABEL_KEYS = /^(?:label|labels|class|category|target|sentiment|intent|tag|y|verdict|rating|classification)$/i;

/**
 * Whether a value is prose a model would learn from, for the record text: it has two letters in a
 * row somewhere. A long number (`1.510000000000000000e+02`, numpy's `savetxt`) or a vector of them
 * is not, and a target column of such numbers made 227 "duplicate records" of sklearn's diabetes set.
 */
export function hasWord(t: string): boolean {
  let run = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || c >= 0xc0) {
      if (++run === 2) return true;
    } else run = 0;
  }
  return false;
}

/**
 * Maximum leaves taken from one record, and nesting followed: a hostile document cannot blow up
 * the cell list. A record past either is scanned as its raw text instead (see `tooWide`).
 */
export const MAX_LEAVES = 10_000;
export const MAX_DEPTH = 64;

/**
 * Whether a parsed value has more than MAX_LEAVES text / number values or any value nested deeper
 * than MAX_DEPTH: field-by-field scanning would stop there, and the rest would go unscanned
 * without a word (a chat of 200,000 messages was read to its 5,000th).
 */
export function tooWide(v: unknown): boolean {
  let n = 0;
  const walk = (x: unknown, depth: number): boolean => {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint') return ++n > MAX_LEAVES || depth > MAX_DEPTH;
    if (typeof x !== 'object' || x === null) return false;
    if (Array.isArray(x)) {
      for (const y of x) if (walk(y, depth + 1)) return true;
    } else for (const k in x as Record<string, unknown>) if (walk((x as Record<string, unknown>)[k], depth + 1)) return true;
    return false;
  };
  return walk(v, 0);
}

/**
 * One field path (`messages[2].content`) with what the record view asks of it worked out once.
 * JSONL records repeat one schema line after line: building each path string, testing its key
 * against LABEL_KEYS and its tail for `.role` per leaf per line was most of the walk's cost.
 */
export class PathNode {
  private kids: Map<string, PathNode> | undefined;
  private items: PathNode[] | undefined;
  /** The path ends in a `.role` key: its value is not record text. */
  readonly role: boolean;

  constructor(
    readonly path: string,
    /** The nearest object key on the path (`content`, or `tags` for `tags[1]`). */
    readonly key: string,
    /** `key` is a label-like key. */
    readonly labelKey: boolean,
    private readonly tree: PathTree,
  ) {
    this.role = path.endsWith('.role');
  }

  /** The path of member `k` of the object at this path. */
  member(k: string): PathNode {
    let n = this.kids?.get(k);
    if (n) return n;
    n = new PathNode(this.path ? this.path + '.' + k : k, k, LABEL_KEYS.test(k), this.tree);
    if (this.tree.room()) (this.kids ??= new Map()).set(k, n);
    return n;
  }

  /** The path of element `i` of the array at this path. */
  item(i: number): PathNode {
    let n = this.items?.[i];
    if (n) return n;
    n = new PathNode(this.path + '[' + i + ']', this.key, this.labelKey, this.tree);
    // Long arrays (embeddings, token lists) are not cached past their head: their paths rarely recur.
    if (i < MAX_CACHED_INDEX && this.tree.room()) (this.items ??= [])[i] = n;
    return n;
  }
}

const MAX_CACHED_INDEX = 256;
/** Nodes kept per thread before the tree starts over (a file of ever-new keys cannot grow it without bound). */
const MAX_NODES = 10_000;

/** The field paths seen so far, from the root (the record itself: path '', key ''). */
export class PathTree {
  private nodes = 0;
  private top = new PathNode('', '', false, this);

  /** The root, after starting over when the tree is full. */
  root(): PathNode {
    if (this.nodes >= MAX_NODES) {
      this.nodes = 0;
      this.top = new PathNode('', '', false, this);
    }
    return this.top;
  }

  /** Counts a node about to be cached; false once the tree is full. */
  room(): boolean {
    if (this.nodes >= MAX_NODES) return false;
    this.nodes++;
    return true;
  }
}
