import { LABEL_KEYS } from './json-paths.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { RecordRow } from './record-row.js';
import { numericCell } from './spss-numbers.js';
import { portableDecoder, readPorDictionary, type PorDictionary } from './spss-portable-records.js';
import { PorError, PortableText } from './spss-portable-text.js';

export { isSpssPortable } from './spss-portable-text.js';

/**
 * SPSS portable files (`.por`): the text transport format SPSS and PSPP export (`EXPORT`), still
 * how archives (ICPSR, survey and health-research data) hand out SPSS data. The dictionary
 * (`spss-portable-records.ts`) gives the variables; the cases follow under tag `F`, each variable
 * a field in order — a number or a string (`spss-portable-text.ts`) — until `Z`. Rows come out as
 * the `.sav` reader's do: a cell per variable named by its name, a string as its value label when
 * it has one, a number as its value label, its date or time under a date or time format
 * (`spss-numbers.ts`) or its digits, a missing one no cell.
 */
export function eachSpssPortableRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  const text = new PortableText(bytes);
  const decode = portableDecoder();
  let dict: PorDictionary;
  try {
    dict = readPorDictionary(text, decode);
  } catch (e) {
    if (!(e instanceof PorError)) throw e;
    return { problems: [`not a readable SPSS portable file: ${e.message}`], truncated: true };
  }
  const { vars } = dict;
  const problems = [...dict.problems];
  sink.header({ row: 0, header: true, cells: vars.map((v) => ({ text: v.name, field: v.name, verbatim: false })) });
  const labelVar = vars.find((v) => LABEL_KEYS.test(v.name));
  const row = new RecordRow();
  let rows = 0;
  let truncated = false;
  try {
    // With no variables a case is nothing: there are no cases to read (and no end to reading them).
    for (; vars.length; ) {
      text.skipSpaces();
      if (text.cc === 0x5a) break;
      if (text.cc < 0) {
        problems.push(`the data ends after ${rows} cases without its end marker (the file is cut short)`);
        break;
      }
      if (rows >= maxRows) {
        truncated = true;
        break;
      }
      for (const v of vars) {
        if (v.numeric) row.add(v.name, numericCell(v.numeric, text.number()) ?? '', v === labelVar, false);
        else {
          const value = decode(text.stringBytes()).trimEnd();
          row.add(v.name, v.textLabels?.get(value) ?? value, v === labelVar);
        }
      }
      rows++;
      row.emit(sink, rows);
    }
  } catch (e) {
    if (!(e instanceof PorError)) throw e;
    problems.push(`case ${rows + 1} is unreadable, ${e.message}: the cases from it on not read`);
  }
  return { problems, truncated: truncated || problems.length > 0 };
}
