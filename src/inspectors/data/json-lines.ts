import type { Collector } from './collector.js';
import { jsonlRow } from './readers/json.js';

/** Whether a document that is not one JSON value is JSON Lines: its first two lines are objects. */
export function jsonLinesText(raw: string): boolean {
  const [a, b] = raw.split('\n', 2).map((l) => l.trim());
  if (!a?.startsWith('{') || !b?.startsWith('{')) return false;
  try {
    JSON.parse(a);
    JSON.parse(b);
    return true;
  } catch {
    return false;
  }
}

/** JSON Lines held whole: a row per line, as the JSONL path reads them. */
export function jsonLinesRows(col: Collector, raw: string): void {
  const count = { rows: 0, bad: 0 };
  const lines = raw.split('\n');
  lines.forEach((l, i) => jsonLine(col, l, i + 1, count));
  col.part.lines = lines.length;
  col.part.status.rows = count.rows;
  if (count.bad) col.part.invalidJsonLines = count.bad;
}

/** One line of JSON Lines: a row, or — not JSON — its raw text, still scanned for secrets and personal data. */
export function jsonLine(col: Collector, l: string, lineNo: number, count: { rows: number; bad: number }): void {
  if (!l.trim()) return;
  try {
    col.row(jsonlRow(l, lineNo, count.rows + 1), false);
    count.rows++;
  } catch {
    count.bad++;
    col.row({ cells: [{ text: l, line: lineNo, column: 1, verbatim: true }] }, false);
  }
}
