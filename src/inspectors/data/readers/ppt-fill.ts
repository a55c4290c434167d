import type { RunColour } from './ppt-text-style.js';
import { rgbHex } from './slide-colour.js';

/**
 * A `.ppt` shape's fill, from its OfficeArtFOPT ([MS-ODRAW] 2.2.9: recInstance properties of six
 * bytes each — a u16 id, its high bits saying blip or complex, and a u32 value): the fill style
 * booleans (0x01BF: fFilled 0x10, applied when fUsefFilled 0x100000 is set), the fill type (0x0180:
 * 0 solid, else a pattern, texture, picture or gradient) and the fill colour (0x0181, an
 * OfficeArtCOLORREF: red, green, blue and a flags byte — 0x08 for a colour-scheme index in red).
 * The slide's background is a shape too (its OfficeArtFSP flags fBackground, 0x400).
 */

/** A fill: of one colour (undefined: the default, white for a shape, the scheme's background for a slide), none, or not of one colour (or not said). */
export type PptFill = { kind: 'solid'; colour?: RunColour } | { kind: 'none' } | { kind: 'unknown' } | { kind: 'unsaid' };

const FILL_TYPE = 0x0180;
const FILL_COLOUR = 0x0181;
const FILL_BOOLS = 0x01bf;
const F_FILLED = 0x10;
const F_USE_FILLED = 0x100000;
/**
 * The fill an OfficeArtFOPT body gives (`count` properties, its recInstance). Whether a shape is
 * filled when it does not say is `filledByDefault`: the format's default is filled, which holds for
 * a slide's background; a shape that does not say is `unsaid`, matched against nothing.
 */
export function foptFill(body: Uint8Array, count: number, filledByDefault = false): PptFill {
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let bools: number | undefined;
  let type = 0;
  let colour: RunColour | undefined;
  let colourUnread = false;
  for (let i = 0, at = 0; i < count && at + 6 <= body.length; i++, at += 6) {
    const id = v.getUint16(at, true) & 0x3fff;
    const value = v.getUint32(at + 2, true);
    if (id === FILL_BOOLS) bools = value;
    else if (id === FILL_TYPE) type = value;
    else if (id === FILL_COLOUR) {
      colour = colourRef(value);
      colourUnread = !colour;
    }
  }
  const said = bools !== undefined && (bools & F_USE_FILLED) !== 0;
  if (!said && !filledByDefault) return { kind: 'unsaid' };
  if (said && !(bools! & F_FILLED)) return { kind: 'none' };
  if (type !== 0 || colourUnread) return { kind: 'unknown' };
  return colour ? { kind: 'solid', colour } : { kind: 'solid' };
}

/** An OfficeArtCOLORREF (little-endian u32: red, green, blue, flags): RGB, a scheme index, or unknown (palette and system colours). */
function colourRef(value: number): RunColour | undefined {
  const [r, g, b, flags] = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
  if (flags & 0x08) return r <= 7 ? { scheme: r } : undefined;
  if (flags) return undefined;
  return { rgb: rgbHex(r, g, b) };
}

/** Whether an OfficeArtFSP body's flags (the u32 after the shape id) mark the slide's background shape. */
export function isBackgroundShape(fsp: Uint8Array): boolean {
  // 0x400 of the little-endian u32 at byte 4: bit 2 of byte 5.
  return fsp.length >= 8 && (fsp[5]! & 0x04) !== 0;
}

/** msosptPictureFrame: an OfficeArtFSP's recInstance for a picture. */
const PICTURE_FRAME = 75;

/**
 * Whether a shape paints over what is behind it: a picture (its FSP's shape type), or a fill said
 * to be on. A group, the drawing's patriarch and the background shape do not (FSP flags fGroup 0x1,
 * fPatriarch 0x4, fBackground 0x400).
 */
export function paints(rec: { type: number; instance: number; body: Uint8Array }): boolean {
  if (rec.type === 0xf00a) return rec.instance === PICTURE_FRAME && rec.body.length >= 8 && (rec.body[4]! & 0x05) === 0;
  if (rec.type !== 0xf00b) return false;
  const kind = foptFill(rec.body, rec.instance).kind;
  return kind === 'solid' || kind === 'unknown';
}

