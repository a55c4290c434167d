import type { DataRow } from './types.js';

/** Block size for free text: big enough to amortise regex start-up, small enough to bound memory. */
const BLOCK_CHARS = 256 * 1024;

/**
 * Plain text, Markdown and source files: verbatim blocks of whole lines. With `records`, each
 * paragraph (blank-line separated) is also a record for the poisoning analysis (RAG chunks).
 */
export async function* readText(lineIter: AsyncIterable<string>, opts: { records?: boolean; firstLine?: number } = {}): AsyncGenerator<DataRow> {
  let block: string[] = [];
  let size = 0;
  let blockStart = opts.firstLine ?? 1;
  let lineNo = (opts.firstLine ?? 1) - 1;
  let para: string[] = [];
  let paraLine = 0;
  let paraRow = 0;
  const pending: DataRow[] = [];
  const flushPara = () => {
    if (para.length) pending.push({ row: ++paraRow, cells: [], record: { text: para.join('\n'), line: paraLine } });
    para = [];
  };
  for await (const l of lineIter) {
    lineNo++;
    block.push(l);
    size += l.length + 1;
    if (opts.records) {
      if (l.trim() === '') flushPara();
      else {
        if (!para.length) paraLine = lineNo;
        if (para.length < 200) para.push(l);
      }
    }
    if (size >= BLOCK_CHARS) {
      yield { cells: [{ text: block.join('\n'), line: blockStart, column: 1, verbatim: true }] };
      block = [];
      size = 0;
      blockStart = lineNo + 1;
    }
    while (pending.length) yield pending.shift()!;
  }
  flushPara();
  if (block.length) yield { cells: [{ text: block.join('\n'), line: blockStart, column: 1, verbatim: true }] };
  while (pending.length) yield pending.shift()!;
}
