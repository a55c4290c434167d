import { eachSprm } from './doc-sprms.js';

/**
 * Whether a Word 97–2003 run's direct character formatting (a CHPX's property list) hides its
 * text from a reader, and why, in the words the `.docx` reader uses (`office.ts`): a deleted
 * tracked change (sprmCFRMarkDel: still in the file, which matters for "redacted" personal data),
 * hidden text (sprmCFVanish, sprmCFSpecVanish), white text on an unshaded run (sprmCIco 8 or a
 * white sprmCCv; a run shading or highlight paints something under it, so it shows), or a size
 * under 1 point (sprmCHps under 2 half-points).
 *
 * Only direct formatting is read: a toggle relative to the style ("as the style", "not as the
 * style") is taken against a style that hides nothing, and the paragraph's own shading (in the
 * PAPX, not read) is not seen, so white text on a shaded paragraph is reported as hidden.
 */

const SPRM = {
  rMarkDel: 0x0800,
  specVanish: 0x0818,
  highlight: 0x2a0c,
  vanish: 0x083c,
  ico: 0x2a42,
  hps: 0x4a43,
  shd80: 0x4866,
  cv: 0x6870,
  shd: 0xca71,
} as const;

/** Ico 8, and COLORREF values all but white (each channel at least 0xF0, as `office.ts` takes them). */
const ICO_WHITE = 8;
/** Shd80's and Shd's ipat that means no shading at all. */
const IPAT80_NIL = 0x3f;
const IPAT_NIL = 0xffff;

export interface CharHiding {
  /** Why the run is hidden (`deleted revision`, `vanish`, `white text`, `font size under 1 point`), undefined when it shows. */
  why?: string;
  /** What stopped the property list being read to its end (the sprms before it were applied). */
  problem?: string;
}

/** A ToggleOperand: 0 off, 1 on, 0x80 as the style (taken as off), 0x81 the style's opposite (on). */
function toggle(operand: Uint8Array, was: boolean): boolean {
  const v = operand[0];
  return v === 0 || v === 0x80 ? false : v === 1 || v === 0x81 ? true : was;
}

/** A COLORREF (red, green, blue, fAuto): white unless its fAuto byte says "automatic". */
function whiteRef(cv: Uint8Array, at: number): boolean {
  return cv[at + 3] !== 0xff && cv[at]! >= 0xf0 && cv[at + 1]! >= 0xf0 && cv[at + 2]! >= 0xf0;
}

/** A COLORREF that paints: automatic is no colour for a background (and black for a pattern's foreground). */
function paints(cv: Uint8Array, at: number, auto: boolean): boolean {
  return cv[at + 3] === 0xff ? auto : !whiteRef(cv, at);
}

/** Shd80 (u16: icoFore 5 bits, icoBack 5 bits, ipat 6 bits): whether it puts colour under the text. */
function shaded80(v: number): boolean {
  const fore = v & 0x1f;
  const back = (v >> 5) & 0x1f;
  const ipat = v >> 10;
  if (ipat === IPAT80_NIL) return false;
  // A clear pattern (0) shows only the background; automatic foreground (0) is black.
  return (back !== 0 && back !== ICO_WHITE) || (ipat !== 0 && fore !== ICO_WHITE);
}

/** SHDOperand (cb 10, then Shd: cvFore, cvBack, ipat u16). */
function shaded(op: Uint8Array): boolean {
  if (op.length < 11) return false;
  const ipat = op[9]! | (op[10]! << 8);
  if (ipat === IPAT_NIL) return false;
  return paints(op, 5, false) || (ipat !== 0 && paints(op, 1, true));
}

/** Reads a CHPX's property list; see the file's comment for what hides a run. */
export function charHiding(grpprl: Uint8Array): CharHiding {
  let deleted = false;
  let vanish = false;
  let white = false;
  let tiny = false;
  let shade = false;
  let highlight = false;
  const problem = eachSprm(grpprl, (op, v) => {
    switch (op) {
      case SPRM.rMarkDel:
        deleted = toggle(v, deleted);
        break;
      case SPRM.vanish:
      case SPRM.specVanish:
        vanish = toggle(v, vanish);
        break;
      case SPRM.ico:
        white = v[0] === ICO_WHITE;
        break;
      case SPRM.cv:
        white = whiteRef(v, 0);
        break;
      case SPRM.hps:
        tiny = (v[0]! | (v[1]! << 8)) < 2;
        break;
      case SPRM.shd80:
        shade = shaded80(v[0]! | (v[1]! << 8));
        break;
      case SPRM.shd:
        shade = shaded(v);
        break;
      case SPRM.highlight:
        highlight = v[0] !== 0 && v[0] !== ICO_WHITE;
        break;
      default:
        break;
    }
  });
  const why = deleted ? 'deleted revision' : vanish ? 'vanish' : white && !shade && !highlight ? 'white text' : tiny ? 'font size under 1 point' : undefined;
  return { ...(why ? { why } : {}), ...(problem ? { problem } : {}) };
}
