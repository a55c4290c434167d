/**
 * Reads the parts of a Jupyter notebook (nbformat 4, and the nbformat 3 `worksheets` layout) that
 * discovery needs: cells with their source and whether they hold outputs, the kernel and language.
 * Outputs are counted, not copied: the data inspector reads them from the file itself.
 */

export interface NotebookCell {
  /** 0-based index among all cells (the `Location.cell` of anything found in it). */
  index: number;
  type: 'code' | 'markdown' | 'raw' | string;
  source: string;
  outputs: number;
}

export interface ParsedNotebook {
  nbformat?: number;
  kernel?: string;
  language?: string;
  cells: NotebookCell[];
}

export class NotebookParseError extends Error {
  override name = 'NotebookParseError';
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `source` is a string or a list of line strings (each usually ending in `\n`). */
function sourceText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').join('');
  return '';
}

/** Parses notebook JSON text; throws NotebookParseError with a one-line reason when it is not one. */
export function parseNotebook(text: string): ParsedNotebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new NotebookParseError(`not valid JSON (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
  }
  if (!isObj(doc)) throw new NotebookParseError('not a notebook: the top level is not a JSON object');
  const rawCells: unknown[] = Array.isArray(doc.cells)
    ? doc.cells
    : Array.isArray(doc.worksheets)
      ? doc.worksheets.flatMap((w) => (isObj(w) && Array.isArray(w.cells) ? w.cells : []))
      : [];
  if (!Array.isArray(doc.cells) && !Array.isArray(doc.worksheets)) throw new NotebookParseError('not a notebook: no "cells" array');
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const ks = isObj(meta.kernelspec) ? meta.kernelspec : {};
  const li = isObj(meta.language_info) ? meta.language_info : {};
  const cells: NotebookCell[] = [];
  rawCells.forEach((c, index) => {
    if (!isObj(c)) return;
    const type = typeof c.cell_type === 'string' ? c.cell_type : 'unknown';
    // nbformat 3 keeps code in `input`.
    const source = sourceText(c.source ?? c.input);
    cells.push({ index, type, source, outputs: Array.isArray(c.outputs) ? c.outputs.length : 0 });
  });
  const language = typeof li.name === 'string' ? li.name : typeof ks.language === 'string' ? ks.language : typeof meta.language === 'string' ? meta.language : undefined;
  return {
    nbformat: typeof doc.nbformat === 'number' ? doc.nbformat : undefined,
    kernel: typeof ks.name === 'string' ? ks.name : undefined,
    language: language?.toLowerCase(),
    cells,
  };
}
