import { unzipSync, type UnzipFileInfo } from 'fflate';
import { Parser } from 'htmlparser2';
import { CollectedRows, documentRead, type DocumentRead, type RowSink } from './sheet-table.js';
import { propertyRows } from './ooxml-properties.js';
import { DOCX_PAGE_PARTS, docxPageColour, hiddenByColour, pageColoured } from './docx-page.js';
import { DeckDesign, DESIGN_PARTS } from './pptx-design.js';
import { SlideTextLook } from './slide-text.js';
import { tableCellFills } from './slide-table-fills.js';
import { DocxTables } from './docx-tables.js';
import type { DataRow, TextCell } from './types.js';

/**
 * Word and PowerPoint files (Office Open XML: a zip of XML parts), as a RAG loader extracts them:
 * every paragraph of the body, headers and footers, footnotes, comments, slides and speaker notes.
 * What the document hides from its reader is read too, as its own cell whose field says so, since
 * that is where an instruction aimed at the model hides and where removed personal data lingers:
 * text formatted as hidden (`w:vanish`), in white on an unshaded page or at a size under 1 point
 * (the white text a résumé hides for a screening model), deleted tracked changes (`w:delText`,
 * still in the file) and slides the deck does not show.
 *
 * Parts are inflated only when their declared size is within MAX_PART_BYTES, into a buffer of that
 * size (fflate never writes past it, so a part that inflates past its claim is cut there, not
 * grown); the whole file is held in memory, bounded by the caller's document limit.
 */

export type OfficeKind = 'docx' | 'pptx';

/** Largest XML part inflated, and all parts together. */
const MAX_PART_BYTES = 64 << 20;
const MAX_TOTAL_BYTES = 256 << 20;

/** The parts whose text a loader reads, in reading order. */
const PARTS: Record<OfficeKind, RegExp> = {
  docx: /^(?:word\/(?:document|comments|footnotes|endnotes|header\d*|footer\d*)\.xml|docProps\/(?:core|custom)\.xml)$/,
  pptx: /^(?:ppt\/(?:slides\/slide\d+|notesSlides\/notesSlide\d+|comments\/\w+)\.xml|docProps\/(?:core|custom)\.xml)$/,
};

/** A slide (not its notes): its text is read against its background. */
const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;

/** Paragraph elements (a block of text) and text-run elements, in both vocabularies. */
const PARAGRAPH = new Set(['w:p', 'a:p']);
const TEXT = new Set(['w:t', 'a:t', 'w:deltext']);

/** `slide10` after `slide9`: parts in the order a reader meets them. */
function partOrder(a: string, b: string): number {
  const num = (s: string) => Number(/(\d+)\.xml$/.exec(s)?.[1] ?? 0);
  const stem = (s: string) => s.replace(/\d+\.xml$/, '');
  return stem(a) === stem(b) ? num(a) - num(b) : a.localeCompare(b);
}

/** Whether a `w:vanish` element switches hiding on (`w:val="0"` / `"false"` switches it off). */
function vanishOn(attribs: Record<string, string>): boolean {
  const v = attribs['w:val']?.toLowerCase();
  return v === undefined || (v !== '0' && v !== 'false' && v !== 'off');
}


/** Whether a shading fill paints something under the text (not none, auto or the page's colour: white unless it has one). */
function shaded(fill: string | undefined, page: string | undefined): boolean {
  return !!fill && !/^(?:auto|none)$/i.test(fill) && !pageColoured(fill, page);
}

/**
 * The paragraphs of one XML part, as rows of one cell each, handed to `emit` as they are read;
 * `slide` watches a slide's runs for text the colour of what it sits on, or off the slide; `page`
 * is a Word document's page colour when it shows one (docx-page.ts), else the page is white.
 */
