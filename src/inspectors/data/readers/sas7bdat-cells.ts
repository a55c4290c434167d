import { HEADER, HEALTH, LOCATION, PERSON, headerKey } from '../column-headers.js';
import { LABEL_KEYS } from './json-paths.js';
import { RecordRow } from './record-row.js';
import type { SasColumn } from './sas7bdat-meta.js';
import { sasNumberKind, sasNumberText, type SasNumberKind } from './sas-numbers.js';
import type { RowSink } from './sheet-table.js';

/**
 * A SAS data set's rows as cells: character variables decoded and right-trimmed (SAS pads them
 * with blanks), numbers read from their stored bytes — SAS keeps a number as the high-order
 * `length` bytes of a double, so a 4-byte number is a double with its low 4 bytes dropped — and
 * written as text by their format (dates as dates).
 */

/** Whether a header names what its column holds (a person, an identifier, a diagnosis). */
function says(name: string): boolean {
  const key = headerKey(name);
  return HEADER.some(([re]) => re.test(key)) || PERSON.test(key) || LOCATION.test(key) || HEALTH.test(key);
}

/**
 * A variable's field: its name, and where the name says nothing but its label does (`Q17`,
 * labelled `Social Security Number`), `Q17!Social Security Number` — the name first, as findings
 * name it, and the label last, where the column checks read a header.
 */
export function sasField(c: SasColumn): string {
  return c.label && !says(c.name) && says(c.label) ? `${c.name}!${c.label.replaceAll('!', ' ')}` : c.name;
}

export class SasRowCells {
  private readonly fields: string[];
  private readonly kinds: SasNumberKind[];
  private readonly labelAt: number;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private readonly row = new RecordRow();

  constructor(
    private readonly columns: readonly SasColumn[],
    private readonly little: boolean,
    private readonly decoder: TextDecoder,
  ) {
    this.fields = columns.map(sasField);
    this.kinds = columns.map((c) => (c.numeric ? sasNumberKind(c.format) : 'number'));
    this.labelAt = columns.findIndex((c) => !c.numeric && LABEL_KEYS.test(c.name));
  }

  /** The header row: the variables' names, and their labels (text that can hold anything). */
  header(sink: RowSink): void {
    const cells = this.columns.map((c, i) => ({ text: c.name, field: this.fields[i]!, verbatim: false }));
    for (const [i, c] of this.columns.entries()) if (c.label) cells.push({ text: c.label, field: this.fields[i]!, verbatim: false });
    sink.header({ row: 0, header: true, cells });
  }

  /** One row's bytes (exactly the row length) to `sink` as data row `n`. */
  emit(bytes: Uint8Array, n: number, sink: RowSink): void {
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      const text = c.numeric ? this.number(bytes, c, i) : this.chars(bytes, c);
      if (text) this.row.add(this.fields[i]!, text, i === this.labelAt);
    }
    this.row.emit(sink, n);
  }

  private chars(bytes: Uint8Array, c: SasColumn): string {
    let end = c.offset + c.length;
    while (end > c.offset && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
    return end > c.offset ? this.decoder.decode(bytes.subarray(c.offset, end)) : '';
  }

  private number(bytes: Uint8Array, c: SasColumn, i: number): string | undefined {
    const d = this.scratch;
    for (let k = 0; k < 8; k++) d.setUint8(k, 0);
    // The kept bytes are the double's high-order ones: the last in a little-endian file, the first in a big-endian one.
    const at = this.little ? 8 - c.length : 0;
    for (let k = 0; k < c.length; k++) d.setUint8(at + k, bytes[c.offset + k]!);
    return sasNumberText(d.getFloat64(0, this.little), this.kinds[i]!);
  }
}
