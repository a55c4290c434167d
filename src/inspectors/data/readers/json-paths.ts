/** Keys whose (short) value is a training label, for duplicate-with-conflicting-label checks. */
export const LABEL_KEYS = /^(?:label|labels|class|category|target|sentiment|intent|tag|y|verdict|rating|classification)$/i;

/** Maximum leaves taken from one record: a hostile document cannot blow up the cell list. */
export const MAX_LEAVES = 10_000;
export const MAX_DEPTH = 64;

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
