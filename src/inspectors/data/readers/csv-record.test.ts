import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv.js';
import { cellKind, NONE, PROSE, recordText, WORDS } from './csv-record.js';
import type { DataRow, ReadStatus, TextCell } from './types.js';

const cells = (...texts: string[]): TextCell[] => texts.map((text) => ({ text, verbatim: true }));

/** The records of a CSV text, as the parser makes them (`class` is the label column). */
function records(lines: string[]): (string | undefined)[] {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const out: DataRow[] = [];
  const p = new CsvParser({ delimiter: ',', quote: '"', header: true }, status, (cs) => cs.indexOf('Class'));
  for (const l of lines) p.line(l, out);
  p.end(out);
  return out.filter((r) => !r.header).map((r) => r.record?.text);
}

describe('CSV record text', () => {
  it('reads lists of codes, ids, numbers and short addresses as none of a record, names as words, long text as prose', () => {
    for (const t of ['INFORM;NINFOM;NTXTDS;PICREP;SCAMAX;SCAMIN;TXTDSC;', 'Line;Area;', 'INH-A1', '5733be284776f41900661182', 'UC_NONE', 'CATDIS', '2019-02-15T23:49:54Z', '7065.19', 'ben@example.org', '/srv/a', 'kg/(m^2 s)', '3rd Avenue']) expect(cellKind(t), t).toBe(NONE);
    for (const t of ['Lake', 'Lake shore', 'Never-married', "O'Brien & Sons", 'Größe', ' ham ']) expect(cellKind(t), t).toBe(WORDS);
    for (const t of ['INDIAN 1975, Thailand', 'https://example.org/a/b/c', 'ben.okafor@example-mail.org', 'Administration area (Named)', 'Größenordnung der Fläche']) expect(cellKind(t), t).toBe(PROSE);
  });

  it("tells two rows of GDAL's S-57 object classes apart, which the shared attribute lists made identical", () => {
    // s57objectclasses.csv rows 37 and 70: before, both records were the two long attribute lists alone.
    const head = '"Code","ObjectClass","Acronym","Attribute_A","Attribute_B","Attribute_C","Class","Primitives"';
    const [custom, shore, admin] = records([
      head,
      '37,Custom zone,CUSZNE,NATION;,INFORM;NINFOM;NTXTDS;SCAMAX;SCAMIN;TXTDSC;,RECDAT;RECIND;SORDAT;SORIND;,G,Area;',
      '70,Lake shore,LAKSHR,NOBJNM;OBJNAM;,INFORM;NINFOM;NTXTDS;SCAMAX;SCAMIN;TXTDSC;,RECDAT;RECIND;SORDAT;SORIND;,G,Line;Area;',
      '1,Administration area (Named),ADMARE,JRSDTN;NATION;NOBJNM;OBJNAM;,INFORM;NINFOM;NTXTDS;PICREP;SCAMAX;SCAMIN;TXTDSC;,RECDAT;RECIND;SORDAT;SORIND;,G,Area;',
    ]);
    // No long prose: no record (a short name alone is no training text); the named class is its name.
    expect(custom).toBeUndefined();
    expect(shore).toBeUndefined();
    expect(admin).toBe('Administration area (Named)');
  });

  it('joins short prose beside long prose, in column order, and leaves the label, numbers and codes out', () => {
    expect(recordText(cells('17', 'Lake', 'a sentence long enough to be record text', 'pos', 'ID_17'), 3)).toBe('Lake a sentence long enough to be record text');
    expect(recordText(cells('17', 'Lake shore', 'a sentence long enough to be record text', 'pos'), 3)).toBe('Lake shore a sentence long enough to be record text');
    // A short address or path names the row as an id does: left out (a long one is prose, as before).
    expect(recordText(cells('ben@example.org', "O'Brien & Sons", 'a sentence long enough to be record text', '/srv/a'), -1)).toBe("O'Brien & Sons a sentence long enough to be record text");
    // A table of short values makes no record (census rows would be duplicates by the thousand).
    expect(recordText(cells('39', 'State-gov', 'Bachelors', 'Never-married', 'Adm-clerical', 'White', 'Male'), -1)).toBe('');
    // A long label is still the label, not text.
    expect(recordText(cells('short', 'a label that is long enough to count'), 1)).toBe('');
  });
});
