import { officeParts } from './office.js';
import { embeddedObjects, readObject, type OdfObjectKind } from './odf-objects.js';
import { odsTables } from './odf-sheet.js';
import { OdfStyles } from './odf-styles.js';
import { odfParagraphs } from './odf-text.js';
import { elementsText } from './xml.js';
import { CollectedRows, documentRead, RowBudget, type DocumentRead, type RowSink, type SheetRead } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * OpenDocument files (LibreOffice, OpenOffice: a zip of XML parts): a Writer text (`.odt`) and an
 * Impress deck (`.odp`) paragraph by paragraph (`odf-text.ts`), a Calc spreadsheet (`.ods`) as a
 * table per sheet (`odf-sheet.ts`); headers and footers from `styles.xml`, the title, subject,
 * keywords and description from `meta.xml` as one cell. The `mimetype` entry must name the kind the
 * file's name says (a template, `…-template`, too). A file encrypted with a password (its manifest
 * lists `manifest:encryption-data`) is not read and says so. Objects embedded in it (a spreadsheet,
 * a chart's data, a text: `Object 1/`) are read after the body (`odf-objects.ts`). Parts are
 * inflated as Office parts are (`officeParts`: within their declared size, 64 MiB each, 256 MiB in all).
 */

export type OdfKind = 'odt' | 'ods' | 'odp';

const MIME: Record<OdfKind, string> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
const META = new Set(['dc:title', 'dc:subject', 'dc:description', 'meta:keyword']);

/** The document's own description (title, subject, keywords, description), one line each. */
function metaText(xml: string): string {
  return elementsText(xml, META);
}

/**
 * The text of an OpenDocument file, handed to `sink` as it is read; for a spreadsheet, its sheets'
 * data rows (a header row, a cell's comment, page headers and footers and the metadata go to
 * `header`), `maxRows` at most. `problems` says what was not read. Throws on a file that is no
 * OpenDocument zip, for the scan to name.
 */
export function eachOdfRow(bytes: Uint8Array, kind: OdfKind, maxRows: number, sink: RowSink): DocumentRead {
  const decoder = new TextDecoder('utf-8');
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return flatRows(decoder.decode(bytes), kind, maxRows, sink);
  const head = officeParts(bytes, /^(?:mimetype|META-INF\/manifest\.xml)$/);
  const mime = head.files.mimetype ? decoder.decode(head.files.mimetype).trim() : undefined;
  if (mime === undefined) throw new Error('no mimetype entry: not an OpenDocument file');
  checkMime(mime, kind);
  const manifest = head.files['META-INF/manifest.xml'];
  // Only the manifest and mimetype are stored in the clear: the parts are ciphertext.
  if (manifest && decoder.decode(manifest).includes('encryption-data')) return { problems: ['the document is encrypted (password-protected): its text was not read'], truncated: true, unread: true };
  const objects = manifest ? embeddedObjects(decoder.decode(manifest)) : new Map<string, OdfObjectKind>();
  const { files, problems } = officeParts(bytes, (name) => /^(?:content|styles|meta)\.xml$/.test(name) || (name.endsWith('/content.xml') && objects.has(name.slice(0, -'content.xml'.length))));
  problems.unshift(...head.problems);
  const content = files['content.xml'];
  if (!content && !problems.some((p) => p.startsWith('content.xml'))) throw new Error('no content.xml: not an OpenDocument file');
  metaRows(files['meta.xml'] ? decoder.decode(files['meta.xml']) : '', sink);
  const shared = new OdfStyles();
  const budget = new RowBudget(maxRows);
  let truncated = false;
  // styles.xml first: its named styles are the parents of content.xml's.
  if (files['styles.xml']) {
    // A spreadsheet's headers and footers are printed page furniture, not rows (nor counted as rows).
    const furniture = kind === 'ods';
    const emit = furniture ? (r: DataRow) => sink.header({ ...r, header: true }) : (r: DataRow) => sink.row(r);
    truncated ||= odfParagraphs('styles.xml', decoder.decode(files['styles.xml']), furniture ? 'odt' : kind, shared, furniture ? new RowBudget(maxRows) : budget, emit);
  }
  if (content) {
    const styles = new OdfStyles(shared);
    const xml = decoder.decode(content);
    if (kind === 'ods') {
      const read = odsTables(xml, styles, budget, sink);
      problems.push(...read.problems);
      truncated ||= read.truncated;
    } else truncated ||= odfParagraphs('content.xml', xml, kind, styles, budget, (r) => sink.row(r), { tables: kind === 'odt' });
  }
  for (const [dir, objectKind] of objects) {
    const part = files[`${dir}content.xml`];
    if (!part) continue;
    const read = readObject(dir, objectKind, decoder.decode(part), budget, sink);
    problems.push(...read.problems.map((p) => `${dir}: ${p}`));
    truncated ||= read.truncated;
  }
  // A cap stops the reading; a part officeParts left out (named) leaves the others read.
  return documentRead(problems, truncated);
}

/** An OpenDocument file's rows, held (small documents: tests, the benchmark). */
export function odfRows(bytes: Uint8Array, kind: OdfKind, maxRows: number): SheetRead {
  const rows = new CollectedRows();
  return rows.read(eachOdfRow(bytes, kind, maxRows, rows));
}

function checkMime(mime: string, kind: OdfKind): void {
  if (mime !== MIME[kind] && mime !== `${MIME[kind]}-template`) throw new Error(`its mimetype is ${JSON.stringify(mime.slice(0, 100))}, not ${MIME[kind]}`);
}

function metaRows(xml: string, sink: RowSink): void {
  const meta = xml ? metaText(xml) : '';
  if (meta) sink.header({ header: true, cells: [{ text: meta, field: 'metadata', verbatim: false }] });
}

/**
 * A flat OpenDocument file (`.fodt`, `.fods`, `.fodp`: one XML document, its root's
 * `office:mimetype` naming the kind): metadata, styles, headers and footers and body in one part.
 */
function flatRows(xml: string, kind: OdfKind, maxRows: number, sink: RowSink): DocumentRead {
  const mime = /<office:document\b[^>]*?\soffice:mimetype="([^"]*)"/.exec(xml.slice(0, 1 << 16))?.[1];
  if (mime === undefined) throw new Error('neither a zip nor a flat OpenDocument file (no office:document root naming its mimetype)');
  checkMime(mime, kind);
  metaRows(xml, sink);
  const budget = new RowBudget(maxRows);
  if (kind !== 'ods') return { problems: [], truncated: odfParagraphs('document', xml, kind, new OdfStyles(), budget, (r) => sink.row(r), { tables: kind === 'odt' }) };
  return odsTables(xml, new OdfStyles(), budget, sink);
}
