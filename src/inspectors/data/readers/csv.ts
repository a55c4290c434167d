import type { DataRow, ReadStatus } from './types.js';

export interface CsvDialect {
  delimiter: string;
  quote: string;
  header: boolean;
}

const CANDIDATES = [',', '\t', ';', '|'];

/** Counts delimiter occurrences outside double quotes in one line. */
function countOutside(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') q = !q;
    else if (!q && c === d) n++;
  }
  return n;
}

/**
 * Sniffs the dialect from the first lines (like Python's csv.Sniffer): the delimiter whose count is
 * the same non-zero number on most lines wins; a header is assumed when the first row has no
 * numbers and no empty cells while later rows do differ from it in kind.
 */
export function sniffDialect(sample: string, ext = ''): CsvDialect {
  const ls = sample.split(/\r?\n/).filter((l) => l.length).slice(0, 20);
  let best = ext === '.tsv' ? '\t' : ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = ls.map((l) => countOutside(l, d));
    const first = counts[0] ?? 0;
    if (!first) continue;
    const same = counts.filter((c) => c === first).length / counts.length;
    const score = same * 10 + Math.min(first, 10) / 10 + (ext === '.tsv' && d === '\t' ? 5 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  const firstCells = (ls[0] ?? '').split(best).map((c) => c.trim().replace(/^"|"$/g, ''));
  const numeric = (s: string) => /^[-+]?\d[\d,.]*$/.test(s);
  const header = firstCells.length > 0 && firstCells.every((c) => c.length > 0 && !numeric(c)) && new Set(firstCells).size === firstCells.length;
  return { delimiter: best, quote: '"', header };
}

interface Cell {
  text: string;
  line: number;
  column: number;
  quoted: boolean;
}

/**
 * Streaming CSV/TSV: RFC 4180 quoting with multi-line quoted fields; lines without a quote take a
 * fast split. Each cell carries its line and column; quoted cells are unescaped (not verbatim).
 */
export async function* readCsv(
  lineIter: AsyncIterable<string>,
  dialect: CsvDialect,
  status: ReadStatus,
  labelColumn?: (columns: string[]) => number,
): AsyncGenerator<DataRow> {
  const d = dialect.delimiter;
  let columns: string[] | undefined;
  let labelIdx = -1;
  let lineNo = 0;
  let row = 0;
  // State carried across lines while inside a quoted field.
  let cells: Cell[] = [];
  let cur = '';
  let curLine = 0;
  let curCol = 0;
  let inQuotes = false;
  let quoted = false;
  let rowLine = 0;

  const emit = (): DataRow | undefined => {
    const cs = cells;
    cells = [];
    if (!columns && dialect.header) {
      columns = cs.map((c, i) => c.text.trim() || `column_${i + 1}`);
      status.columns = columns;
      labelIdx = labelColumn ? labelColumn(columns) : -1;
      return undefined;
    }
    if (cs.length === 1 && cs[0]!.text === '') return undefined;
    row++;
    const out: DataRow = {
      row,
      cells: cs.map((c, i) => ({ text: c.text, line: c.line, column: c.column, field: columns?.[i] ?? `column_${i + 1}`, verbatim: !c.quoted || !c.text.includes(dialect.quote) })),
    };
    const textParts = cs.filter((c, i) => i !== labelIdx && c.text.length > 20).map((c) => c.text);
    if (textParts.length) out.record = { text: textParts.join(' '), label: labelIdx >= 0 ? cs[labelIdx]?.text.trim() : undefined, line: rowLine };
    return out;
  };

  for await (const line of lineIter) {
    lineNo++;
    if (!inQuotes) {
      rowLine = lineNo;
      if (!line.includes(dialect.quote)) {
        let col = 1;
        for (const part of line.split(d)) {
          cells.push({ text: part, line: lineNo, column: col, quoted: false });
          col += part.length + 1;
        }
        const r = emit();
        if (r) yield r;
        continue;
      }
      cur = '';
      curLine = lineNo;
      curCol = 1;
      quoted = false;
    } else {
      cur += '\n';
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (inQuotes) {
        if (c === dialect.quote) {
          if (line[i + 1] === dialect.quote) {
            cur += c;
            i++;
          } else inQuotes = false;
        } else cur += c;
      } else if (c === dialect.quote && cur.length === 0) {
        inQuotes = true;
        quoted = true;
        curCol = i + 2;
      } else if (c === d) {
        cells.push({ text: cur, line: curLine, column: curCol, quoted });
        cur = '';
        curLine = lineNo;
        curCol = i + 2;
        quoted = false;
      } else cur += c;
    }
    if (inQuotes) {
      // A runaway quote would swallow the file: cap a field at 1 MiB, then treat the quote as literal.
      if (cur.length > 1 << 20) {
        inQuotes = false;
        status.problem ??= `unterminated quoted field starting on line ${curLine}`;
      } else continue;
    }
    cells.push({ text: cur, line: curLine, column: curCol, quoted });
    const r = emit();
    if (r) yield r;
  }
  if (inQuotes) {
    status.problem ??= `unterminated quoted field starting on line ${curLine}`;
    cells.push({ text: cur, line: curLine, column: curCol, quoted });
    const r = emit();
    if (r) yield r;
  }
  status.rows = row;
}
