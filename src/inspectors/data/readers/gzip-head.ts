import { constants, gunzipSync } from 'node:zlib';

/** Prefixes of the compressed head inflated in turn: a short one is cheap, a longer one reaches further. */
const PREFIXES = [1024, 4096];
/** Output allowed per try (deflate expands at most ~1032:1: 4 KiB in gives ≤ 4.2 MB), and what is kept of it. */
const MAX_OUT = 8 << 20;
const KEEP = 8192;

/**
 * The opening of the text a gzip stream's head inflates to — the head is a file's first few KiB,
 * so the stream is cut and is inflated with a sync flush as far as it goes — or undefined when it
 * is no gzip or does not inflate. Only a prefix of the head is inflated (bounded output), so a
 * bomb's head costs nothing.
 */
export function gunzipHead(head: Uint8Array): Uint8Array | undefined {
  if (head[0] !== 0x1f || head[1] !== 0x8b) return undefined;
  let out: Uint8Array | undefined;
  for (const n of PREFIXES) {
    try {
      out = gunzipSync(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_OUT });
    } catch {
      break;
    }
    if (out.length >= KEEP || n >= head.length) break;
  }
  return out?.length ? out.subarray(0, KEEP) : undefined;
}
