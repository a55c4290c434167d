import { eachSprm } from './doc-sprms.js';

/**
 * Whether a Word 97–2003 run's character formatting hides its text from a reader, and why, in the
 * words the `.docx` reader uses (`office.ts`): a deleted tracked change (sprmCFRMarkDel: still in
 * the file, which matters for "redacted" personal data), hidden text (sprmCFVanish,
 * sprmCFSpecVanish), white text on an unshaded run and paragraph (sprmCIco 8 or a white sprmCCv; a
 * run shading or highlight, or the paragraph's shading, paints something under it, so it shows),
 * or a size under 1 point (sprmCHps under 2 half-points).
 *
 * A property list (a CHPX, or a style's) is read into the properties it sets (`RunProps`), which
 * are applied over the state of the style beneath (`applyProps`): a toggle can say "as the style"
 * or "the style's opposite", so it is resolved only then.
 */

const SPRM = {
  rMarkDel: 0x0800,
  specVanish: 0x0818,
  highlight: 0x2a0c,
  vanish: 0x083c,
  istd: 0x4a30,
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

/** What hides a run, as resolved for a character. */
export interface CharState {
  deleted: boolean;
  vanish: boolean;
  white: boolean;
  tiny: boolean;
  /** A run shading or highlight under the text. */
  shaded: boolean;
}

export const PLAIN: CharState = { deleted: false, vanish: false, white: false, tiny: false, shaded: false };

/** The properties one list sets; toggles keep their operand (0, 1, 0x80 as the style, 0x81 its opposite). */
export interface RunProps {
  /** sprmCIstd: the run's character style. */
  istd?: number;
  deleted?: number;
  vanish?: number;
  white?: boolean;
  tiny?: boolean;
  shaded?: boolean;
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
export function shaded80(v: number): boolean {
  const fore = v & 0x1f;
  const back = (v >> 5) & 0x1f;
  const ipat = v >> 10;
  if (ipat === IPAT80_NIL) return false;
  // A clear pattern (0) shows only the background; automatic foreground (0) is black.
  return (back !== 0 && back !== ICO_WHITE) || (ipat !== 0 && fore !== ICO_WHITE);
}

/** SHDOperand (cb 10, then Shd: cvFore, cvBack, ipat u16): whether it puts colour under the text. */
export function shadedOperand(op: Uint8Array): boolean {
  if (op.length < 11) return false;
  const ipat = op[9]! | (op[10]! << 8);
  if (ipat === IPAT_NIL) return false;
  return paints(op, 5, false) || (ipat !== 0 && paints(op, 1, true));
}

/** The properties a character property list sets; `problem` says what stopped it being read to its end. */
export function readRunProps(grpprl: Uint8Array): { props: RunProps; problem?: string } {
  const props: RunProps = {};
  const problem = eachSprm(grpprl, (op, v) => {
    switch (op) {
      case SPRM.rMarkDel:
        props.deleted = v[0];
        break;
      case SPRM.vanish:
      case SPRM.specVanish:
        props.vanish = v[0];
        break;
      case SPRM.istd:
        props.istd = v[0]! | (v[1]! << 8);
        break;
      case SPRM.ico:
        props.white = v[0] === ICO_WHITE;
        break;
      case SPRM.cv:
        props.white = whiteRef(v, 0);
        break;
      case SPRM.hps:
        props.tiny = (v[0]! | (v[1]! << 8)) < 2;
        break;
      case SPRM.shd80:
        props.shaded = shaded80(v[0]! | (v[1]! << 8));
        break;
      case SPRM.shd:
        props.shaded = shadedOperand(v);
        break;
      case SPRM.highlight:
        // A highlight paints under the text as a shading does.
        props.shaded = v[0] !== 0 && v[0] !== ICO_WHITE;
        break;
      default:
        break;
    }
  });
  return problem ? { props, problem } : { props };
}

/** Whether `props` set anything that bears on hiding (a run without any is not kept). */
export function bears(props: RunProps): boolean {
  return Object.keys(props).length > 0;
}

/** A ToggleOperand over the style's value: 0 off, 1 on, 0x80 as the style, 0x81 its opposite. */
function toggle(v: number | undefined, was: boolean, style: boolean): boolean {
  return v === 0 ? false : v === 1 ? true : v === 0x80 ? style : v === 0x81 ? !style : was;
}

/** `state` with `props` applied; `style` is the style's state that toggles refer to. */
export function applyProps(state: CharState, props: RunProps, style: CharState = state): CharState {
  return {
    deleted: toggle(props.deleted, state.deleted, style.deleted),
    vanish: toggle(props.vanish, state.vanish, style.vanish),
    white: props.white ?? state.white,
    tiny: props.tiny ?? state.tiny,
    shaded: props.shaded ?? state.shaded,
  };
}

/** Why a character in this state is hidden (undefined: it shows), its paragraph shaded or not; ranked as `office.ts` ranks them. */
export function whyHidden(s: CharState, paragraphShaded = false): string | undefined {
  return s.deleted ? 'deleted revision' : s.vanish ? 'vanish' : s.white && !s.shaded && !paragraphShaded ? 'white text' : s.tiny ? 'font size under 1 point' : undefined;
}
