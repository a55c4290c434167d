import { shaded80, shadedOperand } from './doc-char-format.js';
import { eachSprm } from './doc-sprms.js';

/**
 * A Word 97–2003 paragraph's shading (sprmPShd80, sprmPShd in a PAPX or a paragraph style's
 * UpxPapx): white text on a shaded paragraph shows, so it is not read as hidden, as the `.docx`
 * reader does with `w:pPr/w:shd`.
 */

const SHD80 = 0x442d;
const SHD = 0xc64d;

/** Whether the list shades its paragraph; undefined when it does not say (or cannot be read that far). */
export function paragraphShading(grpprl: Uint8Array): boolean | undefined {
  let shaded: boolean | undefined;
  eachSprm(grpprl, (op, v) => {
    if (op === SHD80) shaded = shaded80(v[0]! | (v[1]! << 8));
    else if (op === SHD) shaded = shadedOperand(v);
  });
  return shaded;
}

/** The sprms that place a paragraph in a table (MS-DOC 2.6.2). */
const TABLE_SPRM = { inTable: 0x2416, ttp: 0x2417, itap: 0x6649, dtap: 0x664a, innerCell: 0x244b, innerTtp: 0x244c, tableHeader: 0x3404 } as const;

/**
 * Where a paragraph sits in a table (MS-DOC 2.4.3 Overview of Tables): its depth (sprmPItap, or 1
 * for sprmPFInTable alone: Word 97 knew no nesting) and whether its mark ends a row (sprmPFTtp at
 * depth 1, sprmPFInnerTtp deeper) or a nested table's cell (sprmPFInnerTableCell: there a cell
 * ends with a paragraph mark, 0x0D, where an outer one ends with 0x07).
 */
export interface TablePlace {
  depth: number;
  rowEnd: boolean;
  innerCell: boolean;
  /** A row end's sprmTTableHeader: the row repeats as a header on each page (Word's `w:tblHeader`). */
  header: boolean;
}

/** The table place a paragraph's own property list gives; undefined when it is in no table. */
export function paragraphTable(grpprl: Uint8Array): TablePlace | undefined {
  let inTable = false;
  let itap: number | undefined;
  let ttp = false;
  let innerTtp = false;
  let innerCell = false;
  let header = false;
  const int32 = (v: Uint8Array) => new DataView(v.buffer, v.byteOffset, 4).getInt32(0, true);
  eachSprm(grpprl, (op, v) => {
    if (op === TABLE_SPRM.inTable) inTable = v[0] !== 0;
    else if (op === TABLE_SPRM.ttp) ttp = v[0] !== 0;
    else if (op === TABLE_SPRM.itap) itap = int32(v);
    // sprmPDtap: a change of depth.
    else if (op === TABLE_SPRM.dtap) itap = (itap ?? (inTable ? 1 : 0)) + int32(v);
    else if (op === TABLE_SPRM.innerCell) innerCell = v[0] !== 0;
    else if (op === TABLE_SPRM.innerTtp) innerTtp = v[0] !== 0;
    else if (op === TABLE_SPRM.tableHeader) header = v[0] !== 0;
  });
  const depth = Math.max(0, itap ?? (inTable ? 1 : 0));
  if (!depth) return undefined;
  const rowEnd = depth > 1 ? innerTtp : ttp;
  return { depth, rowEnd, innerCell: depth > 1 && innerCell, header: rowEnd && header };
}
