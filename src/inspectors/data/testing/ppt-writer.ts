import { compoundFile } from './xls-writer.js';

/**
 * Writes PowerPoint 97–2003 decks (`.ppt`) for tests, as MS-PPT lays them out and PowerPoint
 * writes them: a `Current User` stream pointing at the last UserEditAtom, and a `PowerPoint
 * Document` stream holding the DocumentContainer (its SlideListWithText for slides, with each
 * slide's placeholder text after its SlidePersistAtom, and one for notes), then a Slide container
 * per slide (its text boxes in an OfficeArt drawing), a Notes container per slide with notes, the
 * PersistDirectoryAtom mapping persist ids to those containers' offsets, and the UserEditAtom.
 */

/** A colour: `RRGGBB`, or an index in the slide's colour scheme (0 its background). */
export type PptColour = string | number;

/**
 * Text with its character runs' colours (a StyleTextPropAtom after its text atom: `[characters,
 * colour]`, a colour undefined for a run that names none) and, drawn on a slide, its shape's fill
 * (`'none'`, or a colour: an OfficeArtFOPT with the fill style booleans and the fill colour).
 */
export interface PptText {
  text: string;
  runs?: [number, PptColour | undefined][];
  fill?: 'none' | PptColour;
  /** Where its shape lies, left, top, right, bottom in master units (576 an inch): an OfficeArtClientAnchor, or in a group an OfficeArtChildAnchor. */
  at?: [number, number, number, number];
}

export interface PptSlide {
  /** Placeholder text (title, body), kept in the slides list: one TextCharsAtom or TextBytesAtom each. */
  texts?: (string | PptText)[];
  /** Where each placeholder text's shape lies (left, top, right, bottom): a shape in the slide's drawing whose ClientTextbox names the text by index (OutlineTextRefAtom). */
  placeholdersAt?: ([number, number, number, number] | undefined)[];
  /** Text boxes drawn on the slide (ClientTextbox in the slide's drawing). */
  shapes?: (string | PptText)[];
  /** The slide's colour scheme (SlideSchemeColorSchemeAtom: eight `RRGGBB`, the first the background). */
  scheme?: string[];
  /** A picture frame (FSP shape type 75) drawn before the slide's text boxes. */
  picture?: boolean;
  /** A background shape filled with this colour (its FSP says fBackground); 'picture' for a picture fill. */
  background?: PptColour | 'picture';
  /** The speaker notes (in the Notes container's drawing). */
  notes?: string;
  /** Hidden from the slide show: a SlideShowSlideInfoAtom with fHidden after the SlideAtom. */
  hidden?: boolean;
  /** A group of text boxes after the slide's own: placed at `at` in the slide, its shapes' anchors in its child space `child` (both left, top, right, bottom). */
  group?: { at: [number, number, number, number]; child: [number, number, number, number]; shapes: PptText[] };
}

export interface PptOptions {
  slides: PptSlide[];
  /** Hyperlinks kept in the document's ExObjList: a CString each for the name and the target. */
  hyperlinks?: { name: string; target: string }[];
  /** The Slide containers written in reverse order (the slides list still gives the deck's order). */
  reverseContainers?: boolean;
  /** The Current User atom says the document is encrypted. */
  encrypted?: boolean;
  /** Notes text kept in the notes list (after each notes page's SlidePersistAtom) instead of the notes page's drawing. */
  notesInList?: boolean;
  /** A main master with this colour scheme and background, for slides that name neither. */
  master?: { scheme?: string[]; background?: PptColour | 'picture' };
  /** The slide size in master units (DocumentAtom's slideSize): 5760 × 4320 (10 × 7.5 in) unless said. */
  size?: [number, number];
}

/** A record: u16 recVer | recInstance << 4, u16 recType, u32 length, body. */
function rec(type: number, body: Uint8Array | Uint8Array[], o: { instance?: number; container?: boolean } = {}): Buffer {
  const data = Array.isArray(body) ? Buffer.concat(body) : Buffer.from(body);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(((o.instance ?? 0) << 4) | (o.container ? 0xf : 0), 0);
  head.writeUInt16LE(type, 2);
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data]);
}

