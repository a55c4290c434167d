import { open, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Metadata files in MLflow/DVC stores are tiny; anything bigger is read only up to this cap. */
export const SMALL_FILE_CAP = 256 * 1024;
/** Directory listings are capped so a store with a million runs cannot stall one file's analysis. */
export const MAX_LISTING = 2000;

/** Reads a sibling metadata file (bounded), or `undefined` when it is absent or unreadable. */
export async function readSmall(absPath: string, cap = SMALL_FILE_CAP): Promise<string | undefined> {
  try {
    const fh = await open(absPath, 'r');
    try {
      const buf = Buffer.alloc(cap);
      const { bytesRead } = await fh.read(buf, 0, cap, 0);
      return buf.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '');
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}

/** The last `n` bytes of a file (MLflow metric files grow by one line per logged step). */
export async function readLastLine(absPath: string, n = 512): Promise<string | undefined> {
  try {
    const fh = await open(absPath, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(size, n);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      const lines = buf.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
      return lines[lines.length - 1];
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}

export interface Entry {
  name: string;
  dir: boolean;
}

/** Lists a directory (bounded, sorted for stable output); empty when absent. */
export async function list(absDir: string, max = MAX_LISTING): Promise<Entry[]> {
  try {
    const ents = await readdir(absDir, { withFileTypes: true });
    return ents
      .slice(0, max)
      .map((e) => ({ name: e.name, dir: e.isDirectory() }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

/** Finds files named `fileName` under `absDir`, at most `depth` levels down and `max` hits. */
export async function findFiles(absDir: string, fileName: string, depth = 4, max = 50): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, d: number): Promise<void> => {
    if (out.length >= max) return;
    for (const e of await list(dir, 500)) {
      const p = path.join(dir, e.name);
      if (!e.dir && e.name === fileName) out.push(p);
      else if (e.dir && d < depth) await visit(p, d + 1);
      if (out.length >= max) return;
    }
  };
  await visit(absDir, 0);
  return out;
}
