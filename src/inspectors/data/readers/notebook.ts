import { Locator } from './json.js';
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
export function* notebookRows(nb: unknown, raw?: string): Generator<DataRow> {
  const cells = (nb as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) throw new Error('not a Jupyter notebook (no "cells" array)');
  // Outputs come in document order, so one forward cursor finds each in the raw JSON: nbformat
  // keeps one output line per JSON string, which gives findings their real file line and column.
  const loc = raw === undefined ? undefined : new Locator(raw);
  const push = (out: TextCell[], v: unknown, field: string, ci: number) => {
    if (Array.isArray(v) && loc && v.every((x) => typeof x === 'string')) {
      v.forEach((piece: string, k) => {
        const text = piece.endsWith('\n') ? piece.slice(0, -1) : piece;
        if (!text) return;
        const p = loc.locate(text);
        out.push({ text, field: `${field}[${k}]`, cell: ci, line: p?.line, column: p?.column, verbatim: !!p && JSON.stringify(text).length === text.length + 2 });
      });
      return;
    }
    const t = asText(v);
    if (!t) return;
    const p = typeof v === 'string' && loc ? loc.locate(t) : undefined;
    out.push({ text: t, field, cell: ci, line: p?.line, column: p?.column, verbatim: false });
  };
  let row = 0;
  for (let ci = 0; ci < cells.length; ci++) {
    const outputs = (cells[ci] as { outputs?: unknown })?.outputs;
    if (!Array.isArray(outputs)) continue;
    for (let oi = 0; oi < outputs.length; oi++) {
      const o = outputs[oi] as Record<string, unknown>;
      const out: TextCell[] = [];
      const base = `outputs[${oi}]`;
      push(out, o.text, `${base}.text`, ci);
      const data = o.data as Record<string, unknown> | undefined;
      if (data && typeof data === 'object') {
        // In the file's key order, so the forward-only locator finds each one.
        for (const mime of Object.keys(data)) if (TEXT_MIME.includes(mime)) push(out, data[mime], `${base}.data["${mime}"]`, ci);
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
