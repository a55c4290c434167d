import { describe, expect, it } from 'vitest';
import { RecordRow } from './record-row.js';
import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

const sinkOf = (rows: DataRow[]): RowSink => ({ row: (r) => rows.push(r), header: (r) => rows.push(r) });

describe("a statistics package's row as a record", () => {
  it("keeps a CSV row's rule: long prose and the short words beside it, no code lists, the label apart", () => {
    const rows: DataRow[] = [];
    const r = new RecordRow();
    r.add('attributes', 'INFORM;NINFOM;NTXTDS;SCAMAX;SCAMIN', false);
    r.add('name', 'Lake', false);
    r.add('definition', 'A body of water surrounded by land', false);
    r.add('class', 'G', true);
    r.emit(sinkOf(rows), 1);
    // Short words alone make no record: a table of categories is no text a model reads.
    r.add('name', 'Lake', false);
    r.add('kind', 'Inland water', false);
    r.emit(sinkOf(rows), 2);
    expect(rows.map((x) => x.record)).toEqual([{ text: 'Lake A body of water surrounded by land', label: 'G' }, undefined]);
    expect(rows[0]!.cells.map((c) => c.field)).toEqual(['attributes', 'name', 'definition', 'class']);
  });
});
