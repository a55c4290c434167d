import type { Analyzer, RuleMeta } from '../core/index.js';
import { discoveryAnalyzers } from '../analyzers/index.js';
import { inspectors } from '../inspectors/index.js';
import { builtinRules } from '../rules/index.js';

/** Every analyzer aispm has: discovery first, then the heavy inspectors. */
export const allAnalyzers: readonly Analyzer[] = [...discoveryAnalyzers, ...inspectors];

/** A usage problem with `--only`/`--skip`; the CLI exits with code 2. */
export class UnknownAnalyzerError extends Error {
  override name = 'UnknownAnalyzerError';
}

/** Picks analyzers by id for `--only` / `--skip`; unknown ids are a usage error, not silently ignored. */
export function selectAnalyzers(only?: readonly string[], skip?: readonly string[], from: readonly Analyzer[] = allAnalyzers): Analyzer[] {
  const ids = new Set(from.map((a) => a.id));
  for (const id of [...(only ?? []), ...(skip ?? [])]) {
    if (!ids.has(id)) throw new UnknownAnalyzerError(`unknown analyzer "${id}"; known: ${[...ids].join(', ')}`);
  }
  return from.filter((a) => (!only?.length || only.includes(a.id)) && !skip?.includes(a.id));
}

/** Every rule aispm can raise: graph rules plus the findings analyzers raise directly. */
export function allRuleMetas(): RuleMeta[] {
  const seen = new Map<string, RuleMeta>();
  for (const r of builtinRules) seen.set(r.id, r);
  for (const a of allAnalyzers) for (const r of a.rules ?? []) if (!seen.has(r.id)) seen.set(r.id, { ...r, source: r.source ?? a.id });
  return [...seen.values()];
}
