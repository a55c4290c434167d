/**
 * RTF tables for tests, as three writers lay them out (RTF 1.9.1 "Table Definitions"):
 * - `word97`: each row its definition (`\trowd`, a `\cellxN` per cell, `\trhdr` for a header row),
 *   its paragraphs `\pard\intbl`, `\cell` after each cell and `\row` after the last;
 * - `word2000`: Word 2000 and later, the paragraphs also `\itap1`, each row's definition written
 *   again in a group with its `\row` after the cells;
 * - `pandoc`: each cell's text a paragraph of its own in a group, `{\pard … text\par}\cell`, that
 *   resets the paragraph properties inside the row.
 */
export type RtfTableStyle = 'word97' | 'word2000' | 'pandoc';

/** A row's definition: `\trowd`, `\trhdr` when asked, an edge per cell. */
function definition(cells: number, header: boolean): string {
  const edges = Array.from({ length: cells }, (_, i) => `\\cellx${(i + 1) * 2000}`).join('');
  return `\\trowd\\trgaph108${header ? '\\trhdr' : ''}${edges}`;
}

/** The RTF text of a table of `rows` (each a row of cells' text, already escaped). */
export function rtfTable(rows: readonly (readonly string[])[], o: { style?: RtfTableStyle; header?: boolean } = {}): string {
  const style = o.style ?? 'word97';
  return rows
    .map((row, r) => {
      const def = definition(row.length, !!o.header && r === 0);
      if (style === 'word97') return `${def}\\pard\\intbl ${row.map((c) => `${c}\\cell `).join('')}\\row\n`;
      if (style === 'word2000') return `${def}\\pard\\plain\\ltrpar\\intbl\\itap1 ${row.map((c) => `{${c}\\cell }`).join('')}\\pard\\plain\\intbl\\itap1 {${def}\\row }\n`;
      return `{${def}\\trkeep\\intbl\n{${row.map((c) => `{\\intbl {\\pard \\ql \\f0 ${c}\\par}\n\\cell}`).join('\n')}}\n\\intbl\\row}\n`;
    })
    .join('');
}

/** An RTF document: a paragraph, `body` (a table), a paragraph. */
export function rtfDocument(body: string): string {
  return `{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n\\pard Patients to call back this week.\\par\n${body}\\pard After the table.\\par\n}`;
}
