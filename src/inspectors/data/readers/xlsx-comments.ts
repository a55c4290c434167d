import { parseXml } from './xml.js';
import { resolvePart } from './opc-paths.js';

/**
 * The notes and comments of an Excel sheet (`xl/comments1.xml`, and the threaded comments of
 * Excel 365, `xl/threadedComments/threadedComment1.xml`), found through the sheet's relationships
 * (`xl/worksheets/_rels/sheet1.xml.rels`). A note is where a reviewer pastes a customer's details,
 * and where an instruction hides from whoever reads the cells; an agent that reads the workbook
 * reads it too. A cell with a threaded comment also carries a legacy note that repeats it (for
 * older Excel): only the threaded one is read there, so nothing is counted twice.
 */

/** One comment: its cell reference (`B2`) and text. */
export interface SheetComment {
  ref: string;
  text: string;
}

const COMMENTS = /\/comments$/;
const THREADED = /\/threadedComment$/;
const DRAWING = /\/drawing$/;

/** The comment and drawing parts a sheet's relationships name, as paths in the package. */
export function commentPartsOf(sheetPart: string, rels: string | undefined): { notes?: string; threaded?: string; drawing?: string } {
  const out: { notes?: string; threaded?: string; drawing?: string } = {};
  if (!rels) return out;
  const dir = sheetPart.slice(0, sheetPart.lastIndexOf('/') + 1);
  parseXml(rels, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target || !a.Type) return;
      const target = resolvePart(dir, a.Target);
      if (COMMENTS.test(a.Type)) out.notes = target;
      else if (THREADED.test(a.Type)) out.threaded = target;
      else if (DRAWING.test(a.Type)) out.drawing = target;
    },
  });
  return out;
}

/** The comments of a sheet, threaded ones first, a legacy note only where no threaded comment sits. */
export function sheetComments(notes: string | undefined, threaded: string | undefined): SheetComment[] {
  const out = threaded ? commentsIn(threaded, 'threadedComment') : [];
  const taken = new Set(out.map((c) => c.ref));
  if (notes) for (const c of commentsIn(notes, 'comment')) if (!taken.has(c.ref)) out.push(c);
  return out;
}

/** Each `<comment ref>` (its `<t>` runs) or `<threadedComment ref>` (its `<text>`) of a part. */
function commentsIn(xml: string, element: 'comment' | 'threadedComment'): SheetComment[] {
  const out: SheetComment[] = [];
  let cur: { ref: string; parts: string[] } | undefined;
  let inText = 0;
  parseXml(xml, {
    open(name, a) {
      if (name === element) cur = { ref: a.ref ?? '', parts: [] };
      else if (cur && (name === 't' || name === 'text')) inText++;
    },
    close(name) {
      if (name === element && cur) {
        const text = cur.parts.join('').trim();
        if (text) out.push({ ref: cur.ref, text });
        cur = undefined;
      } else if (cur && (name === 't' || name === 'text')) inText--;
    },
    text(t) {
      if (cur && inText > 0) cur.parts.push(t);
    },
  });
  return out;
}
