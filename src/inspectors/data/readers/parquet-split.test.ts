import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeStats } from './parquet-budget.js';
import { readParquet } from './parquet.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * A list row split across data pages. Data page v1 counts levels, not rows, so a writer may cut a
 * page inside a row: the next page starts with repetition level 1 and continues it (data page v2
 * may not; hyparquet-writer writes v2 and never splits a row). The file is built by hand: page
 * headers in Thrift compact (hyparquet-writer's writePageHeader), levels as run-length runs of one
 * (varint `count << 1`, then the level in a byte), values PLAIN.
 *
 * Rows: id | tags (optional list of optional strings) | note (optional string)
 *   1 | [a, b]            | n0
 *   2 | [v0 … v6]         | null      (pages A -> B -> C: page B holds nothing but its middle)
 *   3 | []                | bob.jones@acme-corp.com
 *   4 | [h, null, i]      | null
 *   5 | null              | n4
 */

const schema: SchemaElement[] = [
  { name: 'root', num_children: 3 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'note', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
];

/** Levels as one run-length run per level, after their 4-byte length (data page v1). */
function levels(ls: number[]): number[] {
  const runs = ls.flatMap((l) => [2, l]);
  return [...u32(runs.length), ...runs];
}

function u32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
}

function plain(values: string[]): number[] {
  return values.flatMap((v) => {
    const b = [...new TextEncoder().encode(v)];
    return [...u32(b.length), ...b];
  });
}

interface Page {
  numValues: number;
  body: number[];
}

/** A tags page: (repetition, definition) level pairs and the values of those at definition 3. */
function tagsPage(pairs: [number, number][], values: string[]): Page {
  return { numValues: pairs.length, body: [...levels(pairs.map((p) => p[0])), ...levels(pairs.map((p) => p[1])), ...plain(values)] };
}

const pages: Record<'id' | 'tags' | 'note', Page[]> = {
  id: [{ numValues: 5, body: [1, 2, 3, 4, 5].flatMap(u32) }],
  tags: [
    // Row 1 [a, b], then row 2 begins: v0, v1.
    tagsPage([[0, 3], [1, 3], [0, 3], [1, 3]], ['a', 'b', 'v0', 'v1']),
    // Row 2 goes on through the whole page.
    tagsPage([[1, 3], [1, 3], [1, 3]], ['v2', 'v3', 'v4']),
    // Row 2 ends (v5, v6); row 3 an empty list, row 4 with a null element, row 5 a null list.
    tagsPage([[1, 3], [1, 3], [0, 1], [0, 3], [1, 2], [1, 3], [0, 0]], ['v5', 'v6', 'h', 'i']),
  ],
  note: [{ numValues: 5, body: [...levels([1, 0, 1, 0, 1]), ...plain(['n0', 'write to bob.jones@acme-corp.com', 'n4'])] }],
};

/** The file: PAR1, each column's pages (data page v1, uncompressed), the footer. */
function buildFile(): ArrayBuffer {
  const w = new ByteWriter();
  w.appendUint32(0x31524150);
  const columns = (['id', 'tags', 'note'] as const).map((name) => {
    const start = w.offset;
    for (const p of pages[name]) {
      // (hyparquet-writer's own hyparquet types, a version behind the reader's.)
      const header: Parameters<typeof writePageHeader>[1] = {
        type: 'DATA_PAGE',
        uncompressed_page_size: p.body.length,
        compressed_page_size: p.body.length,
        data_page_header: { num_values: p.numValues, encoding: 'PLAIN', definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
      };
      writePageHeader(w, header);
      w.appendBytes(Uint8Array.from(p.body));
    }
    const size = BigInt(w.offset - start);
    const leaf = name === 'tags' ? ['tags', 'list', 'element'] : [name];
    return {
      file_offset: BigInt(start),
      meta_data: {
        type: name === 'id' ? 'INT32' : 'BYTE_ARRAY',
        encodings: ['PLAIN', 'RLE'],
        path_in_schema: leaf,
        codec: 'UNCOMPRESSED',
        num_values: BigInt(pages[name].reduce((n, p) => n + p.numValues, 0)),
        total_uncompressed_size: size,
        total_compressed_size: size,
        data_page_offset: BigInt(start),
      },
    };
  });
  const metadata = {
    version: 1,
    schema,
    num_rows: 5n,
    row_groups: [{ columns, total_byte_size: BigInt(w.offset - 4), num_rows: 5n }],
  } as unknown as Parameters<typeof writeMetadata>[1];
  writeMetadata(w, metadata);
  w.appendUint32(0x31524150);
  return w.getBuffer();
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pq-split-'));
  file = path.join(dir, 'split.parquet');
  await writeFile(file, Buffer.from(buildFile()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(budget?: number): Promise<{ rows: DataRow[]; stats: DecodeStats }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const stats: DecodeStats = { peak: 0, redecoded: 0 };
  const rows: DataRow[] = [];
  for await (const r of readParquet(file, status, 1e9, { budget, stats })) rows.push(r);
  expect(status).toMatchObject({ rows: 5, truncated: false, columns: ['id', 'tags', 'note'] });
  return { rows, stats };
}

const expected = [
  ['id=1', 'tags[0]=a', 'tags[1]=b', 'note=n0'],
  ['id=2', ...Array.from({ length: 7 }, (_, j) => `tags[${j}]=v${j}`)],
  ['id=3', 'note=write to bob.jones@acme-corp.com'],
  ['id=4', 'tags[0]=h', 'tags[2]=i'],
  ['id=5', 'note=n4'],
];

describe('Parquet list row split across data pages', () => {
  it('is a file hyparquet itself reads as written', async () => {
    const objects = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
    expect(objects.map((o) => o.tags)).toEqual([['a', 'b'], ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6'], [], ['h', null, 'i'], null]);
    expect(objects.map((o) => o.note)).toEqual(['n0', null, 'write to bob.jones@acme-corp.com', null, 'n4']);
  });

  it('gives the split row every value in order, and the next row starts right', async () => {
    const { rows } = await readAll();
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual(expected);
  });

  it('reads it the same when pages are read again batch by batch (a stand-in takes the continued values)', async () => {
    // A budget of a few hundred bytes: batches of a row or two, each page decoded several times.
    const { rows, stats } = await readAll(400);
    expect(stats.redecoded).toBeGreaterThan(0);
    expect(stats.peak).toBeLessThanOrEqual(400);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual(expected);
  });
});
