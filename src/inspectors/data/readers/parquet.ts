import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { leaves, recordOf } from './json.js';
import { parquetCompressors } from './parquet-codecs.js';
import type { DataRow, ReadStatus } from './types.js';

/** Rows decoded at once: one row group at most, further split so a huge group stays bounded. */
const BATCH_ROWS = 4096;

/**
 * Parquet via hyparquet: the footer first, then row groups one batch at a time, so memory is bounded
 * by one batch whatever the file size. Nested columns flatten to field paths.
 */
export async function* readParquet(absPath: string, status: ReadStatus, maxRows: number): AsyncGenerator<DataRow> {
  const file = await asyncBufferFromFile(absPath);
  const metadata = await parquetMetadataAsync(file);
  status.columns = metadata.schema.slice(1).map((s) => s.name);
  const total = Number(metadata.num_rows);
  let row = 0;
  let start = 0;
  for (const rg of metadata.row_groups) {
    const groupRows = Number(rg.num_rows);
    for (let s = 0; s < groupRows; s += BATCH_ROWS) {
      const rowStart = start + s;
      const rowEnd = Math.min(start + groupRows, rowStart + BATCH_ROWS);
      if (rowStart >= maxRows) {
        status.truncated = true;
        status.rows = row;
        return;
      }
      const objs = (await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors: parquetCompressors })) as Record<string, unknown>[];
      for (const o of objs) {
        row++;
        const ls = leaves(o, '', [], 0);
        const rec = recordOf(ls);
        yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: rec };
      }
    }
    start += groupRows;
  }
  status.rows = row;
  if (row < total) status.truncated = true;
}
