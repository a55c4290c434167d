import { importPdfJs, type PdfJs } from './pdfjs-import.js';
import { documentRead } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * PDF documents, as a RAG loader extracts them: the text of every page (pdf.js, Mozilla's parser,
 * pure JavaScript), one cell per page (`field page 3`), and the document's own metadata (author,
 * title, subject, keywords) as one more. The text is what pdf.js extracts, which includes text a
 * reader does not see, as a loader would pass it to a model: text drawn in the invisible render
 * mode, in white, or at a font size under 1 is a cell of its own whose field says so (`page 2,
 * hidden (white text)`) — the way instructions to a model reviewer were hidden in papers.
 *
 * pdf.js is run with code generation off (`isEvalSupported: false`: fonts are never compiled to
 * JavaScript, the path of CVE-2024-4367), no font loading and no network; at most MAX_PAGES pages
 * and MAX_TEXT characters are read. An encrypted PDF is not read, and says so.
 */

const MAX_PAGES = 2000;
const MAX_TEXT = 64 << 20;


/** Metadata fields worth reading (who wrote it, what it is about). */
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator'] as const;

/**
 * What the text operators a page draws with: fill colour, render mode, font size and leading, and
 * the current transformation matrix — all saved and restored with the graphics state.
 */
interface DrawState {
  white: boolean;
  mode: number;
  size: number;
  leading: number;
  ctm: Matrix;
  /** The clipping area's page-space box (its path's bounds: what lies outside them is never shown). */
  clip?: Box;
}

type Box = [number, number, number, number];

