import { odsTables } from './odf-sheet.js';
import { OdfStyles } from './odf-styles.js';
import { odfParagraphs } from './odf-text.js';
import type { DocumentRead, RowBudget, RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';
import { parseXml } from './xml.js';

/**
 * Objects embedded in an OpenDocument file: LibreOffice stores an inserted spreadsheet, a chart or
 * a text frame as a folder of its own (`Object 1/content.xml`), named in the manifest with its
 * media type. A report's pasted-in table of customers, or a chart's data (its `local-table`), is
 * there and in no paragraph of the document. Read as the top-level readers read their kinds, each
 * field led by the object's folder (`Object 1/Sheet1!ssn`, `Object 2/content.xml paragraph 1`).
 */

export type OdfObjectKind = 'sheet' | 'text';

/** At most this many objects are read (a document holds a handful; a crafted one could list thousands). */
export const MAX_OBJECTS = 100;

const KIND_OF: Record<string, OdfObjectKind> = {
  'application/vnd.oasis.opendocument.spreadsheet': 'sheet',
  // A chart's data is a table (`table:table table:name="local-table"`) in its content.xml.
  'application/vnd.oasis.opendocument.chart': 'sheet',
  'application/vnd.oasis.opendocument.text': 'text',
};

/** The embedded objects a manifest lists, by folder (`Object 1/`), in the order listed. */
export function embeddedObjects(manifest: string): Map<string, OdfObjectKind> {
  const out = new Map<string, OdfObjectKind>();
  parseXml(manifest, {
    open(name, a) {
      if (name !== 'manifest:file-entry' || out.size >= MAX_OBJECTS) return;
      const dir = a['manifest:full-path'] ?? '';
      const kind = KIND_OF[(a['manifest:media-type'] ?? '').replace(/-template$/, '')];
      if (kind && dir !== '/' && dir.endsWith('/') && !dir.includes('..')) out.set(dir, kind);
    },
  });
  return out;
}

/** Reads one object's content.xml into `sink`, its fields led by its folder. */
export function readObject(dir: string, kind: OdfObjectKind, xml: string, budget: RowBudget, sink: RowSink): DocumentRead {
  const lead = (r: DataRow) => ({ ...r, cells: r.cells.map((c) => ({ ...c, field: `${dir}${c.field ?? ''}` })) });
  const led: RowSink = { row: (r) => sink.row(lead(r)), header: (r) => sink.header(lead(r)) };
  if (kind === 'sheet') return odsTables(xml, new OdfStyles(), budget, led);
  // Paragraph fields already name the part (`Object 1/content.xml paragraph 2`).
  return { problems: [], truncated: odfParagraphs(`${dir}content.xml`, xml, 'odt', new OdfStyles(), budget, (r) => sink.row(r)) };
}