const container = (type: number, children: Uint8Array[], instance = 0) => rec(type, children, { container: true, instance });
const u32s = (...v: number[]) => {
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeUInt32LE(x >>> 0, i * 4));
  return b;
};

/**
 * A colour as a text run's ColorIndexStruct (red, green, blue, index: 0xFE for the RGB, else the
 * scheme index) or a shape's OfficeArtCOLORREF (red, green, blue, flags: 0x08 with the scheme index in red).
 */
function colourBytes(c: PptColour, as: 'run' | 'shape'): Buffer {
  if (typeof c === 'number') return Buffer.from(as === 'run' ? [0, 0, 0, c] : [c, 0, 0, 0x08]);
  return Buffer.from([parseInt(c.slice(0, 2), 16), parseInt(c.slice(2, 4), 16), parseInt(c.slice(4, 6), 16), as === 'run' ? 0xfe : 0]);
}

/**
 * A StyleTextPropAtom: one paragraph run over the text and its closing mark, no paragraph
 * formatting; then the character runs, each with its colour (CFMasks color, 0x40000) when it has one.
 */
function styleTextProp(length: number, runs: [number, PptColour | undefined][]): Buffer {
  const cf = runs.map(([count, colour], i) => Buffer.concat([u32s(count + (i === runs.length - 1 ? 1 : 0), colour === undefined ? 0 : 0x40000), colour === undefined ? Buffer.alloc(0) : colourBytes(colour, 'run')]));
  return rec(0x0fa1, Buffer.concat([u32s(length + 1), Buffer.alloc(2), u32s(0), ...cf]));
}

/** A text atom: TextBytesAtom when every character is Latin-1, else TextCharsAtom (UTF-16LE); its style after it when it has runs. */
function textAtoms(t: string | PptText, textType: number): Buffer[] {
  const { text, runs } = typeof t === 'string' ? { text: t, runs: undefined } : t;
  const latin = [...text].every((c) => c.charCodeAt(0) <= 0xff);
  return [rec(0x0f9f, u32s(textType)), latin ? rec(0x0fa8, Buffer.from(text, 'latin1')) : rec(0x0fa0, Buffer.from(text, 'utf16le')), ...(runs ? [styleTextProp(text.length, runs)] : [])];
}

/** An OfficeArtFOPT of a fill: the fill style booleans (fUsefFilled, fFilled) and its colour, or a picture fill. */
function fillOpt(fill: 'none' | PptColour | 'picture'): Buffer {
  const prop = (id: number, value: Buffer | number) => Buffer.concat([Buffer.from([id & 0xff, id >> 8]), typeof value === 'number' ? u32s(value) : value]);
  const props = fill === 'none' ? [prop(0x01bf, 0x100000)] : fill === 'picture' ? [prop(0x0180, 3), prop(0x01bf, 0x100010)] : [prop(0x0181, colourBytes(fill, 'shape')), prop(0x01bf, 0x100010)];
  return rec(0xf00b, props, { instance: props.length });
}

/** A SmallRectStruct (s16 top, left, right, bottom) of a left, top, right, bottom. */
function smallRect([l, t, r, b]: [number, number, number, number]): Buffer {
  const out = Buffer.alloc(8);
  [t, l, r, b].forEach((v, i) => out.writeInt16LE(v, i * 2));
  return out;
}

/** A shape holding a text in a ClientTextbox, with its fill and anchor when given (a ChildAnchor in a group, else a ClientAnchor: SmallRectStruct top, left, right, bottom). */
function textShape(t: string | PptText, grouped = false): Buffer {
  const o = typeof t === 'string' ? undefined : t;
  const anchor = o?.at ? [grouped ? rec(0xf00f, u32s(...o.at)) : rec(0xf010, smallRect(o.at))] : [];
  return container(0xf004, [rec(0xf00a, u32s(1024, 0)), ...(o?.fill !== undefined ? [fillOpt(o.fill)] : []), ...anchor, container(0xf00d, textAtoms(t, 4))]);
}

