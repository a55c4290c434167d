/**
 * Just enough of the flatbuffer wire format to read Arrow's IPC metadata sizes by hand, every read
 * bounds-checked against the buffer: a table is found through its vtable (a signed offset back
 * from the table), each field through its vtable slot (0: absent, the default applies), a vector
 * through an unsigned offset forward to its length and elements.
 */
export class FlatBuffer {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  bad(why: string): Error {
    return new Error(`${this.what} is corrupt (${why})`);
  }

  private check(at: number, size: number, what: string): void {
    if (at < 0 || at + size > this.bytes.length) throw this.bad(`${what} outside the ${this.bytes.length} bytes`);
  }

  /** The root table's position. */
  root(): number {
    if (this.bytes.length < 8) throw this.bad('shorter than a flatbuffer');
    const table = this.view.getUint32(0, true);
    this.check(table, 4, 'root table');
    return table;
  }

  /** Position of field `index` of the table at `table`, or -1 when the field is absent. */
  field(table: number, index: number): number {
    this.check(table, 4, 'table');
    const vtable = table - this.view.getInt32(table, true);
    this.check(vtable, 4, 'vtable');
    const size = this.view.getUint16(vtable, true);
    this.check(vtable, size, 'vtable');
    const slot = 4 + 2 * index;
    if (slot + 2 > size) return -1;
    const off = this.view.getUint16(vtable + slot, true);
    return off === 0 ? -1 : table + off;
  }

  /** A non-negative int64 at `at`, as a number. */
  int64(at: number, what: string): number {
    this.check(at, 8, what);
    const v = this.view.getBigInt64(at, true);
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.bad(`${what} ${v}`);
    return Number(v);
  }

  /** An unsigned byte at `at` (a union's type, a bool). */
  uint8(at: number, what: string): number {
    this.check(at, 1, what);
    return this.view.getUint8(at);
  }

  /** The table a field points to (an unsigned offset forward). */
  table(field: number, what: string): number {
    this.check(field, 4, what);
    const at = field + this.view.getUint32(field, true);
    this.check(at, 4, what);
    return at;
  }

  int32(at: number, what: string): number {
    this.check(at, 4, what);
    return this.view.getInt32(at, true);
  }

  /** The vector a field points to: where its elements start and how many there are (each `stride` bytes). */
  vector(field: number, stride: number, what: string): { start: number; length: number } {
    this.check(field, 4, what);
    const at = field + this.view.getUint32(field, true);
    this.check(at, 4, what);
    const length = this.view.getUint32(at, true);
    this.check(at + 4, length * stride, what);
    return { start: at + 4, length };
  }
}