function partRows(part: string, xml: string, emit: (row: DataRow) => void, slide?: SlideTextLook, page?: string): void {
  let paragraph = 0;
  let parts: string[] = [];
  let hidden: string | undefined;
  let inText = false;
  let inRunProps = false;
  let inParaProps = false;
  let runHidden = false;
  /** Direct formatting that hides a run: the page's colour (unless shaded under), a size under 1 pt. */
  let runColour: string | undefined;
  let runTiny = false;
  let runShaded = false;
  let paraShaded = false;
  /** Per open table cell, whether it (or a cell around it) is shaded (`w:tcPr/w:shd`): its text is read on that. */
  const cellShaded: boolean[] = [];
  let inCellProps = false;
  let deleted = 0;
  /** A slide the deck does not show (`<p:sld show="0">`): its text is still in the file. */
  let slideHidden = false;
  const comment = /comments/.test(part);
  // A Word part's tables: body cells also come out named by their column's header (docx-tables.ts).
  const tables = part.startsWith('word/') && !comment ? new DocxTables(emit) : undefined;
  let images = 0;
  /**
   * A drawing's alt text (`wp:docPr` in Word, `p:cNvPr` in PowerPoint: `descr`, `title`): shown to
   * no reader of the page, read by screen readers and by loaders that describe images, so an
   * instruction can hide there. A row of its own, before the paragraph that holds the drawing.
   */
  const altText = (attribs: Record<string, string>) => {
    const text = [attribs.title, attribs.descr].filter((t) => t?.trim()).join('\n').trim();
    if (text) emit({ cells: [{ text, field: `${part} image ${++images}, hidden (alt text)`, verbatim: false }] });
  };
  const flush = () => {
    const text = parts.join('').trim();
    if (text) {
      const why = hidden ?? (comment ? 'comment' : undefined);
      const cell: TextCell = { text, field: `${part} paragraph ${paragraph}${why ? `, hidden (${why})` : ''}`, verbatim: false };
      emit({ cells: [cell] });
    }
    parts = [];
    hidden = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        slide?.open(name, attribs);
        tables?.open(name, attribs);
        if (PARAGRAPH.has(name)) {
          flush();
          paragraph++;
          paraShaded = false;
        } else if (name === 'p:sld' && attribs.show === '0') slideHidden = true;
        else if (name === 'wp:docpr' || name === 'p:cnvpr') altText(attribs);
        else if (name === 'w:r') {
          runHidden = runTiny = runShaded = false;
          runColour = undefined;
        }
        else if (name === 'w:ppr') inParaProps = true;
        else if (name === 'w:tc') cellShaded.push(cellShaded.at(-1) ?? false);
        else if (name === 'w:tcpr') inCellProps = true;
        else if (name === 'w:rpr') inRunProps = true;
        else if (name === 'w:vanish' && inRunProps) runHidden = vanishOn(attribs);
        else if (name === 'w:color' && inRunProps) runColour = attribs['w:val'];
        // Half-points: 2 is 1 pt.
        else if (name === 'w:sz' && inRunProps) runTiny = Number(attribs['w:val']) <= 1;
        else if (name === 'w:shd' && inRunProps) runShaded = shaded(attribs['w:fill'], page);
        else if (name === 'w:shd' && inParaProps) paraShaded = shaded(attribs['w:fill'], page);
        else if (name === 'w:shd' && inCellProps && cellShaded.length) cellShaded[cellShaded.length - 1] ||= shaded(attribs['w:fill'], page);
        else if (name === 'w:del') deleted++;
        else if (TEXT.has(name)) inText = true;
      },
      onclosetag(name) {
        slide?.close(name);
        tables?.close(name);
        if (PARAGRAPH.has(name)) flush();
        else if (name === 'w:rpr') inRunProps = false;
        else if (name === 'w:ppr') inParaProps = false;
        else if (name === 'w:tc') cellShaded.pop();
        else if (name === 'w:tcpr') inCellProps = false;
        else if (name === 'w:del') deleted = Math.max(0, deleted - 1);
        else if (TEXT.has(name)) inText = false;
      },
      ontext(text) {
        if (!inText) return;
        const byColour = runShaded || paraShaded || cellShaded.at(-1) ? undefined : hiddenByColour(runColour, page);
        const why = deleted ? 'deleted revision' : runHidden ? 'vanish' : (byColour ?? (runTiny ? 'font size under 1 point' : (slide?.why() ?? (slideHidden ? 'hidden slide' : undefined))));
        // Hidden and visible text of one paragraph are cells of their own.
        if (parts.length && why !== hidden) flush();
        hidden = why;
        parts.push(text);
        if (!why) tables?.text(text);
      },
    },
    { xmlMode: true, decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(xml);
  parser.end();
  flush();
}

/**
 * The most directory entries a zip of these bytes can hold. fflate takes a zip64 directory's entry
 * count as given and walks that many entries even past the bytes: a 100-byte file claiming 2^32 of
 * them kept a core busy for some 20 minutes. Each entry of a real central directory takes 46 bytes
 * at least, so no more are looked at.
 */
export function mostZipEntries(bytes: Uint8Array): number {
  return Math.floor(bytes.length / 46) + 1;
}

/** Parts that do not inflate, named one by one, before the rest of the zip's wanted parts are left out together. */
const MAX_BROKEN_PARTS = 100;

/**
 * The parts of an Office zip whose names match `wanted`, each inflated only when its declared size
 * is within MAX_PART_BYTES (MAX_TOTAL_BYTES for all), into a buffer of exactly that size; `problems`
 * names the parts skipped, and those that do not inflate (a corrupt deflate stream): the parts
 * after one are still read. Throws on a zip that is not one, or whose directory lies about its size.
 */