/** A PDF matrix [a b c d e f]. */
type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` then `n` (PDF's row-vector convention: a point goes through m first). */
function times(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

function matrixOf(args: ArrayLike<unknown> | null): Matrix | undefined {
  const a = args && args.length === 1 && typeof args[0] === 'object' ? (args[0] as ArrayLike<unknown>) : args;
  if (!a || a.length < 6) return undefined;
  const m = [0, 1, 2, 3, 4, 5].map((i) => Number(a[i]));
  return m.every(Number.isFinite) ? (m as unknown as Matrix) : undefined;
}

/** pdf.js operator numbers by name, built once (not per page). */
let opNames: Map<number, string> | undefined;

/** The operators that draw text: their first argument is the glyphs. */
const SHOW = new Set(['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText']);
/** How far (points) a run may start outside the page box and still be on it (a glyph's side bearing). */
const PAGE_SLACK = 2;
/** Operators that fill the path just constructed. */
const FILLS = new Set(['fill', 'eoFill', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke']);
/** Operators that paint an image (drawn in the unit square under the current matrix). */
const IMAGES = new Set(['paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat']);
/** Painted areas kept per page (a page of a million tiny fills is not kept whole). */
const MAX_AREAS = 10_000;

/** The page-space box [x0, y0, x1, y1] of a user-space box under matrix `m`. */
function boxUnder(m: Matrix, b: readonly number[]): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[b[0]!, b[1]!], [b[2]!, b[1]!], [b[0]!, b[3]!], [b[2]!, b[3]!]] as const) {
    xs.push(x * m[0] + y * m[2] + m[4]);
    ys.push(x * m[1] + y * m[3] + m[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Images a scanned page is painted with at most (a scanner's strips, a compressor's layers). */
const MAX_SCAN_IMAGES = 64;

/** Hidden runs not met as text items that are taken out of a page's text as words (a bound per page). */
const MAX_UNMATCHED = 1000;

/** `text` without the first occurrence of `run` that stands as whole words (not the `x` of `box`). */
function withoutWords(text: string, run: string): string {
  const word = /[\p{L}\p{N}_]/u;
  for (let at = text.indexOf(run); at >= 0; at = text.indexOf(run, at + 1)) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + run.length] ?? ' ';
    if ((word.test(run[0]!) && word.test(before)) || (word.test(run[run.length - 1]!) && word.test(after))) continue;
    return text.slice(0, at) + text.slice(at + run.length);
  }
  return text;
}

/** A run's advance on the page (its glyphs' widths are in thousandths of the font size). */
function runWidth(glyphs: unknown, size: number): number {
  let w = 0;
  if (Array.isArray(glyphs)) for (const g of glyphs) if (g && typeof g === 'object' && 'width' in g) w += Number((g as { width: unknown }).width) || 0;
  return (w / 1000) * size;
}

/**
 * Whether a run drawn from (x, y) at `size` for `width` lies wholly outside the clip box: the
 * glyphs reach from a little under the baseline to a size above it, and rightwards by the advance.
 */
function outsideClip(clip: Box, x: number, y: number, size: number, width: number): boolean {
  const s = PAGE_SLACK;
  return x - s > clip[2] || x + Math.max(width, 0) + s < clip[0] || y - 0.3 * size - s > clip[3] || y + size + s < clip[1];
}

/**
 * The text a page draws where a reader cannot see it — in the invisible (3) or clip-only (7)
 * render mode, in white where nothing but the page's white is under it (white on a dark band or
 * a photo is a heading a reader sees), wholly outside the clipping path set around it (`re W n`:
 * the run is in the content, nothing of it is drawn), at an effective size under 1
 * point (the font size through the text and transformation matrices: `/F1 12 Tf` under a 0.01
 * `Tm` is 0.12 pt), or starting outside the page box (pdf.js's own text extraction drops such
 * text, but loaders built on pypdf or pdfminer hand it to the model) — as runs, from pdf.js's
 * operator list (the content stream after parsing: no code runs).
 *
 * `withoutImages`: the page's operator list was made with its images left out (see pdfRows). What
 * images decide — white text on a picture, an OCR layer on its scan — is then unknown: a page
 * drawing any white or invisible (mode 3) text gives `undefined`, to be read again with them.
 * `seen.images` counts the images the page painted.
 */
async function hiddenRuns(lib: PdfJs, page: OpListPage, withoutImages = false, seen = { images: 0 }): Promise<{ text: string; why: string }[] | undefined> {
  const ops = await page.getOperatorList();
  if (ops.fnArray.length > 2_000_000) return [];
  const name = (opNames ??= new Map(Object.entries(lib.OPS).map(([k, v]) => [v as number, k])));
  const [x0, y0, x1, y1] = page.view.length >= 4 ? page.view : [0, 0, 612, 792];
  const stack: DrawState[] = [];
  let st: DrawState = { white: false, mode: 0, size: 12, leading: 0, ctm: IDENTITY };
  let tlm: Matrix = IDENTITY;
  let tm: Matrix = IDENTITY;
  const moveText = (tx: number, ty: number) => {
    tlm = times([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  const runs: { text: string; why: string; mode: number; x: number; y: number }[] = [];
  // What has been painted in a colour other than white, or as an image: white text over it shows.
  const painted: Box[] = [];
  // Every image the page paints, wherever in its content (an OCR layer may be drawn before or after its scan).
  const images: Box[] = [];
  let path: Box | undefined;
  const onPainted = (x: number, y: number) => painted.some((b) => x >= b[0] - PAGE_SLACK && x <= b[2] + PAGE_SLACK && y >= b[1] - PAGE_SLACK && y <= b[3] + PAGE_SLACK);
  for (let i = 0; i < ops.fnArray.length; i++) {
    const op = name.get(ops.fnArray[i]!);
    const args = ops.argsArray[i] as ArrayLike<unknown> | null;
    if (op === 'constructPath') {
      const minMax = args?.[2] as ArrayLike<number> | undefined;
      path = minMax && minMax.length >= 4 && [0, 1, 2, 3].every((k) => Number.isFinite(minMax[k])) ? boxUnder(st.ctm, Array.from(minMax)) : undefined;
    } else if (op === 'clip' || op === 'eoClip') {
      // `re W n`: later drawing shows only inside this path, and inside any clip already set.
      if (path) st.clip = st.clip ? [Math.max(st.clip[0], path[0]), Math.max(st.clip[1], path[1]), Math.min(st.clip[2], path[2]), Math.min(st.clip[3], path[3])] : path;
    } else if (op && FILLS.has(op)) {
      if (path && !st.white && painted.length < MAX_AREAS) painted.push(path);
    } else if (op && IMAGES.has(op)) {
      const box = boxUnder(st.ctm, [0, 0, 1, 1]);
      if (painted.length < MAX_AREAS) painted.push(box);
      if (images.length <= MAX_SCAN_IMAGES) images.push(box);
      seen.images++;
    } else if (op === 'save') stack.push({ ...st });
    else if (op === 'restore') st = stack.pop() ?? st;
    else if (op === 'transform') st.ctm = times(matrixOf(args) ?? IDENTITY, st.ctm);
    else if (op === 'paintFormXObjectBegin') {
      // A form XObject draws in its own matrix, inside a saved state.
      stack.push({ ...st });
      st.ctm = times(matrixOf(args && (args[0] as ArrayLike<unknown>)) ?? IDENTITY, st.ctm);
    } else if (op === 'paintFormXObjectEnd') st = stack.pop() ?? st;
    else if (op === 'setFillRGBColor' && args) {
      // pdf.js hands the colour over as the three bytes themselves (every colour space turned to RGB).
      const c = (args.length >= 3 ? args : (args[0] as ArrayLike<unknown>)) as ArrayLike<number>;
      st.white = c[0]! >= 250 && c[1]! >= 250 && c[2]! >= 250;
    } else if (op === 'setTextRenderingMode' && args) st.mode = Number(args[0]);
    else if (op === 'setFont' && args) st.size = Math.abs(Number(args[1]));
    else if (op === 'setLeading' && args) st.leading = Number(args[0]) || 0;
    else if (op === 'beginText') tm = tlm = IDENTITY;
    else if (op === 'setTextMatrix') tm = tlm = matrixOf(args) ?? IDENTITY;
    else if ((op === 'moveText' || op === 'setLeadingMoveText') && args) {
      if (op === 'setLeadingMoveText') st.leading = -Number(args[1]) || 0;
      moveText(Number(args[0]) || 0, Number(args[1]) || 0);
    } else if (op === 'nextLine') moveText(0, -st.leading);
    else if (op && SHOW.has(op) && args) {
      // Only these runs' verdicts look at what images were painted (`painted`, `images`).
      if (withoutImages && (st.mode === 3 || (st.white && st.mode !== 7))) return undefined;
      if (op === 'nextLineShowText' || op === 'nextLineSetSpacingShowText') moveText(0, -st.leading);
      const m = times(tm, st.ctm);
      const size = st.size * Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
      const off = m[4] < x0! - PAGE_SLACK || m[4] > x1! + PAGE_SLACK || m[5] < y0! - PAGE_SLACK || m[5] > y1! + PAGE_SLACK;
      const glyphs = args[args.length - 1];
      const why = st.mode === 3 || st.mode === 7 ? 'invisible render mode' : st.white && !onPainted(m[4], m[5]) ? 'white text' : size < 1 ? 'font size under 1' : off ? 'outside the page' : st.clip && outsideClip(st.clip, m[4], m[5], size, runWidth(glyphs, size)) ? 'outside its clipping area' : undefined;
      if (!why) continue;
      const text = (Array.isArray(glyphs) ? glyphs : []).map((g) => (g && typeof g === 'object' && 'unicode' in g ? String((g as { unicode: string }).unicode) : '')).join('');
      if (text.trim()) runs.push({ text: text.trim(), why, mode: st.mode, x: m[4], y: m[5] });
    }
  }
  // Invisible text laid over an image is a scanned page's OCR layer (ocrmypdf, a scanner's
  // "searchable PDF"): the words a reader sees in the picture, not text hidden from them. Flagged
  // as hidden it labelled every line of every scanned document so. It stays page text, still
  // scanned for everything (an instruction there is found, only not called hidden). A page of
  // more images than a scan is made of (strips, layers) is not taken for one.
  const scan = images.length <= MAX_SCAN_IMAGES;
  const ocrLayer = (r: { mode: number; x: number; y: number }) => scan && r.mode === 3 && images.some((b) => r.x >= b[0] - PAGE_SLACK && r.x <= b[2] + PAGE_SLACK && r.y >= b[1] - PAGE_SLACK && r.y <= b[3] + PAGE_SLACK);
  return runs.filter((r) => !ocrLayer(r)).map(({ text, why }) => ({ text, why }));
}

/** What hiddenRuns asks of a pdf.js page. */
interface OpListPage {
  view: number[];
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
}

/**
 * pdf.js opening `bytes` as the readers here do: no code generation, no fonts, no network.
 * `withoutImages` leaves every image out of the pages' operator lists (`maxImageSize: 0`: pdf.js
 * drops an image over that many pixels before it decodes it, where it otherwise decodes every
 * image an operator list paints — a scanned page's JPEG, 0.2 s of CPU a page — that no text
 * check needs). A page's text, metadata and structure tree are the same either way.
 */
async function openPdf(bytes: Uint8Array, withoutImages = false) {
  const lib = await importPdfJs();
  // pdf.js takes ownership of the buffer it is given (and refuses a Buffer): a plain copy.
  const task = lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0, disableAutoFetch: true, disableStream: true, ...(withoutImages ? { maxImageSize: 0 } : {}) });
  return { lib, task };
}

/** Files attached to a PDF read at most (an invoice carries one or two; a portfolio more). */
const MAX_ATTACHMENTS = 100;
const MAX_ATTACHMENT_BYTES = 64 << 20;

/**
 * The files attached to a PDF (its `EmbeddedFiles` name tree: a Factur-X / ZUGFeRD invoice's XML,
 * a spreadsheet attached to a report, a portfolio's members), by name, for the scan to read as
 * members of the PDF. An encrypted or unreadable PDF has none here: its own read says why.
 */
export async function pdfAttachments(bytes: Uint8Array): Promise<{ files: [string, Uint8Array][]; problems: string[] }> {
  const { task } = await openPdf(bytes);
  const files: [string, Uint8Array][] = [];
  const problems: string[] = [];
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch {
    await task.destroy();
    return { files, problems };
  }
  try {
    const all = ((await doc.getAttachments().catch(() => null)) ?? {}) as Record<string, { filename?: unknown; content?: unknown }>;
    const names = new Set<string>();
    let unread = 0;
    for (const [key, a] of Object.entries(all)) {
      if (!(a.content instanceof Uint8Array)) continue;
      // Past the cap nothing more is done per attachment (a crafted file can list thousands).
      if (files.length >= MAX_ATTACHMENTS) {
        unread++;
        continue;
      }
      // A name as the attachment gives it, without folders, made unique among the kept ones.
      const base = String(typeof a.filename === 'string' && a.filename ? a.filename : key).split(/[\\/]/).pop()!.slice(0, 200) || 'attachment';
      let name = base;
      for (let k = 2; names.has(name); k++) name = `${k}-${base}`;
      if (a.content.length > MAX_ATTACHMENT_BYTES) {
        if (problems.length < 20) problems.push(`attachment ${name} is ${a.content.length} bytes, over the ${MAX_ATTACHMENT_BYTES >> 20} MiB read per attachment; not scanned`);
        continue;
      }
      names.add(name);
      files.push([name, a.content]);
    }
    if (unread) problems.push(`${unread} more attachments past the first ${MAX_ATTACHMENTS}; not scanned`);
  } finally {
    await doc.destroy();
  }
  return { files, problems };
}

/** Figures' alt texts read per page at most (a tagged page has a handful). */
const MAX_FIGURES = 200;

/**
 * The alt text of a tagged page's figures (`/Alt` on a Figure element of the structure tree): no
 * reader of the page sees it, screen readers and loaders that describe images pass it on, so an
 * instruction can hide there. Other elements' `/ActualText` repeats their visible text: not read.
 */
async function figureAltTexts(page: { getStructTree(): Promise<unknown> }): Promise<string[]> {
  const out: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 64 || out.length >= MAX_FIGURES) return;
    const n = node as { role?: unknown; alt?: unknown; children?: unknown };
    if (n.role === 'Figure' && typeof n.alt === 'string' && n.alt.trim()) out.push(n.alt.trim());
    if (Array.isArray(n.children)) for (const c of n.children) walk(c, depth + 1);
  };
  walk(await page.getStructTree(), 0);
  return out;
}

/** The document opened without images (see openPdf), or undefined where it cannot be. */
async function openSketch(bytes: Uint8Array) {
  const { task } = await openPdf(bytes, true);
  return task.promise.catch(async () => {
    await task.destroy();
    return undefined;
  });
}

/** Page `p`'s hidden runs from the document opened without images; undefined where images may decide them (or it fails). */
async function hiddenRunsWithoutImages(lib: PdfJs, sketch: { getPage(p: number): Promise<OpListPage & { cleanup(): unknown }> }, p: number) {
  try {
    const page = await sketch.getPage(p);
    const runs = await hiddenRuns(lib, page, true);
    page.cleanup();
    return runs;
  } catch {
    return undefined;
  }
}

/**
 * The pages of a PDF as rows of one cell each; `problems` and `truncated` say what was not read: a
 * page that cannot be read is left out and the pages after it are read (`partsLeftOut`), the page
 * and text caps stop the reading.
 */
export async function pdfRows(bytes: Uint8Array): Promise<{ rows: DataRow[]; problems: string[]; truncated: boolean; unread?: boolean; partsLeftOut?: boolean }> {
  const { lib, task } = await openPdf(bytes);
  // Once a page has painted images (which pdf.js decodes, the one cost no verdict here needs),
  // later pages' operator lists come from a second opening of the document, without images —
  // until a page's verdicts may depend on them: that page's and every later page's then come from
  // this one again. A document of text alone is read as it always was; one whose every page
  // needs its images (a scan's OCR layer) pays one page's operator list twice. The text is
  // always this one's: with images left out, a Type3 font's glyphs drawn as images are not
  // measured, and its text may be spaced otherwise.
  // Without images an operator list differs in two corners only: the 2,000,000-operator bound
  // counts no image operators, and an inline image mask pdf.js cannot decode (which ends the
  // page's list there, with images) is stepped over, so the runs after it are still found.
  let sketch: Promise<Awaited<typeof task.promise> | undefined> | undefined;
  let phase: 'with images' | 'without' | 'with images again' = 'with images';
  const hiddenOn = async (page: OpListPage, p: number) => {
    if (phase === 'without') {
      const other = await (sketch ??= openSketch(bytes));
      const runs = other && (await hiddenRunsWithoutImages(lib, other, p));
      if (runs) return runs;
      phase = 'with images again';
      sketch = Promise.resolve(undefined);
      await other?.destroy();
    }
    const seen = { images: 0 };
    const runs = (await hiddenRuns(lib, page, false, seen)) ?? [];
    if (phase === 'with images' && seen.images > 0) phase = 'without';
    return runs;
  };
  const rows: DataRow[] = [];
  const problems: string[] = [];
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    if ((e as Error).name === 'PasswordException') return { rows, problems: ['encrypted (a password is needed to read it); not read'], truncated: true, unread: true };
    throw e;
  }
  let stopped = false;
  try {
    const info = ((await doc.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const meta = INFO_KEYS.flatMap((k) => (typeof info[k] === 'string' && (info[k] as string).trim() ? [`${k}: ${(info[k] as string).trim()}`] : []));
    if (meta.length) rows.push({ cells: [{ text: meta.join('\n'), field: 'metadata', verbatim: false }] });
    let chars = 0;
    const pages = Math.min(doc.numPages, MAX_PAGES);
    if (doc.numPages > MAX_PAGES) {
      stopped = true;
      problems.push(`${doc.numPages} pages; the first ${MAX_PAGES} were read`);
    }
    for (let p = 1; p <= pages; p++) {
      let text = '';
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        // Text drawn unseen becomes a cell of its own that says how it was hidden, taken out of the
        // page's: the text item that is that run, in drawing order, else the run as whole words.
        const hidden = await hiddenOn(page, p).catch(() => []);
        let next = 0;
        const left: string[] = [];
        for (const item of content.items) {
          if (!('str' in item)) continue;
          if (next < hidden.length && item.str.trim() === hidden[next]!.text) {
            next++;
            if (item.hasEOL) text += '\n';
            continue;
          }
          text += item.str + (item.hasEOL ? '\n' : '');
        }
        // (At most MAX_UNMATCHED looked for as words: each search reads the page's text.)
        for (let k = next; k < hidden.length && left.length < MAX_UNMATCHED; k++) left.push(hidden[k]!.text);
        for (const run of left) text = withoutWords(text, run);
        for (const run of hidden) rows.push({ cells: [{ text: run.text, field: `page ${p}, hidden (${run.why})`, verbatim: false }] });
        for (const alt of await figureAltTexts(page).catch(() => [])) rows.push({ cells: [{ text: alt, field: `page ${p}, hidden (alt text)`, verbatim: false }] });
        page.cleanup();
      } catch (e) {
        problems.push(`page ${p} could not be read: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      text = text.trim();
      if (!text) continue;
      chars += text.length;
      if (chars > MAX_TEXT) {
        stopped = true;
        problems.push(`over ${MAX_TEXT >> 20} Mi characters of text; read up to page ${p - 1}`);
        break;
      }
      rows.push({ cells: [{ text, field: `page ${p}`, verbatim: false }] });
    }
  } finally {
    await doc.destroy();
    await (await sketch)?.destroy();
  }
  return { rows, ...documentRead(problems, stopped) };
}
