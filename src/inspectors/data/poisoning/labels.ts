/**
 * Label strings → dense ids, in order of first appearance. Labels repeat row after row, and each
 * row's label is a fresh string whose hash is not computed yet: a compare with the last label seen
 * is cheaper than a Map lookup (which runs only when the label changes).
 */
export class Labels {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private last: string | undefined;
  private lastId = -1;

  /**
   * The label's id, -1 for none. An empty label is none: a table's blank label cell (two of
   * S-57's object classes have no class) is a missing label, not a class of its own whose
   * records "conflict" with every labelled copy.
   */
  id(label: string | undefined): number {
    if (label === undefined || label === '') return -1;
    if (label === this.last) return this.lastId;
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.names.push(label) - 1;
      this.ids.set(label, id);
    }
    this.last = label;
    this.lastId = id;
    return id;
  }
}