/** A group: its own shape (FSP fGroup, its child space in an OfficeArtFSPGR, its place in a ClientAnchor), then its text boxes. */
function groupOf(g: NonNullable<PptSlide['group']>): Buffer {
  const own = container(0xf004, [rec(0xf00a, u32s(1030, 0x201), { instance: 0 }), rec(0xf009, u32s(...g.child)), rec(0xf010, smallRect(g.at))]);
  return container(0xf003, [own, ...g.shapes.map((t) => textShape(t, true))]);
}

/** A placeholder's shape placed at `at`, its text the slides list's `index`th for the slide. */
function placeholderShape(at: [number, number, number, number], index: number): Buffer {
  return container(0xf004, [rec(0xf00a, u32s(1027 + index, 0)), rec(0xf010, smallRect(at)), container(0xf00d, [rec(0x0f9e, u32s(index))])]);
}

/** A drawing holding one shape per text, each with its text in a ClientTextbox, placeholders' shapes, a group, and a background shape when given. */
function drawing(texts: (string | PptText)[], background?: PptColour | 'picture', picture = false, group?: PptSlide['group'], placeholdersAt: PptSlide['placeholdersAt'] = []): Buffer {
  const photo = picture ? [container(0xf004, [rec(0xf00a, u32s(1026, 0xa00), { instance: 75 })])] : [];
  const shapes = [...placeholdersAt.flatMap((at, i) => (at ? [placeholderShape(at, i)] : [])), ...texts.map((t) => textShape(t))];
  // FSP flags: fBackground (0x400) and fHaveSpt (0x800).
  const bg = background === undefined ? [] : [container(0xf004, [rec(0xf00a, u32s(1025, 0xc00)), fillOpt(background)])];
  return container(0x040c, [container(0xf002, [rec(0xf008, u32s(texts.length, 1024)), container(0xf003, [...photo, ...shapes, ...(group ? [groupOf(group)] : [])]), ...bg])]);
}

/** A SlideSchemeColorSchemeAtom (recInstance 1): eight colours of four bytes. */
function schemeAtom(scheme: string[]): Buffer {
  return rec(0x07f0, Buffer.concat(scheme.map((c) => Buffer.concat([colourBytes(c, 'shape').subarray(0, 3), Buffer.alloc(1)]))), { instance: 1 });
}

