import { openCompoundFile } from './ole2.js';
import { walkRecords, type PptRecord } from './ppt-records.js';
import { CollectedRows, documentRead, type DocumentRead, type RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';
import { PptLook, runHiddenBy, type SlideColours } from './ppt-look.js';
import { foptFill, paints, type PptFill } from './ppt-fill.js';
import { charRuns, type CharRun } from './ppt-text-style.js';
import { PptPlacement } from './ppt-place.js';

/**
 * PowerPoint 97–2003 decks (`.ppt`, `.pps`, `.pot`; MS-PPT), read as a RAG loader extracts them:
 * every text atom of the `PowerPoint Document` stream, a row each, its field naming where it sits:
 * `slide 3`, `notes 3` (the speaker notes of slide 3), `master`, `handout`, or `document` for text
 * kept outside slides (a hyperlink's target and name, custom show names).
 *
 * Text is in TextCharsAtom (UTF-16LE), TextBytesAtom (one byte a character) and CString records
 * (UTF-16LE: comments, hyperlinks, titles). Placeholder text is kept in the document's
 * SlideListWithText (one per kind: slides, masters, notes), a SlidePersistAtom opening each slide's
 * run; text boxes drawn on a slide are in the Slide container's drawing. Slides are numbered as the
 * deck shows them: by the slides list's order, a Slide container found through the persist
 * directory (persist id → stream offset) that the list's persist ids point into, and notes
 * through their NotesAtom's slide id (in the notes list: the notes id a SlideAtom names;
 * `unlisted slide 1` for one the list does not name). The records are walked in stream order, so text an
 * incremental save left behind is read too; the same text twice in one place is one row.
 *
 * A slide the deck does not show (its SlideShowSlideInfoAtom's fHidden) is still in the file and
 * still read by loaders: its text's field says so, as a `.pptx`'s does (`slide 3, hidden (hidden
 * slide)`; its notes are labelled as any notes are). A slide's runs coloured (StyleTextPropAtom:
 * ppt-text-style.ts) like the fill of the shape they are in (ppt-fill.ts) or, in a shape not filled
 * and in placeholder text, like the slide's background (ppt-look.ts) are cells of their own that say
 * so: `slide 2, hidden (text coloured like its slide background)`; a text box placed wholly outside
 * the slide (ppt-place.ts) is `slide 2, hidden (off the slide)`.
 *
 * An encrypted deck is not read, and says so. Bounded: the stream by the compound file reader,
 * records by `ppt-records.ts`, text by MAX_TEXT characters.
 */

/** The most characters read from one deck. */
export const MAX_TEXT = 32 << 20;

const RT = {
  slide: 0x03ee,
  slideAtom: 0x03ef,
  slideShowSlideInfoAtom: 0x03f9,
  notes: 0x03f0,
  notesAtom: 0x03f1,
  slidePersistAtom: 0x03f3,
  mainMaster: 0x03f8,
  handout: 0x0fc9,
  slideListWithText: 0x0ff0,
  textHeader: 0x0f9f,
  outlineTextRef: 0x0f9e,
  textChars: 0x0fa0,
  textBytes: 0x0fa8,
  cString: 0x0fba,
  persistDirectory: 0x1772,
  progStringTag: 0x1389,
  cryptSession: 0x2f14,
  styleTextProp: 0x0fa1,
  spContainer: 0xf004,
  fopt: 0xf00b,
  clientTextbox: 0xf00d,
} as const;

/** SlideShowSlideInfoAtom's fHidden, in the u16 of transition flags at byte 10 of its body. */
const SLIDE_HIDDEN = 0x0004;
const HIDDEN_SUFFIX = ', hidden (hidden slide)';

/** A slide's own label (not a hidden slide's, which says so already): its text is matched against it. */
const SLIDE_FIELD = /^slide \d+$/;
/** A drawn shape whose fill is not said: matched against nothing. */
const UNSAID: PptFill = { kind: 'unsaid' };

/** Notes-list entries kept (a deck has as many as it has slides). */
const MAX_LIST = 1 << 20;

/** CurrentUserAtom's headerToken when the document is encrypted (0xE391C05F when it is not). */
const ENCRYPTED_TOKEN = 0xf3d1c4df;

/** Windows-1252's 0x80–0x9F: PowerPoint writes a TextBytesAtom's characters in it. */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** Where slides are: persist ids → stream offsets, and the slides list's numbering. */
interface DeckIndex {
  /** Stream offset of each persist object, by persist id (later directories override). */
  persist: Map<number, number>;
  /** Slide number (1-based) by the persist id its SlidePersistAtom names, and by its slide id. */
  slideByPersist: Map<number, number>;
  slideById: Map<number, number>;
  /** Slide offsets by the slide number the slides list gives them. */
  slideAt: Map<number, number>;
  /** The slide number of each entry of the notes list (its SlidePersistAtom's notes id, matched to a SlideAtom's notesIdRef). */
  notesListSlides: (number | undefined)[];
  /** Offsets of the Slide containers the slide show skips, and the slide numbers the slides list gives them. */
  hiddenAt: Set<number>;
  hiddenSlides: Set<number>;
  /** A CryptSession10Container: the deck's records are encrypted past the first ones. */
  encrypted: boolean;
  /** Each slide's colour scheme and background (ppt-look.ts). */
  look: PptLook;
  /** Placeholder texts (their index in the slide's run of the slides list) whose shape lies off the slide, by slide number. */
  offSlideTexts: Map<number, Set<number>>;
}

/** The persist directories and the slides list, in a first walk (no text is decoded). */
function indexDeck(stream: Uint8Array): DeckIndex {
  const index: DeckIndex = { persist: new Map(), slideByPersist: new Map(), slideById: new Map(), slideAt: new Map(), notesListSlides: [], hiddenAt: new Set(), hiddenSlides: new Set(), encrypted: false, look: new PptLook(), offSlideTexts: new Map() };
  const place = new PptPlacement();
  /** Placeholder texts off the slide, by the Slide container's offset (numbered once the directory is read). */
  const offSlideAt = new Map<number, Set<number>>();
  let slides = 0;
  const notesIdAt = new Map<number, number>();
  const notesListIds: number[] = [];
  walkRecords(stream, {
    enter(rec, path) {
      index.look.visit(rec, path);
      place.visit(rec, path);
      const view = () => new DataView(rec.body.buffer, rec.body.byteOffset, rec.body.byteLength);
      if (rec.type === RT.cryptSession) index.encrypted = true;
      else if (rec.type === RT.persistDirectory) {
        // Entries: u32 (persist id in the low 20 bits, a count in the high 12), then count offsets.
        const v = view();
        for (let o = 0; o + 4 <= rec.body.length; ) {
          const head = v.getUint32(o, true);
          const first = head & 0xfffff;
          const n = head >>> 20;
          o += 4;
          for (let i = 0; i < n && o + 4 <= rec.body.length; i++, o += 4) index.persist.set(first + i, v.getUint32(o, true));
        }
      } else if (rec.type === RT.slidePersistAtom && rec.body.length >= 16 && path.at(-1)?.type === RT.slideListWithText) {
        if (path.at(-1)!.instance === 0) {
          slides++;
          index.slideByPersist.set(view().getUint32(0, true), slides);
          index.slideById.set(view().getUint32(12, true), slides);
        } else if (path.at(-1)!.instance === 2 && notesListIds.length < MAX_LIST) notesListIds.push(view().getUint32(12, true));
      } else if (rec.type === RT.slideAtom && rec.body.length >= 20 && path.at(-1)?.type === RT.slide) notesIdAt.set(path.at(-1)!.at, view().getUint32(16, true));
      else if (rec.type === RT.slideShowSlideInfoAtom && rec.body.length >= 12 && path.at(-1)?.type === RT.slide && view().getUint16(10, true) & SLIDE_HIDDEN) index.hiddenAt.add(path.at(-1)!.at);
      // A placeholder's shape names its text by index (OutlineTextRefAtom): the text is in the slides list, read before the shape is met.
      else if (rec.type === RT.outlineTextRef && rec.body.length >= 4 && path.at(-1)?.type === RT.clientTextbox && place.offSlide(path)) {
        const slide = path.findLast((c) => c.type === RT.slide);
        if (slide && offSlideAt.size < MAX_LIST) offSlideAt.set(slide.at, (offSlideAt.get(slide.at) ?? new Set()).add(view().getUint32(0, true)));
      }
    },
  });
  // The directory comes last in the stream: slides are placed, and their notes named, once it is read.
  for (const [id, n] of index.slideByPersist) if (index.persist.has(id)) index.slideAt.set(index.persist.get(id)!, n);
  for (const at of index.hiddenAt) if (index.slideAt.has(at)) index.hiddenSlides.add(index.slideAt.get(at)!);
  for (const [at, texts] of offSlideAt) if (index.slideAt.has(at)) index.offSlideTexts.set(index.slideAt.get(at)!, texts);
  const slideByNotesId = new Map<number, number>();
  for (const [at, notesId] of notesIdAt) if (notesId && index.slideAt.has(at)) slideByNotesId.set(notesId, index.slideAt.get(at)!);
  index.notesListSlides = notesListIds.map((id) => slideByNotesId.get(id));
  return index;
}

/**
 * The text of a `.ppt`, each text atom a row handed to `sink` as it is met; `problems` says what
 * was not read. Throws an `Error` naming what is wrong with a file that is no readable deck.
 */
export function eachPptRow(bytes: Uint8Array, sink: RowSink, maxChars = MAX_TEXT): DocumentRead {
  const cfb = openCompoundFile(bytes);
  const stream = cfb.stream('PowerPoint Document');
  if (!stream) throw new Error(`no PowerPoint Document stream in the compound file (it holds ${cfb.streams().join(', ') || 'no streams'})`);
  const encrypted = { problems: ['the deck is encrypted (password-protected): its text was not read'], truncated: true, unread: true };
  // Encrypted decks: an EncryptedSummary stream, the Current User atom's encrypted-document token, or a CryptSession10Container.
  const user = cfb.stream('Current User');
  const token = user && user.length >= 16 ? new DataView(user.buffer, user.byteOffset, 16).getUint32(12, true) : 0;
  if (cfb.stream('EncryptedSummary') !== undefined || token === ENCRYPTED_TOKEN) return encrypted;
  const index = indexDeck(stream);
  if (index.encrypted) return encrypted;
  const slideAt = index.slideAt;

  let budget = Math.min(maxChars, MAX_TEXT);
  let truncated = false;
  // Slides the slides list does not name (a deleted slide an incremental save left, a damaged
  // list) are numbered in stream order, and said to be unlisted when the deck has a list.
  const unlisted = index.slideByPersist.size ? 'unlisted ' : '';
  let slidesMet = 0;
  let notesMet = 0;
  /** The label of the Slide or Notes container being walked, by its offset. */
  const labels = new Map<number, string>();
  /** The slide a slides list (or notes list) is at, by the list's offset. */
  const listCount = new Map<number, number>();
  const seen = new Set<string>();

  const labelOf = (path: readonly PptRecord[]): string => {
    for (let i = path.length - 1; i >= 0; i--) {
      const c = path[i]!;
      if (c.type === RT.slide || c.type === RT.notes) return labels.get(c.at)!;
      if (c.type === RT.mainMaster) return 'master';
      if (c.type === RT.handout) return 'handout';
      if (c.type === RT.slideListWithText) {
        if (c.instance === 1) return 'master';
        const n = listCount.get(c.at) ?? 0;
        return c.instance === 2 ? `notes ${index.notesListSlides[n - 1] ?? `list entry ${n}`}` : `slide ${n}${index.hiddenSlides.has(n) ? HIDDEN_SUFFIX : ''}`;
      }
    }
    return 'document';
  };

  const slideContainer = new Map<number, number>();
  for (const [at, n] of slideAt) slideContainer.set(n, at);
  /** The fill of each shape met (its OfficeArtFOPT comes before its text). */
  const shapeFills = new Map<number, PptFill>();
  /** Slides (containers' offsets) on which a picture or filled shape has been drawn so far. */
  const paintedSoFar = new Set<number>();
  const styleProblems: string[] = [];

  /** One stretch of a text atom, cleaned, as a row unless this place already had it. */
  const emit = (raw: string, field: string) => {
    const text = raw
      .replace(/[\r\v]/g, '\n')
      .replace(/[\u0000-\u0008\u000c-\u001f\u007f]/g, '')
      .trim();
    if (!text) return;
    const cut = text.slice(0, budget);
    budget -= text.length;
    if (budget < 0) truncated = true;
    const key = `${field}\u0000${cut}`;
    if (seen.has(key)) return;
    seen.add(key);
    const row: DataRow = { cells: [{ text: cut, field, verbatim: false }] };
    sink.row(row);
  };

  /**
   * A slide's text atom waits for the StyleTextPropAtom after it: its runs coloured like what they
   * sit on are cells of their own whose field says so, as a `.pptx`'s are.
   */
  let waiting: { raw: string; field: string; parentAt: number; behind?: PptFill; colours: SlideColours; offSlide: boolean } | undefined;
  const release = (runs?: CharRun[]) => {
    const w = waiting;
    if (!w) return;
    waiting = undefined;
    if (w.offSlide) return emit(w.raw, `${w.field}, hidden (off the slide)`);
    // Runs hidden for one reason, side by side, are one stretch; the text is cut only where that changes.
    let start = 0;
    let from = 0;
    let why: string | undefined;
    for (const run of runs ?? []) {
      const runWhy = runHiddenBy(run.colour, w.behind, w.colours);
      if (runWhy !== why) {
        emit(w.raw.slice(start, from), why ? `${w.field}, hidden (${why})` : w.field);
        start = from;
        why = runWhy;
      }
      from += run.count;
    }
    emit(start ? w.raw.slice(start) : w.raw, why ? `${w.field}, hidden (${why})` : w.field);
  };

  const place = new PptPlacement();
  /** The index of the text header last met in the slides list, counted from each slide's SlidePersistAtom. */
  let textIndex = -1;
  const { problems, stopped } = walkRecords(stream, {
    enter(rec, path) {
      if (budget <= 0) return;
      place.visit(rec, path);
      const parent = path.at(-1);
      if (waiting) {
        if (rec.type === RT.styleTextProp && parent?.at === waiting.parentAt) {
          try {
            release(charRuns(rec.body, waiting.raw.length));
          } catch (e) {
            styleProblems.push(`text style at offset ${rec.at} (${waiting.field}): ${(e as Error).message}; its run colours not read`);
            release();
          }
          return;
        }
        release();
      }
      if (rec.type === RT.slide) labels.set(rec.at, (slideAt.get(rec.at) ? `slide ${slideAt.get(rec.at)}` : `${unlisted}slide ${++slidesMet}`) + (index.hiddenAt.has(rec.at) ? HIDDEN_SUFFIX : ''));
      else if (rec.type === RT.notes) labels.set(rec.at, `notes ?`);
      else if (rec.type === RT.notesAtom && parent?.type === RT.notes && rec.body.length >= 4) {
        // A deck's notes name the slide they belong to by its slide id.
        const slideId = new DataView(rec.body.buffer, rec.body.byteOffset, 4).getUint32(0, true);
        labels.set(parent.at, index.slideById.get(slideId) ? `notes ${index.slideById.get(slideId)}` : `${unlisted}notes ${++notesMet}`);
      } else if (rec.type === RT.slidePersistAtom && parent?.type === RT.slideListWithText) {
        listCount.set(parent.at, (listCount.get(parent.at) ?? 0) + 1);
        textIndex = -1;
      } else if (rec.type === RT.textHeader && parent?.type === RT.slideListWithText) textIndex++;
      else if (rec.type === RT.fopt && parent?.type === RT.spContainer) shapeFills.set(parent.at, foptFill(rec.body, rec.instance));
      // A picture or filled shape drawn: shapes after it on the slide may sit over it (white text on a photograph).
      if (parent?.type === RT.spContainer && paints(rec)) {
        const owner = path.findLast((c) => c.type === RT.slide);
        if (owner) paintedSoFar.add(owner.at);
      }
      else if (rec.type === RT.textChars || rec.type === RT.textBytes || rec.type === RT.cString) {
        // A programmable tag's name (`___PPT10`) is PowerPoint's bookkeeping, not text.
        if (rec.type === RT.cString && parent?.type === RT.progStringTag && rec.instance === 0) return;
        const raw = rec.type === RT.textBytes ? cp1252(rec.body) : Buffer.from(rec.body.buffer, rec.body.byteOffset, rec.body.length & ~1).toString('utf16le');
        const field = labelOf(path);
        // Only a slide's own text is matched against it, and not a hidden slide's (said already).
        if (rec.type === RT.cString || !parent || !SLIDE_FIELD.test(field)) return emit(raw, field);
        const drawn = parent.type === RT.clientTextbox ? path.at(-2) : undefined;
        const container = drawn ? path.findLast((c) => c.type === RT.slide)?.at : slideContainer.get(Number(field.slice(6)));
        let behind = drawn ? (shapeFills.get(drawn.at) ?? UNSAID) : undefined;
        if (behind?.kind !== 'solid' && (drawn ? container !== undefined && paintedSoFar.has(container) : index.look.painted(container))) behind = UNSAID;
        waiting = { raw, field, parentAt: parent.at, behind, colours: index.look.colours(container), offSlide: drawn ? place.offSlide(path) : parent.type === RT.slideListWithText && !!index.offSlideTexts.get(Number(field.slice(6)))?.has(textIndex) };
      }
    },
  });
  release();
  if (truncated) problems.push(`text over ${Math.min(maxChars, MAX_TEXT)} characters; the rest was not read`);
  // A text style not read leaves its text read, uncoloured, and a broken record inside a container
  // leaves that container's rest out: said, the rest of the deck read. The text cap, the record cap
  // or a broken record at the top level stop the reading.
  return documentRead([...problems, ...styleProblems].slice(0, 20), truncated || stopped);
}

/** The text of a `.ppt` as rows (small files: tests); `problems` says what was not read. */
export function pptRows(bytes: Uint8Array, maxChars = MAX_TEXT): { rows: DataRow[] } & DocumentRead {
  const rows = new CollectedRows();
  return { rows: rows.rows, ...eachPptRow(bytes, rows, maxChars) };
}

function cp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
