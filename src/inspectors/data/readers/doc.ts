import { readFib, STORIES } from './doc-fib.js';
import { hiddenFcRuns } from './doc-hidden-runs.js';
import { HiddenSpans, hiddenCpSpans, MAX_SPANS } from './doc-hidden-spans.js';
import { piecesText, readPieces } from './doc-pieces.js';
import { DocTables, tableCpSpans } from './doc-tables.js';
import { WordParagraphs } from './doc-text.js';
import { openCompoundFile } from './ole2.js';
import { CollectedRows, documentRead, type DocumentRead, type RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * Word 97–2003 documents (`.doc`, `.dot`; MS-DOC), read as a RAG loader (antiword, textract,
 * Apache Tika) extracts them: the text of every story, paragraph by paragraph, each row's field
 * naming its story and paragraph as `.docx` rows name their part (`body paragraph 3`,
 * `footnotes paragraph 1`, `comments paragraph 2`, `headers paragraph 1` for headers and footers,
 * `text boxes paragraph 1`…).
 *
 * The path: the compound file's `WordDocument` stream opens with the FIB (`doc-fib.ts`), which
 * names the table stream (`1Table` or `0Table`) and the piece table in it (`doc-pieces.ts`); the
 * pieces give the characters in CP order, the FIB's story lengths cut them into stories, and
 * `doc-text.ts` turns Word's control characters into paragraphs, cells and field results.
 *
 * What a reader of the document does not see is read too, as a cell of its own whose field says
 * why, in the words of the `.docx` reader: `body paragraph 3, hidden (vanish)`, `hidden (white
 * text)`, `hidden (font size under 1 point)`, `hidden (deleted revision)` — the character
 * formatting over its styles (`doc-hidden-runs.ts`) mapped to characters through the piece table
 * (`doc-hidden-spans.ts`).
 * Formatting that cannot be read is a problem, and its text reads as visible. A table's body cells
 * also come out as `columnsOnly` rows named by their column's header (`doc-tables.ts`), as a
 * `.docx`'s do.
 *
 * An encrypted document is not read, and says so. Bounded: streams by the compound file reader,
 * pieces by the Clx's size, text by MAX_TEXT characters over all stories, read a chunk at a time.
 */

/** The most characters read from one document (all stories): 32 Mi, some 10,000 pages. */
export const MAX_TEXT = 32 << 20;
/** Characters decoded at a time: a story is never held whole as one string. */
const CHUNK = 1 << 20;

/**
 * The text of a `.doc`, each paragraph a row handed to `sink` as it is read; `problems` says what
 * was not read. Throws an `Error` naming what is wrong with a file that is no readable document.
 */
export function eachDocRow(bytes: Uint8Array, sink: RowSink, maxChars = MAX_TEXT): DocumentRead {
  const cfb = openCompoundFile(bytes);
  const word = cfb.stream('WordDocument');
  if (!word) throw new Error(`no WordDocument stream in the compound file (it holds ${cfb.streams().join(', ') || 'no streams'})`);
  const fib = readFib(word);
  if (fib.encrypted) return { problems: ['the document is encrypted (password-protected): its text was not read'], truncated: true, unread: true };
  const table = cfb.stream(fib.tableStream);
  if (!table) throw new Error(`no ${fib.tableStream} stream, which the FIB names as the document's table stream`);
  const pieces = readPieces(table, fib.fcClx, fib.lcbClx, word.length, fib.tableStream);
  const held = pieces.at(-1)?.cpEnd ?? 0;
  const formatting = hiddenFcRuns(word, table, fib);
  const problems = formatting.problems;
  const { spans, capped } = hiddenCpSpans(formatting.runs, pieces);
  if (capped) problems.push(`more than ${MAX_SPANS} hidden stretches of text; the rest reads as visible`);
  const hidden = new HiddenSpans(spans);
  const tables = tableCpSpans(formatting.tables, pieces);
  if (tables.capped) problems.push(`more than ${MAX_SPANS} table paragraphs; the tables' columns were read in part`);
  const counted = fib.storyLengths.reduce((a, b) => a + b, 0);
  if (counted > held) problems.push(`the FIB counts ${counted} characters of text but the piece table holds ${held}; the rest was not read`);
  const cap = Math.min(maxChars, MAX_TEXT);
  let truncated = false;
  let cp = 0;
  STORIES.forEach((story, i) => {
    const end = Math.min(cp + fib.storyLengths[i]!, held);
    const stop = Math.min(end, cap);
    if (stop < end) truncated = true;
    if (cp < stop) {
      const paragraphs = new WordParagraphs(
        (n, text, why) => {
          const row: DataRow = { cells: [{ text, field: `${story} paragraph ${n}${why ? `, hidden (${why})` : ''}`, verbatim: false }] };
          sink.row(row);
        },
        // Most documents hold no table: no paragraph is then held for one.
        tables.spans.length ? new DocTables(tables.spans, (row) => sink.row(row)) : undefined,
      );
      // A chunk at a time, cut where the characters' hiding changes.
      for (let at = cp; at < stop; ) {
        const { why, end } = hidden.at(at);
        const next = Math.min(at + CHUNK, stop, end);
        paragraphs.push(piecesText(word, pieces, at, next), why, at);
        at = next;
      }
      paragraphs.end();
    }
    cp += fib.storyLengths[i]!;
  });
  if (truncated) problems.push(`text over ${cap} characters; the rest was not read`);
  // The text cap, or a piece table that ends before the text does, stops the reading; a hidden
  // stretch or a table past its cap, or formatting not read, leaves the text itself read.
  return documentRead(problems, truncated || counted > held);
}

/** The text of a `.doc` as rows (small files: tests); `problems` says what was not read. */
export function docRows(bytes: Uint8Array, maxChars = MAX_TEXT): { rows: DataRow[]; problems: string[]; truncated: boolean; unread?: boolean } {
  const rows = new CollectedRows();
  const read = eachDocRow(bytes, rows, maxChars);
  return { rows: rows.rows, problems: read.problems, truncated: read.truncated, ...(read.unread ? { unread: true } : {}) };
}
