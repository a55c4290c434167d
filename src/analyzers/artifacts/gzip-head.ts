import { constants, gunzipSync } from 'node:zlib';

/** Inflated bytes kept from a gzip head: enough to see how the content starts, far below a bomb. */
const MAX_INFLATED = 64 * 1024;

/**
 * How a gzip file's content starts, inflated from the compressed head the walker already read (no
 * further I/O), or undefined when the head cannot be inflated (another codec, corrupt). A
 * truncated stream is expected here, so the inflater flushes what it has instead of failing, and
 * output past MAX_INFLATED is cut off rather than produced.
 */
export function gunzipHead(head: Uint8Array): string | undefined {
  // Past the cap zlib throws instead of truncating; a highly compressible head is still readable
  // from its start, so inflate less of it (a gzip header is 10 bytes; deflate inflates ≤ 1032:1).
  for (let n = head.length; n >= 16; n = n >> 1) {
    try {
      const out = gunzipSync(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED });
      return out.toString('utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      if (!(e instanceof RangeError)) return undefined;
    }
  }
  return undefined;
}

/**
 * False when inflated content shows a gzip `.json.gz` / `.jsonl.gz` is not records: a JSON object at
 * the top (botocore's 900 service models, OpenML API responses in test folders) is a config or an
 * API document, the same rule plain `.json` files follow. True when it looks like records, or when
 * the head could not be read (the earlier folder-only rule stands then).
 */
export function gzipMayHoldRecords(format: 'json' | 'jsonl', head: Uint8Array): boolean {
  const text = gunzipHead(head);
  if (text === undefined) return true;
  return format === 'json' ? /^\s*(?:\[|$)/.test(text) : /^\s*(?:\{|$)/.test(text);
}
