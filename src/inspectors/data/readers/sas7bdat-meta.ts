import { SasFormatError, uint, type SasHeader } from './sas7bdat-header.js';

/**
 * A SAS data set's metadata, gathered from the subheaders of its meta (and mix) pages: the row
 * size subheader (row length and count), column size (how many variables), column text (blocks of
 * text the others point into), column name, column attributes (each variable's place in a row,
 * length and type) and one format-and-label subheader per variable. Subheader counts and column
 * list subheaders carry nothing a reader needs and are passed over. Layout from Shotwell's
 * description, as pandas and ReadStat read it; every pointer into a text block is bounded by it.
 */

/** Limits on what a header may make this reader keep: SAS's own caps are far below them. */
const MAX_TEXT_BLOCKS = 1 << 16;
const MAX_VARIABLES = 1 << 17;
/** Text kept from text blocks (names, labels, formats: a few KiB in practice); blocks past it are kept empty. */
export const MAX_TEXT_BYTES = 16 << 20;
/** A row longer than this (16 MiB) is taken for corruption: the row buffer is allocated once at this size at most. */
export const MAX_ROW_LENGTH = 16 << 20;

export type SubheaderKind = 'rowSize' | 'columnSize' | 'counts' | 'text' | 'names' | 'attributes' | 'formatLabel' | 'columnList';

/** Signatures as the 32-bit value the file's byte order makes of them (the 64-bit ones are these, widened). */
const SIGNATURES = new Map<number, SubheaderKind>([
  [0xf7f7f7f7, 'rowSize'],
  [0xf6f6f6f6, 'columnSize'],
  [0xfffffc00, 'counts'],
  [0xfffffffd, 'text'],
  [0xffffffff, 'names'],
  [0xfffffffc, 'attributes'],
  [0xfffffbfe, 'formatLabel'],
  [0xfffffffe, 'columnList'],
]);

/** What the signature of a subheader (its bytes) says it is, or undefined (a compressed row, or unknown). */
export function subheaderKind(sh: Uint8Array, h: SasHeader): SubheaderKind | undefined {
  if (sh.length < h.intLen) return undefined;
  // The low 32 bits: first in little-endian files, last in big-endian ones.
  return SIGNATURES.get(uint(sh, h.little ? 0 : h.intLen - 4, 4, h.little));
}

/** A piece of a text block: block index, offset, length. */
interface TextRef {
  block: number;
  at: number;
  length: number;
}

interface Attributes {
  offset: number;
  length: number;
  numeric: boolean;
}

export interface SasColumn {
  name: string;
  label: string;
  format: string;
  offset: number;
  length: number;
  numeric: boolean;
}

export class SasMeta {
  rowLength = 0;
  rowCount = 0;
  /** Rows on a mix page (the first one, with the metadata, usually). */
  mixPageRowCount = 0;
  columnCount?: number;
  compression: 'none' | 'rle' | 'rdc' = 'none';
  private readonly texts: Uint8Array[] = [];
  private textBytes = 0;
  private readonly names: TextRef[] = [];
  private readonly attributes: Attributes[] = [];
  private readonly formats: { format: TextRef; label: TextRef }[] = [];

  constructor(
    private readonly h: SasHeader,
    private readonly maxTextBytes = MAX_TEXT_BYTES,
  ) {}

