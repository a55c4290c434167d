import { engineFor, piiOptionsFor } from './collector.js';
import { maskSpans } from './mask-spans.js';
import type { DataOptions } from './options.js';
import type { PartResult, Where } from './part.js';
import { scanPii } from './pii/engine.js';

/**
 * Field names come from the file: a table's header, a JSON key, a sheet's first row. A key or an
 * address in a header cell is found there like any value, but the header is also every finding's
 * field (`column/field sk-proj-…`) and the dataset's column list, where it would come out whole.
 * So each distinct field name of a file is read with the secret rules and the PII recognizers once,
 * and what they find is masked in every place a name is kept, before any output is made.
 */
export function maskValuesInFieldNames(part: PartResult, options: DataOptions): void {
  const engine = engineFor(options);
  const pii = piiOptionsFor(options);
  const memo = new Map<string, string>();
  const mask = (name: string): string => {
    let out = memo.get(name);
    if (out !== undefined) return out;
    // The secret rules' and the recognizers' spans may overlap (an address inside a URL with credentials).
    out = maskSpans(name, [...engine.scan(name), ...scanPii(name, '', pii)]);
    memo.set(name, out);
    return out;
  };
  const where = (w: Where | undefined) => {
    if (w?.field) w.field = mask(w.field);
  };
  for (const s of part.secrets) where(s.where);
  for (const i of part.injection) where(i.where);
  for (const g of part.pii) {
    if (g.field) g.field = mask(g.field);
    for (const w of g.where) where(w);
  }
  for (const c of part.columns) c.name = mask(c.name);
  if (part.status.columns) part.status.columns = part.status.columns.map(mask);
}
