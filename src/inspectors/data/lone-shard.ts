import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether a dataset file on disk is the only file of its kind (extension) in its folder: then no
 * other shard of its dataset exists for the near-duplicate check across shards, and its records
 * are not sketched for it (the sketch costs a second MinHash signature a record). A folder is
 * listed once per scan; a folder that cannot be listed counts as holding others.
 */
const listings = new WeakMap<object, Map<string, Promise<Map<string, number>>>>();

export async function isLoneShard(scan: object, absPath: string): Promise<boolean> {
  let perDir = listings.get(scan);
  if (!perDir) listings.set(scan, (perDir = new Map()));
  const dir = path.dirname(absPath);
  let counts = perDir.get(dir);
  if (!counts) perDir.set(dir, (counts = countKinds(dir)));
  return (await counts).get(kindOf(path.basename(absPath))) === 1;
}

async function countKinds(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      const k = kindOf(e.name);
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  } catch {
    // Unlisted: nothing counts as lone.
  }
  return out;
}

const COMPRESSED = new Set(['.gz', '.zst', '.bz2', '.xz']);

/** `.jsonl`, `.jsonl.gz`, `.parquet`: the extension, with the one before a compression suffix. */
export function kindOf(name: string): string {
  const lower = name.toLowerCase();
  const ext = path.extname(lower);
  return COMPRESSED.has(ext) ? path.extname(lower.slice(0, -ext.length)) + ext : ext;
}