  /** Takes in one metadata subheader (its bytes, bounded by its pointer's length). */
  read(kind: SubheaderKind, sh: Uint8Array): void {
    const { intLen: L, little } = this.h;
    switch (kind) {
      case 'rowSize': {
        const rowLength = uint(sh, 5 * L, L, little);
        if (rowLength < 1 || rowLength > MAX_ROW_LENGTH) throw new SasFormatError(`row length ${rowLength} is out of range`);
        this.rowLength = rowLength;
        this.rowCount = uint(sh, 6 * L, L, little);
        this.mixPageRowCount = uint(sh, 15 * L, L, little);
        break;
      }
      case 'columnSize':
        this.columnCount = uint(sh, L, L, little);
        break;
      case 'text': {
        if (this.texts.length >= MAX_TEXT_BLOCKS) return;
        const size = uint(sh, L, 2, little);
        const block = sh.subarray(L, L + size);
        // A copy: a view would hold the whole page it sits in for as long as the file is read.
        const keep = this.textBytes + block.length <= this.maxTextBytes;
        this.texts.push(keep ? new Uint8Array(block) : new Uint8Array(0));
        if (keep) this.textBytes += block.length;
        // The first block names the compression, if any (where pandas looks: anywhere in it).
        if (this.texts.length === 1) this.compression = has(block, RLE) ? 'rle' : has(block, RDC) ? 'rdc' : 'none';
        break;
      }
      case 'names': {
        // After the signature and 8 bytes, 8-byte pointers; the subheader ends with L + 4 bytes of padding.
        const count = Math.floor((sh.length - 2 * L - 12) / 8);
        for (let i = 0; i < count && this.names.length < MAX_VARIABLES; i++) this.names.push(this.ref(sh, L + 8 + 8 * i));
        break;
      }
      case 'attributes': {
        // Per variable: its offset in the row (L bytes), its length (4), 2 flag bytes, its type (1 = number).
        const count = Math.floor((sh.length - 2 * L - 12) / (L + 8));
        for (let i = 0; i < count && this.attributes.length < MAX_VARIABLES; i++) {
          const p = L + 8 + i * (L + 8);
          this.attributes.push({ offset: uint(sh, p, L, little), length: uint(sh, p + L, 4, little), numeric: sh[p + L + 6] === 1 });
        }
        break;
      }
      case 'formatLabel':
        if (this.formats.length < MAX_VARIABLES) this.formats.push({ format: this.ref(sh, 3 * L + 22), label: this.ref(sh, 3 * L + 28) });
        break;
      default:
        break;
    }
  }

  private ref(sh: Uint8Array, p: number): TextRef {
    const little = this.h.little;
    return { block: uint(sh, p, 2, little), at: uint(sh, p + 2, 2, little), length: uint(sh, p + 4, 2, little) };
  }

  /** The text a reference points at, '' when it points outside the blocks read. */
  private text(r: TextRef | undefined, decoder: TextDecoder): string {
    const block = r && this.texts[r.block];
    if (!block || !r.length) return '';
    return decoder.decode(block.subarray(r.at, Math.min(block.length, r.at + r.length))).replace(/[\0 ]+$/, '');
  }

  /**
   * The variables, once the metadata is read: named, labelled and placed in a row. A variable
   * that does not fit the row, or a number longer than a double, is left out and `note` says so.
   */
  columns(decoder: TextDecoder, note: (m: string) => void): SasColumn[] {
    const n = Math.min(this.names.length, this.attributes.length, this.columnCount ?? Infinity);
    if (this.columnCount !== undefined && n < this.columnCount) note(`the metadata describes ${n} of the ${this.columnCount} variables the header counts; the others were not read`);
    const out: SasColumn[] = [];
    for (let i = 0; i < n; i++) {
      const a = this.attributes[i]!;
      const name = this.text(this.names[i], decoder) || `VAR${i + 1}`;
      if (a.length < 1 || a.offset + a.length > this.rowLength || (a.numeric && a.length > 8)) {
        note(`variable ${name} lies outside the ${this.rowLength}-byte row (offset ${a.offset}, length ${a.length}); not read`);
        continue;
      }
      const f = this.formats[i];
      out.push({ name, label: this.text(f?.label, decoder), format: this.text(f?.format, decoder), offset: a.offset, length: a.length, numeric: a.numeric });
    }
    return out;
  }
}

const RLE = [...'SASYZCRL'].map((c) => c.charCodeAt(0));
const RDC = [...'SASYZCR2'].map((c) => c.charCodeAt(0));

function has(block: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= block.length; i++) {
    for (let k = 0; k < needle.length; k++) if (block[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}
