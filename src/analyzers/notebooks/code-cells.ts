import type { Location } from '../../core/index.js';
import type { NotebookCell } from './parse-notebook.js';

/** The code cells joined into one Python text, magics blanked, with a way back to cell + line. */
export interface CellProgram {
  text: string;
  /** Packages named by `!pip install` / `%pip install`, in order, de-duplicated. */
  pipInstalls: { name: string; cell: number; line: number }[];
  locate(line: number): Location;
}

/** Cell magics whose body is not Python (analysing it as Python would invent findings). */
const NON_PYTHON_CELL = /^%%(bash|sh|script|html|javascript|js|latex|markdown|svg|writefile|perl|ruby|sql|capture\s+--no-display)\b/;

function pipPackages(line: string): string[] {
  const m = /^\s*[!%]\s*(?:pip3?|python3?\s+-m\s+pip|uv\s+pip|conda|mamba)\s+install\s+(.*)$/.exec(line);
  if (!m) return [];
  const out: string[] = [];
  const tokens = m[1]!.replace(/#.*$/, '').split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.replace(/^["']|["']$/g, '');
    // Options that take a value (`-r requirements.txt`, `-c constraints.txt`, `--index-url URL`).
    if (/^(-[rceit]|--(requirement|constraint|editable|index-url|extra-index-url|target|find-links|channel))$/.test(t)) {
      i++;
      continue;
    }
    if (!t || t.startsWith('-') || t.startsWith('$') || t.startsWith('{')) continue;
    if (/^[A-Za-z0-9][\w.-]*(\[[\w,.-]+\])?([=<>!~]=?[\w.*+-]+)?$/.test(t) && !/\.(txt|in|toml|cfg|whl|tar\.gz|zip)$/i.test(t)) out.push(t);
  }
  return out;
}

/**
 * Builds the Python program of a notebook's code cells. Every cell keeps its own lines (magics and
 * shell escapes become empty lines) so a line of the joined text maps back to (cell, line in cell).
 */
export function cellProgram(path: string, cells: readonly NotebookCell[]): CellProgram {
  const parts: string[] = [];
  const starts: { line: number; cell: number }[] = [];
  const pipInstalls: CellProgram['pipInstalls'] = [];
  let line = 1;
  for (const c of cells) {
    if (c.type !== 'code') continue;
    const lines = c.source.split(/\r?\n/);
    const skipAll = NON_PYTHON_CELL.test(lines[0] ?? '');
    const kept = lines.map((l, i) => {
      for (const name of pipPackages(l)) if (!pipInstalls.some((p) => p.name === name)) pipInstalls.push({ name, cell: c.index, line: i + 1 });
      if (skipAll || /^\s*[!%]/.test(l)) return '';
      return l;
    });
    starts.push({ line, cell: c.index });
    parts.push(kept.join('\n'));
    line += kept.length;
  }
  return {
    text: parts.join('\n'),
    pipInstalls,
    locate(l: number): Location {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]!.line <= l) lo = mid;
        else hi = mid - 1;
      }
      const s = starts[lo];
      return s ? { path, cell: s.cell, line: l - s.line + 1 } : { path, line: l };
    },
  };
}
