import type { SourceView } from './source.js';

/** Modules whose `load`/`loads` unpickle. */
const PICKLE_MODULES = 'pickle|cPickle|_pickle|joblib|dill|cloudpickle';

/** The pickle-family loaders as written: `pickle.load`, `pd.read_pickle` — the long-standing set. */
const QUALIFIED = new RegExp(`\\b(?:${PICKLE_MODULES})\\.loads?\\b|\\b(?:pd|pandas)\\.read_pickle\\b`);

/** A pickle-family loader reachable under another name in this file, and what it really is. */
export interface PickleCallee {
  /** Callee regex (no trailing `(`), as SourceView.calls takes it. */
  re: RegExp;
  /** The callee as written → the loader it is (`jl.load` → `joblib.load`). */
  canonical: (callee: string) => string;
}

function escape(s: string): string {
  return s.replace(/[.$]/g, '\\$&');
}

/**
 * Every spelling of a pickle-family loader in a Python file: the qualified names, module aliases
 * (`import joblib as jl` … `jl.load(p)`) and imported functions (`from joblib import load` …
 * `load(p)`, `from pickle import loads as unpickle`). The aliased forms are how scikit-learn
 * model loading is often written, and were missed before.
 */
export function pickleCallees(v: SourceView): PickleCallee[] {
  const out: PickleCallee[] = [{ re: QUALIFIED, canonical: (c) => c }];
  const modAlias = new Map<string, string>();
  for (const m of v.code.matchAll(new RegExp(`^[ \\t]*import[ \\t]+(${PICKLE_MODULES})[ \\t]+as[ \\t]+(\\w+)`, 'gm'))) {
    if (m[2] !== m[1]) modAlias.set(m[2]!, m[1]!);
  }
  if (modAlias.size) {
    const names = [...modAlias.keys()].map(escape).join('|');
    out.push({ re: new RegExp(`(?<![\\w.])(?:${names})\\.loads?\\b`), canonical: (c) => `${modAlias.get(c.split('.')[0]!)}.${c.split('.')[1]}` });
  }
  const fnAlias = new Map<string, string>();
  for (const m of v.code.matchAll(new RegExp(`^[ \\t]*from[ \\t]+(${PICKLE_MODULES})[ \\t]+import[ \\t]+(\\([^)]*\\)|[^\\n]*)`, 'gm'))) {
    for (const part of m[2]!.replace(/[()\\\n]/g, ' ').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name === 'load' || name === 'loads') fnAlias.set(alias?.trim() || name, `${m[1]}.${name}`);
    }
  }
  if (fnAlias.size) {
    const names = [...fnAlias.keys()].map(escape).join('|');
    // Not a method (`obj.load(`) and not the definition of a function of that name.
    out.push({ re: new RegExp(`(?<![\\w.])(?<!\\bdef\\s+)(?:${names})\\b`), canonical: (c) => fnAlias.get(c)! });
  }
  return out;
}