export function officeParts(bytes: Uint8Array, wanted: RegExp | ((name: string) => boolean)): { files: Record<string, Uint8Array>; problems: string[] } {
  const problems: string[] = [];
  let total = 0;
  const want = typeof wanted === 'function' ? wanted : (name: string) => wanted.test(name);
  const mostEntries = mostZipEntries(bytes);
  // The directory first, nothing inflated: which entries to read, by their place in it (`want` is
  // asked once an entry; a name can be listed twice).
  const chosen = new Map<number, string>();
  zipEntries(bytes, mostEntries, (f, at) => {
    if (!want(f.name)) return false;
    if (f.originalSize > MAX_PART_BYTES || total + f.originalSize > MAX_TOTAL_BYTES) {
      problems.push(`${f.name} declares ${Math.round(f.originalSize / 2 ** 20)} MiB, over the ${MAX_PART_BYTES >> 20} MiB read per part (${MAX_TOTAL_BYTES >> 20} MiB in all); not read`);
    } else if (f.compression !== 0 && f.compression !== 8) problems.push(`${f.name} uses zip compression method ${f.compression}; not read`);
    else {
      total += f.originalSize;
      chosen.set(at, f.name);
    }
    return false;
  });
  return { files: inflateParts(bytes, mostEntries, chosen, problems), problems };
}

/**
 * The `chosen` entries inflated. fflate inflates a zip's entries in directory order and throws on
 * one that does not inflate, dropping those before it: that entry (the last the filter let
 * through) is named and left out, the entries before it are inflated again, and the walk goes on
 * past it. Each entry is inflated twice at most.
 */
function inflateParts(bytes: Uint8Array, mostEntries: number, chosen: Map<number, string>, problems: string[]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let broken = 0; chosen.size; broken++) {
    const taken: number[] = [];
    try {
      return Object.assign(files, zipEntries(bytes, mostEntries, (_, at) => chosen.has(at) && taken.push(at) > 0));
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0];
      const culprit = taken.pop();
      if (culprit === undefined || broken >= MAX_BROKEN_PARTS) {
        problems.push(`${chosen.size} parts not read: ${reason}`);
        return files;
      }
      problems.push(`${chosen.get(culprit)} does not inflate (${reason}); not read`);
      const before = new Set(taken);
      if (before.size) Object.assign(files, zipEntries(bytes, mostEntries, (_, at) => before.has(at)));
      for (const at of [culprit, ...taken]) chosen.delete(at);
    }
  }
  return files;
}

/** fflate's unzipSync over a directory bounded to `mostEntries` entries (see mostZipEntries); `filter` says which to inflate, by each entry and its place in the directory. */
function zipEntries(bytes: Uint8Array, mostEntries: number, filter: (f: UnzipFileInfo, at: number) => boolean): Record<string, Uint8Array> {
  let entries = 0;
  return unzipSync(bytes, {
    filter(f) {
      if (++entries > mostEntries) throw new Error(`its directory claims more entries than its ${bytes.length} bytes could hold`);
      return filter(f, entries - 1);
    },
  });
}

/**
 * The text of a .docx or .pptx file, paragraph by paragraph, each handed to `emit` as it is read:
 * a 4 MB file can hold a 64 MiB part of millions of one-word paragraphs, which held as rows all at
 * once took 1.5 GB. Returns what was not read.
 */
export function eachOfficeRow(bytes: Uint8Array, kind: OfficeKind, sink: RowSink): DocumentRead {
  // A deck's layouts, masters and theme too: what its slides' text sits on (pptx-design.ts).
  // A document's settings and theme: the colour of its page (docx-page.ts).
  const { files, problems } = officeParts(bytes, kind === 'pptx' ? (name) => PARTS.pptx.test(name) || DESIGN_PARTS.test(name) : (name) => PARTS.docx.test(name) || DOCX_PAGE_PARTS.test(name));
  const design = kind === 'pptx' ? new DeckDesign(files, problems) : undefined;
  const page = kind === 'docx' ? docxPageColour(files) : undefined;
  const decoder = new TextDecoder('utf-8');
  for (const name of Object.keys(files).filter((n) => PARTS[kind].test(n)).sort(partOrder)) {
    const xml = decoder.decode(files[name]);
    // The inflated part goes once decoded: only one part's text is held at a time.
    delete files[name];
    const slide = design && SLIDE.test(name) ? new SlideTextLook(design.lookOf(name, xml), tableCellFills(xml)) : undefined;
    // The package's own properties (ooxml-properties.ts), else a part of the document's text.
    if (!propertyRows(name, xml, sink)) partRows(name, xml, (r) => sink.row(r), slide, page);
  }
  // Each problem names a part left out (over the size read, a compression not read, a design part
  // past the cap); the parts after it were read.
  return documentRead(problems, false);
}

/** The text of a .docx or .pptx file as rows (a small file: tests, the benchmark); `problems` says what was not read. */
export function officeRows(bytes: Uint8Array, kind: OfficeKind): { rows: DataRow[]; problems: string[] } {
  const rows = new CollectedRows();
  const { problems } = eachOfficeRow(bytes, kind, rows);
  return { rows: rows.rows, problems };
}
