import type { DataRow } from './types.js';

/**
 * PDF documents, as a RAG loader extracts them: the text of every page (pdf.js, Mozilla's parser,
 * pure JavaScript), one cell per page (`field page 3`), and the document's own metadata (author,
 * title, subject, keywords) as one more. The text is what pdf.js extracts, which includes text a
 * reader does not see — white on white, or drawn in the invisible render mode — as a loader would
 * pass it to a model; such text is not told apart from the visible text here.
 *
 * pdf.js is run with code generation off (`isEvalSupported: false`: fonts are never compiled to
 * JavaScript, the path of CVE-2024-4367), no font loading and no network; at most MAX_PAGES pages
 * and MAX_TEXT characters are read. An encrypted PDF is not read, and says so.
 */

const MAX_PAGES = 2000;
const MAX_TEXT = 64 << 20;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** Metadata fields worth reading (who wrote it, what it is about). */
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator'] as const;

/** The pages of a PDF as rows of one cell each; `problems` and `truncated` say what was not read. */
export async function pdfRows(bytes: Uint8Array): Promise<{ rows: DataRow[]; problems: string[]; truncated: boolean }> {
  const lib = await (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  const rows: DataRow[] = [];
  const problems: string[] = [];
  // pdf.js takes ownership of the buffer it is given (and refuses a Buffer): a plain copy.
  const task = lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0, disableAutoFetch: true, disableStream: true });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    if ((e as Error).name === 'PasswordException') return { rows, problems: ['encrypted (a password is needed to read it); not read'], truncated: true };
    throw e;
  }
  let truncated = false;
  try {
    const info = ((await doc.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const meta = INFO_KEYS.flatMap((k) => (typeof info[k] === 'string' && (info[k] as string).trim() ? [`${k}: ${(info[k] as string).trim()}`] : []));
    if (meta.length) rows.push({ cells: [{ text: meta.join('\n'), field: 'metadata', verbatim: false }] });
    let chars = 0;
    const pages = Math.min(doc.numPages, MAX_PAGES);
    if (doc.numPages > MAX_PAGES) {
      truncated = true;
      problems.push(`${doc.numPages} pages; the first ${MAX_PAGES} were read`);
    }
    for (let p = 1; p <= pages; p++) {
      let text = '';
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str + (item.hasEOL ? '\n' : '');
        }
        page.cleanup();
      } catch (e) {
        problems.push(`page ${p} could not be read: ${(e as Error).message.split('\n')[0]}`);
        truncated = true;
        continue;
      }
      text = text.trim();
      if (!text) continue;
      chars += text.length;
      if (chars > MAX_TEXT) {
        truncated = true;
        problems.push(`over ${MAX_TEXT >> 20} Mi characters of text; read up to page ${p - 1}`);
        break;
      }
      rows.push({ cells: [{ text, field: `page ${p}`, verbatim: false }] });
    }
  } finally {
    await doc.destroy();
  }
  return { rows, problems, truncated };
}
