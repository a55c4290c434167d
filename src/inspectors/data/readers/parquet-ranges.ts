import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';

/**
 * A large Parquet file as runs of consecutive row groups of about `chunk` bytes each (by their
 * compressed size in the footer), so its rows can be scanned on several workers at once. A file of
 * one row group (pyarrow's default holds a million rows) is one run: pages are not split.
 */
export async function rowGroupRanges(absPath: string, chunk: number): Promise<{ start: number; end: number }[]> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(absPath));
  const ranges: { start: number; end: number }[] = [];
  let bytes = 0;
  metadata.row_groups.forEach((rg, g) => {
    const size = rg.columns.reduce((sum, c) => sum + Number(c.meta_data?.total_compressed_size ?? 0), 0);
    if (!ranges.length || bytes >= chunk) {
      ranges.push({ start: g, end: g });
      bytes = 0;
    } else ranges[ranges.length - 1]!.end = g;
    bytes += size;
  });
  return ranges;
}
