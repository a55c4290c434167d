import type { AnalyzerOutput } from '../../../core/index.js';

/**
 * What a data scan says of a table, column by column: the entity each classified column holds
 * (the dataset asset's `columns`) and the entities its findings name in each field. Tests of the
 * readers compare it with what a table holds, whatever the file format.
 */
export function columnReport(out: AnalyzerOutput): { columns: Record<string, string>; found: Record<string, string[]> } {
  const dataset = out.assets?.find((a) => a.kind === 'dataset');
  const listed = (dataset?.properties.columns ?? []) as { name: string; entity: string }[];
  const columns = Object.fromEntries(listed.map((c) => [c.name, c.entity]));
  const found: Record<string, string[]> = {};
  for (const f of out.findings ?? []) {
    const field = f.location.field;
    const entities = f.properties?.entities as Record<string, number> | undefined;
    if (field && entities) (found[field] ??= []).push(...Object.keys(entities));
  }
  return { columns, found };
}
