/**
 * A bounded reader of FlatBuffers (https://flatbuffers.dev/internals/) for files we do not trust.
 * A flatbuffer is a web of offsets: the root table's offset at byte 0, each table pointing back
 * (signed) to a vtable of its fields' positions, and fields pointing forward (unsigned) to
 * strings, vectors and other tables. Every offset here is checked against the buffer before it is
 * read, so a wrong one is a FlatbufferError naming the byte, never a read out of bounds. Nothing
 * is followed recursively: callers walk a fixed schema, so an offset pointing back into a table
 * already read cannot make a loop, and they cap how many vector elements they visit.
 */

export class FlatbufferError extends Error {}

export class FlatbufferReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless `[pos, pos + n)` lies inside the buffer. */
  private need(pos: number, n: number, what: string): void {
    if (!Number.isSafeInteger(pos) || pos < 0 || n < 0 || pos + n > this.bytes.length) {
      throw new FlatbufferError(`${what} at byte ${pos} (${n} bytes) lies outside the ${this.bytes.length}-byte file`);
    }
  }

  u8(pos: number): number {
    this.need(pos, 1, 'byte');
    return this.view.getUint8(pos);
  }

  u32(pos: number): number {
    this.need(pos, 4, 'uint32');
    return this.view.getUint32(pos, true);
  }

  /** The four-byte file identifier at bytes 4..8 (`PTMF`), or '' if the buffer is shorter. */
  identifier(): string {
    return this.bytes.length < 8 ? '' : String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  /** The root table's position. */
  root(): number {
    return this.table(0, 'root table');
  }

  /** The table an unsigned offset at `pos` points to, its vtable checked. */
  private table(pos: number, what: string): number {
    const t = pos + this.u32(pos);
    this.vtable(t, what);
    return t;
  }

  /** A table's vtable position and sizes, checked: the vtable and the table's inline part both inside the buffer. */
  private vtable(t: number, what: string): { vt: number; vtSize: number; tableSize: number } {
    this.need(t, 4, what);
    const vt = t - this.view.getInt32(t, true);
    this.need(vt, 4, `${what}'s vtable`);
    const vtSize = this.view.getUint16(vt, true);
    const tableSize = this.view.getUint16(vt + 2, true);
    if (vtSize < 4 || vtSize % 2 !== 0) throw new FlatbufferError(`${what} at byte ${t} has a vtable of ${vtSize} bytes`);
    this.need(vt, vtSize, `${what}'s vtable`);
    this.need(t, Math.max(4, tableSize), what);
    return { vt, vtSize, tableSize };
  }

  /** Where field `index` of the table at `t` is stored, or undefined when the vtable leaves it out. */
  private field(t: number, index: number, size: number, what: string): number | undefined {
    const { vt, vtSize, tableSize } = this.vtable(t, what);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtSize) return undefined;
    const off = this.view.getUint16(vt + slot, true);
    if (off === 0) return undefined;
    if (off + size > tableSize) throw new FlatbufferError(`${what} at byte ${t}: field ${index} at +${off} lies outside its ${tableSize}-byte table`);
    return t + off;
  }

  /** A scalar `uint` field, or `dflt` when absent. */
  fieldU32(t: number, index: number, dflt: number, what: string): number {
    const p = this.field(t, index, 4, what);
    return p === undefined ? dflt : this.u32(p);
  }

  /** A scalar `ubyte` field (a union's type), or `dflt` when absent. */
  fieldU8(t: number, index: number, dflt: number, what: string): number {
    const p = this.field(t, index, 1, what);
    return p === undefined ? dflt : this.u8(p);
  }

  /** The position an offset field (string, vector, table) points to, or undefined when absent. */
  fieldRef(t: number, index: number, what: string): number | undefined {
    const p = this.field(t, index, 4, what);
    if (p === undefined) return undefined;
    const target = p + this.u32(p);
    this.need(target, 4, what);
    return target;
  }

  /** A table field's table, checked, or undefined when absent. */
  fieldTable(t: number, index: number, what: string): number | undefined {
    const target = this.fieldRef(t, index, what);
    if (target !== undefined) this.vtable(target, what);
    return target;
  }

  /** A string field's bytes (at most `max` of them, and whether there were more), or undefined when absent. */
  fieldBytes(t: number, index: number, max: number, what: string): { bytes: Uint8Array; cut: boolean } | undefined {
    const s = this.fieldRef(t, index, what);
    if (s === undefined) return undefined;
    const len = this.u32(s);
    this.need(s + 4, len, what);
    return { bytes: this.bytes.subarray(s + 4, s + 4 + Math.min(len, max)), cut: len > max };
  }

  /** A string field decoded as UTF-8 (at most `max` bytes of it), or undefined when absent. */
  fieldString(t: number, index: number, max: number, what: string): string | undefined {
    const b = this.fieldBytes(t, index, max, what);
    return b && new TextDecoder().decode(b.bytes);
  }

  /** A vector field: where its elements start and how many there are (each `elemSize` bytes, all inside the buffer). */
  fieldVector(t: number, index: number, elemSize: number, what: string): { start: number; length: number } | undefined {
    const v = this.fieldRef(t, index, what);
    if (v === undefined) return undefined;
    const length = this.u32(v);
    // Checked before multiplying: a length of 2^32-1 must not become a huge read.
    if (length > (this.bytes.length - v - 4) / elemSize) throw new FlatbufferError(`${what} at byte ${v} claims ${length} elements, more than the file holds`);
    return { start: v + 4, length };
  }

  /** Element `i` of a vector of tables, checked. */
  tableAt(vec: { start: number }, i: number, what: string): number {
    return this.table(vec.start + 4 * i, what);
  }
}
