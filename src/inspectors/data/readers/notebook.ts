import type { DataRow, TextCell } from './types.js';

/** Output MIME types worth reading; images, widgets and binary payloads are skipped. */
const TEXT_MIME = ['text/plain', 'text/html', 'text/markdown', 'application/json', 'text/csv', 'text/latex'];

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return undefined;
}

/**
 * Notebook cell OUTPUTS (stream text, rich text/plain, HTML, JSON, error tracebacks): where query
 * results with real customer rows and printed credentials end up. Code cells themselves belong to
 * the code analyzer; embedded images (`image/*`) are skipped.
 */
export function* notebookRows(nb: unknown): Generator<DataRow> {
  const cells = (nb as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) throw new Error('not a Jupyter notebook (no "cells" array)');
  let row = 0;
  for (let ci = 0; ci < cells.length; ci++) {
    const outputs = (cells[ci] as { outputs?: unknown })?.outputs;
    if (!Array.isArray(outputs)) continue;
    for (let oi = 0; oi < outputs.length; oi++) {
      const o = outputs[oi] as Record<string, unknown>;
      const out: TextCell[] = [];
      const base = `outputs[${oi}]`;
      const t = asText(o.text);
      if (t) out.push({ text: t, field: `${base}.text`, cell: ci, verbatim: false });
      const data = o.data as Record<string, unknown> | undefined;
      if (data && typeof data === 'object') {
        for (const mime of TEXT_MIME) {
          const v = asText(data[mime]);
          if (v) out.push({ text: v, field: `${base}.data["${mime}"]`, cell: ci, verbatim: false });
        }
      }
      if (o.output_type === 'error') {
        const tb = asText(o.traceback);
        const ev = asText(o.evalue);
        if (ev) out.push({ text: ev, field: `${base}.evalue`, cell: ci, verbatim: false });
        if (tb) out.push({ text: tb.replace(/\u001b\[[0-9;]*m/g, ''), field: `${base}.traceback`, cell: ci, verbatim: false });
      }
      if (out.length) yield { row: ++row, cells: out };
    }
  }
}
