/**
 * Where installed Python code lives, from a path (relative or absolute, either separator): an
 * installed package (`site-packages/`, Debian's `dist-packages/`), or the standard library itself
 * (`lib/python3.11/…`). Their `data/` and `tests/data/` folders are package data, not datasets;
 * the artifacts analyzer and the data inspector both ask.
 */
const INSTALLED_PACKAGE = /(?:^|\/)(?:site|dist)-packages\//;
const PYTHON_STDLIB = /(?:^|\/)lib\/python\d+(?:\.\d+)?\//;

const slashed = (p: string) => (p.includes('\\') ? p.replaceAll('\\', '/') : p);

/** Inside an installed package or the Python standard library. */
export function inInstalledPython(path: string): boolean {
  const p = slashed(path);
  return INSTALLED_PACKAGE.test(p) || PYTHON_STDLIB.test(p);
}
