import { inflateGzipHead } from '../../core/index.js';

/** How a gzip file's content starts, as text (see `inflateGzipHead`), or undefined when the head cannot be inflated. */
export function gunzipHead(head: Uint8Array): string | undefined {
  return inflateGzipHead(head)?.toString('utf8').replace(/^\uFEFF/, '');
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
