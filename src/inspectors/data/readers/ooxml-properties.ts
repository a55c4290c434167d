import type { RowSink } from './sheet-table.js';
import { elementsText, parseXml } from './xml.js';

/**
 * A Word, PowerPoint or Excel package's own properties, read as a PDF's metadata is: a keyword list,
 * a description or a custom property can carry an instruction or personal data that no page shows
 * (File → Info → Properties), and loaders that keep metadata pass it to the model.
 *
 * - `docProps/core.xml`: title, subject, keywords, description, category (not the author: a name
 *   there is the writer's own, on every file);
 * - `docProps/custom.xml`: custom properties with a text value (`vt:lpwstr`, `vt:lpstr`,
 *   `vt:bstr`), each a header row of its own naming the property (`metadata (custom property
 *   ReviewerNote)`), the first MAX_CUSTOM of them.
 */

/** The two parts, for an Office reader's list of wanted parts. */
export const PROPERTY_PARTS = /^docProps\/(?:core|custom)\.xml$/;

const CORE = new Set(['dc:title', 'dc:subject', 'cp:keywords', 'dc:description', 'cp:category']);
const TEXT_VALUES = new Set(['vt:lpwstr', 'vt:lpstr', 'vt:bstr']);
const MAX_CUSTOM = 1000;
/** A property name longer than this is cut in the field (the value is read whole). */
const MAX_NAME = 80;

/** Hands a properties part's text to `sink` as header rows; false when `name` is not one. */
export function propertyRows(name: string, xml: string, sink: RowSink): boolean {
  if (name === 'docProps/core.xml') {
    const meta = elementsText(xml, CORE);
    if (meta) sink.header({ header: true, cells: [{ text: meta, field: 'metadata', verbatim: false }] });
    return true;
  }
  if (name !== 'docProps/custom.xml') return false;
  let property: string | undefined;
  let value: string[] | undefined;
  let count = 0;
  parseXml(xml, {
    open(tag, a) {
      if (tag === 'property') property = (a.name ?? '').slice(0, MAX_NAME);
      else if (property !== undefined && TEXT_VALUES.has(tag)) value = [];
    },
    close(tag) {
      if (tag === 'property') property = undefined;
      else if (TEXT_VALUES.has(tag) && value) {
        const text = value.join('').trim();
        value = undefined;
        if (text && count++ < MAX_CUSTOM) sink.header({ header: true, cells: [{ text, field: `metadata (custom property ${property})`, verbatim: false }] });
      }
    },
    text(t) {
      value?.push(t);
    },
  });
  return true;
}
