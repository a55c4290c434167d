/**
 * The notes (cell comments) of a legacy Excel sheet, where a reviewer pastes a customer's details
 * or an instruction hides from whoever reads the cells. In BIFF8 a note is a drawing object: an OBJ
 * record names it (its ftCmo subrecord: object type and id), the TXO after it holds the text's
 * length, and the text follows in CONTINUE records, each opening with a flag byte (0: one byte a
 * character, 1: UTF-16LE); a NOTE record near the sheet's end ties the object id to its cell. In
 * BIFF5 the NOTE holds the text itself, continued in NOTE records whose row is 0xFFFF. Text of
 * other drawing objects (a text box) is kept too and said apart. At most MAX_NOTES notes and
 * object texts a sheet are kept (a crafted stream of 256 MiB could hold 20 million NOTE records).
 */

export interface SheetNote {
  /** 0-based; undefined for a text box, which sits on no cell. */
  row?: number;
  col?: number;
  text: string;
}

type Decode = (b: Uint8Array) => string;

const u16 = (d: Uint8Array, at: number) => (at + 1 < d.length ? d[at]! | (d[at + 1]! << 8) : 0);

/** Notes, and object texts, kept per sheet. */
export const MAX_NOTES = 65_536;

export class SheetNotes {
  private lastObject = -1;
  private readonly textOf = new Map<number, string>();
  private readonly notes: { row: number; col: number; id: number }[] = [];
  private readonly biff5: SheetNote[] = [];
  /** The BIFF5 note whose text continues in the next NOTE records, and the bytes it still expects. */
  private open: { note: SheetNote; left: number } | undefined;

  constructor(
    private readonly biff8: boolean,
    private readonly decode: Decode,
  ) {}

  /** An OBJ record: the id of the object the next TXO's text belongs to. */
  obj(data: Uint8Array): void {
    if (data.length >= 8 && u16(data, 0) === 0x15) this.lastObject = u16(data, 6);
  }

  /** A TXO record and the bodies of the CONTINUE records after it: the last object's text. */
  txo(data: Uint8Array, continues: readonly Uint8Array[]): void {
    if (!this.biff8 || data.length < 14) return;
    let left = u16(data, 10);
    const parts: string[] = [];
    for (const c of continues) {
      if (left <= 0 || c.length < 1) break;
      const wide = (c[0]! & 1) === 1;
      const n = Math.min(left, Math.floor((c.length - 1) / (wide ? 2 : 1)));
      const bytes = c.subarray(1, 1 + n * (wide ? 2 : 1));
      parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(wide ? 'utf16le' : 'latin1'));
      left -= n;
    }
    const text = parts.join('').trim();
    if (text && this.lastObject >= 0 && this.textOf.size < MAX_NOTES) this.textOf.set(this.lastObject, text);
    this.lastObject = -1;
  }

  /** A NOTE record: a BIFF8 note's cell and object, or a BIFF5 note's text (or its continuation). */
  note(data: Uint8Array): void {
    if (data.length < 6) return;
    const row = u16(data, 0);
    if (this.biff8) {
      if (data.length >= 8 && this.notes.length < MAX_NOTES) this.notes.push({ row, col: u16(data, 2), id: u16(data, 6) });
      return;
    }
    const bytes = data.subarray(6);
    if (row === 0xffff && this.open) {
      this.open.note.text += this.decode(bytes.subarray(0, Math.min(bytes.length, this.open.left)));
      this.open.left -= bytes.length;
    } else if (this.biff5.length < MAX_NOTES) {
      const note = { row, col: u16(data, 2), text: this.decode(bytes.subarray(0, u16(data, 4))) };
      this.biff5.push(note);
      this.open = { note, left: u16(data, 4) - bytes.length };
    }
    if (this.open && this.open.left <= 0) this.open = undefined;
  }

  /** The sheet's notes at their cells, then the text of objects no note names (text boxes). */
  done(): SheetNote[] {
    if (!this.biff8) return this.biff5.map((n) => ({ ...n, text: n.text.trim() })).filter((n) => n.text);
    const out: SheetNote[] = [];
    const used = new Set<number>();
    for (const n of this.notes) {
      const text = this.textOf.get(n.id);
      if (!text) continue;
      used.add(n.id);
      out.push({ row: n.row, col: n.col, text });
    }
    for (const [id, text] of this.textOf) if (!used.has(id)) out.push({ text });
    return out;
  }
}
