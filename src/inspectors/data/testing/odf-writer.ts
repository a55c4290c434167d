import { strToU8, zipSync, type Zippable } from 'fflate';

/**
 * OpenDocument files for tests, laid out as LibreOffice writes them: `mimetype` first and stored,
 * a manifest, `content.xml` (automatic styles, then the body), `styles.xml` (named styles,
 * automatic styles, master pages with headers and footers) and `meta.xml`. Parts are given as XML
 * fragments; the namespaces are declared here.
 */

export type OdfTestKind = 'odt' | 'ods' | 'odp';

const BODY: Record<OdfTestKind, string> = { odt: 'text', ods: 'spreadsheet', odp: 'presentation' };
const NS = [
  'office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'dc="http://purl.org/dc/elements/1.1/"',
  'meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0"',
]
  .map((n) => `xmlns:${n}`)
  .join(' ');

export interface OdfParts {
  /** The body's content (inside `office:text`, `office:spreadsheet` or `office:presentation`). */
  body: string;
  /** content.xml's `office:automatic-styles`. */
  automatic?: string;
  /** styles.xml's `office:styles` (named styles). */
  styles?: string;
  /** styles.xml's `office:automatic-styles` (page layouts). */
  stylesAutomatic?: string;
  /** styles.xml's `office:master-styles` (headers, footers). */
  master?: string;
  /** meta.xml's `office:meta`. */
  meta?: string;
  /**
   * Embedded objects, written as LibreOffice writes an inserted spreadsheet, chart or text frame:
   * `Object N/content.xml` and a manifest entry `Object N/` with the object's media type. A chart's
   * body goes inside `office:chart` (its data: a `table:table` named `local-table` in `chart:chart`).
   */
  objects?: { kind: OdfTestKind | 'chart'; body: string }[];
  /** The manifest lists content.xml as encrypted (and its bytes are noise, as a real one's are). */
  encrypted?: boolean;
  mimetype?: string;
}

const MIME: Record<OdfTestKind | 'chart', string> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  chart: 'application/vnd.oasis.opendocument.chart',
};
const OBJECT_BODY: Record<OdfTestKind | 'chart', string> = { ...BODY, chart: 'chart' };

/** An OpenDocument file of `kind` holding `parts`. */
export function odfFile(kind: OdfTestKind, parts: OdfParts): Uint8Array {
  const crypt = parts.encrypted ? '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/></manifest:encryption-data>' : '';
  const contentOf = (k: OdfTestKind | 'chart', body: string, automatic = '') =>
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:automatic-styles>${automatic}</office:automatic-styles><office:body><office:${OBJECT_BODY[k]}>${body}</office:${OBJECT_BODY[k]}></office:body></office:document-content>`;
  const content = contentOf(kind, parts.body, parts.automatic);
  const objects = parts.objects ?? [];
  const objectEntries = objects.map((o, i) => `<manifest:file-entry manifest:full-path="Object ${i + 1}/" manifest:media-type="${MIME[o.kind]}"/><manifest:file-entry manifest:full-path="Object ${i + 1}/content.xml" manifest:media-type="text/xml"/>`).join('');
  const files: Zippable = {
    mimetype: [strToU8(parts.mimetype ?? MIME[kind]), { level: 0 }],
    'META-INF/manifest.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${MIME[kind]}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${crypt}</manifest:file-entry>${objectEntries}</manifest:manifest>`,
    ),
    // An encrypted part is ciphertext: deflate would fail on it, as a reader that tried would.
    'content.xml': parts.encrypted ? [Uint8Array.from({ length: 256 }, (_, i) => (i * 131 + 7) & 0xff), { level: 0 }] : strToU8(content),
    'styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3"><office:styles>${parts.styles ?? ''}</office:styles><office:automatic-styles>${parts.stylesAutomatic ?? ''}</office:automatic-styles><office:master-styles>${parts.master ?? ''}</office:master-styles></office:document-styles>`),
  };
  objects.forEach((o, i) => (files[`Object ${i + 1}/content.xml`] = strToU8(contentOf(o.kind, o.body))));
  if (parts.meta) files['meta.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${NS} office:version="1.3"><office:meta>${parts.meta}</office:meta></office:document-meta>`);
  return zipSync(files);
}

/** A flat OpenDocument file (`.fodt`, `.fods`, `.fodp`): every part in one XML document. */
export function odfFlat(kind: OdfTestKind, parts: OdfParts): Uint8Array {
  return strToU8(
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document ${NS} office:version="1.3" office:mimetype="${parts.mimetype ?? MIME[kind]}"><office:meta>${parts.meta ?? ''}</office:meta><office:styles>${parts.styles ?? ''}</office:styles><office:automatic-styles>${parts.stylesAutomatic ?? ''}${parts.automatic ?? ''}</office:automatic-styles><office:master-styles>${parts.master ?? ''}</office:master-styles><office:body><office:${BODY[kind]}>${parts.body}</office:${BODY[kind]}></office:body></office:document>`,
  );
}

/** A text style (`family="text"`) with these `style:text-properties` attributes. */
export function textStyle(name: string, props: string, family = 'text', parent?: string): string {
  return `<style:style style:name="${name}" style:family="${family}"${parent ? ` style:parent-style-name="${parent}"` : ''}><style:text-properties ${props}/></style:style>`;
}

/** A spreadsheet cell: text in a paragraph, a number or a date as its typed value, `repeat` times. */
export function odsCell(v: string | number | { date: string } | undefined, repeat = 1): string {
  const rep = repeat > 1 ? ` table:number-columns-repeated="${repeat}"` : '';
  if (v === undefined) return `<table:table-cell${rep}/>`;
  if (typeof v === 'number') return `<table:table-cell${rep} office:value-type="float" office:value="${v}"><text:p>${v.toLocaleString('en-US')}</text:p></table:table-cell>`;
  if (typeof v === 'object') return `<table:table-cell${rep} office:value-type="date" office:date-value="${v.date}"><text:p>shown as a local date</text:p></table:table-cell>`;
  return `<table:table-cell${rep} office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
}

/**
 * A Writer table as LibreOffice writes one: its column declaration, then the first `headerRows`
 * rows inside `table:table-header-rows` (Writer's "Repeat heading"), then the rest; each cell's
 * text a paragraph.
 */
export function odtTable(rows: string[][], headerRows = 0): string {
  const row = (cells: string[]) => `<table:table-row>${cells.map((c) => `<table:table-cell office:value-type="string"><text:p>${c}</text:p></table:table-cell>`).join('')}</table:table-row>`;
  const head = headerRows ? `<table:table-header-rows>${rows.slice(0, headerRows).map(row).join('')}</table:table-header-rows>` : '';
  return `<table:table table:name="Table1"><table:table-column table:number-columns-repeated="${rows[0]?.length ?? 1}"/>${head}${rows.slice(headerRows).map(row).join('')}</table:table>`;
}