/** The `PowerPoint Document` and `Current User` streams of a deck. */
export function pptStreams(o: PptOptions): { document: Uint8Array; currentUser: Uint8Array } {
  const slideIds = o.slides.map((_, i) => 256 + i);
  const notesIds = o.slides.map((s, i) => (s.notes ? 0x8000_0000 + i + 1 : 0));
  // Persist ids: 1 the document, 2… the slides, then the notes.
  const slidePersist = o.slides.map((_, i) => 2 + i);
  const notesPersist = o.slides.map((_, i) => 2 + o.slides.length + i);
  const slideList = container(
    0x0ff0,
    o.slides.flatMap((s, i) => [rec(0x03f3, u32s(slidePersist[i]!, 0, s.texts?.length ?? 0, slideIds[i]!, 0)), ...(s.texts ?? []).flatMap((t, k) => textAtoms(t, k === 0 ? 0 : 1))]),
    0,
  );
  const notesList = container(
    0x0ff0,
    o.slides.flatMap((s, i) => (s.notes ? [rec(0x03f3, u32s(notesPersist[i]!, 0, 0, notesIds[i]!, 0)), ...(o.notesInList ? textAtoms(s.notes, 2) : [])] : [])),
    2,
  );
  const links = o.hyperlinks?.length
    ? [container(0x0409, o.hyperlinks.map((h, i) => container(0x0fd7, [rec(0x0fd3, u32s(i + 1)), rec(0x0fba, Buffer.from(h.name, 'utf16le'), { instance: 0 }), rec(0x0fba, Buffer.from(h.target, 'utf16le'), { instance: 1 })])))]
    : [];
  // DocumentAtom: slideSize (x, y), then the notes size and the rest, left zero.
  const documentAtom = rec(0x03e9, Buffer.concat([u32s(...(o.size ?? [5760, 4320])), Buffer.alloc(32)]));
  const doc = container(0x03e8, [documentAtom, ...links, slideList, notesList, rec(0x03ea, Buffer.alloc(0))]);

  const master = o.master ? [container(0x03f8, [rec(0x03ef, Buffer.alloc(24)), drawing([], o.master.background), ...(o.master.scheme ? [schemeAtom(o.master.scheme)] : [])])] : [];
  const parts: Buffer[] = [doc, ...master];
  let at = doc.length + (master[0]?.length ?? 0);
  const offsets = new Map<number, number>([[1, 0]]);
  const order = o.slides.map((_, i) => i);
  if (o.reverseContainers) order.reverse();
  for (const i of order) {
    const s = o.slides[i]!;
    // SlideAtom: geom, 8 placeholder types, masterIdRef, notesIdRef, flags.
    const slideAtom = rec(0x03ef, Buffer.concat([u32s(0), Buffer.alloc(8), u32s(0x80000000, notesIds[i]!), Buffer.alloc(4)]));
    // SlideShowSlideInfoAtom: slideTime, soundIdRef, effectDirection, effectType, transition flags (fHidden 0x4), speed, 3 unused.
    const showInfo = s.hidden ? [rec(0x03f9, Buffer.concat([u32s(0, 0), Buffer.from([0, 0, 0x04, 0x00, 0, 0, 0, 0])]))] : [];
    const slide = container(0x03ee, [slideAtom, ...showInfo, drawing(s.shapes ?? [], s.background, s.picture, s.group, s.placeholdersAt), ...(s.scheme ? [schemeAtom(s.scheme)] : [])]);
    offsets.set(slidePersist[i]!, at);
    parts.push(slide);
    at += slide.length;
  }
  for (const [i, s] of o.slides.entries()) {
    if (!s.notes) continue;
    const notes = container(0x03f0, [rec(0x03f1, Buffer.concat([u32s(slideIds[i]!), Buffer.alloc(4)])), drawing(o.notesInList ? [] : [s.notes])]);
    offsets.set(notesPersist[i]!, at);
    parts.push(notes);
    at += notes.length;
  }
  // One persist directory entry per id (count 1), as PowerPoint writes them when ids are sparse.
  const entries = [...offsets].sort((a, b) => a[0] - b[0]).flatMap(([id, off]) => [(1 << 20) | id, off]);
  const directoryAt = at;
  const directory = rec(0x1772, u32s(...entries));
  parts.push(directory);
  at += directory.length;
  const userEditAt = at;
  const userEdit = rec(0x0ff5, Buffer.concat([u32s(slideIds[0] ?? 0), Buffer.from([0x00, 0x00, 0x00, 0x03]), u32s(0, directoryAt, 1, 2 + 2 * o.slides.length), Buffer.alloc(4)]));
  parts.push(userEdit);

  const name = Buffer.from('aispm', 'latin1');
  const atom = Buffer.concat([u32s(0x14, o.encrypted ? 0xf3d1c4df : 0xe391c05f, userEditAt), Buffer.from([name.length, 0, 0xf4, 0x03, 3, 0, 0, 0]), name, u32s(8), Buffer.from('aispm', 'utf16le')]);
  return { document: new Uint8Array(Buffer.concat(parts)), currentUser: new Uint8Array(rec(0x0ff6, atom)) };
}

/** A `.ppt` file (a compound file) holding this deck. */
export function pptDeck(o: PptOptions): Uint8Array {
  const { document, currentUser } = pptStreams(o);
  return pptFile(document, currentUser);
}

/** Streams (perhaps patched by a test) stored as a `.ppt` compound file. */
export function pptFile(document: Uint8Array, currentUser: Uint8Array): Uint8Array {
  return compoundFile({ 'PowerPoint Document': document, 'Current User': currentUser });
}
