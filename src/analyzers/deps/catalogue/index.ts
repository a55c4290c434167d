import type { Ecosystem } from '../types.js';
import { CONDA_ALIASES, PYPI_PACKAGES } from './pypi.js';
import { NPM_PACKAGES } from './npm.js';
import { CARGO_CRATES, GO_MODULES, MAVEN_PACKAGES } from './others.js';
import type { CatalogueRow, PackageCategory } from './types.js';

export { PACKAGE_CATEGORIES, type PackageCategory, type CatalogueRow } from './types.js';

/** PEP 503 name normalisation: `Sentence_Transformers` → `sentence-transformers`. */
export function normalisePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** The canonical name of a package in its ecosystem (the asset locator). */
export function canonicalPackageName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return normalisePypiName(name);
    case 'conda':
      return name.trim().toLowerCase();
    case 'golang':
      // Major-version suffixes are the same project for inventory purposes.
      return name.trim().replace(/\/v\d+$/, '');
    case 'npm':
      return name.trim().toLowerCase();
    default:
      return name.trim();
  }
}

interface Index {
  exact: Map<string, PackageCategory>;
  prefixes: [string, PackageCategory][];
}

function buildIndex(rows: readonly CatalogueRow[], norm: (s: string) => string = (s) => s): Index {
  const exact = new Map<string, PackageCategory>();
  const prefixes: [string, PackageCategory][] = [];
  for (const [name, cat] of rows) {
    if (name.endsWith('*')) prefixes.push([norm(name.slice(0, -1)), cat]);
    else exact.set(norm(name), cat);
  }
  return { exact, prefixes };
}

const INDEXES: Record<Exclude<Ecosystem, 'conda'>, Index> = {
  pypi: buildIndex(PYPI_PACKAGES, (s) => s.toLowerCase()),
  npm: buildIndex(NPM_PACKAGES),
  golang: buildIndex(GO_MODULES),
  maven: buildIndex(MAVEN_PACKAGES),
  cargo: buildIndex(CARGO_CRATES),
};

function lookupIn(idx: Index, name: string): PackageCategory | undefined {
  const hit = idx.exact.get(name);
  if (hit) return hit;
  for (const [p, cat] of idx.prefixes) if (name.startsWith(p)) return cat;
  return undefined;
}

/**
 * The category of an AI/ML package, or undefined when the package is not AI-related.
 * `name` is canonicalised first, so callers may pass names as written.
 */
export function lookupAiPackage(ecosystem: Ecosystem, name: string): PackageCategory | undefined {
  const canon = canonicalPackageName(ecosystem, name);
  if (ecosystem === 'conda') {
    const alias = CONDA_ALIASES[canon];
    return lookupIn(INDEXES.pypi, alias ?? normalisePypiName(canon));
  }
  if (ecosystem === 'golang') {
    // Sub-packages of a catalogued module (`…/bedrockruntime/types`) belong to it.
    for (let n = canon; n.includes('/'); n = n.slice(0, n.lastIndexOf('/'))) {
      const cat = lookupIn(INDEXES.golang, n);
      if (cat) return cat;
    }
    return undefined;
  }
  return lookupIn(INDEXES[ecosystem], canon);
}

/** Number of catalogue rows, for tests and `--help` text. */
export function catalogueSize(): number {
  return PYPI_PACKAGES.length + NPM_PACKAGES.length + GO_MODULES.length + MAVEN_PACKAGES.length + CARGO_CRATES.length;
}
