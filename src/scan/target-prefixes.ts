import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where one scan target's files sit in the report: report path = `prefix` + path below `dir`. */
export interface TargetPlace {
  /** The target, resolved (a folder or a file). */
  abs: string;
  /** The folder report paths of this target are relative to (the target, or a file target's folder). */
  dir: string;
  /** Prepended to every report path of this target ('' when the scan has one target). */
  prefix: string;
}

/**
 * Report path prefixes for a scan's targets. One target: paths are relative to it, no prefix. Several:
 * each target's paths start with where it lies, so two targets' `README.md` stay apart — relative to
 * the working folder when every target lies inside it (`aispm scan infra models` → `infra/…`,
 * `models/…`), else relative to the targets' deepest common folder (`aispm scan /srv/a /srv/b` →
 * `a/…`, `b/…`): a path climbing out with `../` would change with the folder the scan ran from, and
 * with it every fingerprint. A file target's paths are its own name below its folder's prefix
 * (`data/x.csv`, never `data/x.csv/x.csv`).
 */
export function targetPlaces(targets: readonly string[], cwd = process.cwd()): TargetPlace[] {
  const places = targets.map((t) => {
    const abs = path.resolve(cwd, t);
    const isFile = existsSync(abs) && statSync(abs).isFile();
    return { abs, dir: isFile ? path.dirname(abs) : abs, isFile };
  });
  if (places.length <= 1) return places.map(({ abs, dir }) => ({ abs, dir, prefix: '' }));
  const base = places.every((p) => isInside(cwd, p.dir)) ? cwd : commonFolder(places.map((p) => p.dir));
  return places.map(({ abs, dir, isFile }) => {
    const rel = path.relative(base, dir).split(path.sep).join('/');
    // A folder target that is the base itself keeps `./` (as it always has); a file target there has no prefix.
    return { abs, dir, prefix: rel ? `${rel}/` : isFile ? '' : './' };
  });
}

function isInside(folder: string, p: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/** The deepest folder holding every one of `dirs` (absolute paths); the file system root at worst. */
function commonFolder(dirs: readonly string[]): string {
  let base = dirs[0]!;
  while (!dirs.every((d) => isInside(base, d))) {
    const up = path.dirname(base);
    if (up === base) break;
    base = up;
  }
  return base;
}
