import path from 'node:path';

/**
 * The key scans of "the same target" share: the resolved absolute paths, `/`-separated, without a
 * trailing slash, sorted and joined with `,` (so `aispm scan b a` and `aispm scan ./a b/` match).
 * URLs (a cloud account, a repository) are kept as written, lower-cased scheme and host.
 */
export function targetKey(targets: readonly string[], cwd = process.cwd()): string {
  const keys = targets.map((t) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
      try {
        const u = new URL(t);
        return u.toString().replace(/\/$/, '');
      } catch {
        return t;
      }
    }
    const abs = path.resolve(cwd, t).split(path.sep).join('/');
    return abs.length > 1 ? abs.replace(/\/+$/, '') : abs;
  });
  return [...new Set(keys)].sort().join(',');
}
