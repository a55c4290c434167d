import { Command, Option } from 'commander';
import type { JsonValue, Properties } from '../../core/index.js';
import { AssetGraph } from '../../graph/index.js';
import { buildLineage } from '../../paths/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';
import { loadOrScan } from './report-source.js';

interface LineageOptions {
  path?: string[];
  report?: string;
  config?: string;
  format: 'table' | 'json';
  output?: string;
}

type Ref = { id: string; name: string; kind?: string; level?: string; via?: string };

const names = (v: JsonValue | undefined, fmt: (r: Ref) => string = (r) => r.name): string => {
  const list = Array.isArray(v) ? (v as unknown as Ref[]) : [];
  return list.length ? list.map(fmt).join(', ') : '—';
};

function formatLineage(items: readonly Properties[]): string {
  const lines: string[] = [];
  for (const l of items) {
    const sens = l.sensitiveData ? `  TRAINED ON ${String(l.sensitivity).toUpperCase()} DATA` : l.sensitivity ? `  data: ${String(l.sensitivity)}` : '';
    lines.push(`${String(l.model)}  (${String(l.kind)}, ${String(l.provider)})${sens}`);
    const trained = (Array.isArray(l.trainedOn) ? l.trainedOn : []) as unknown as (Ref & { sensitivity: string | null; entities: Record<string, number>; storedIn: Ref[]; writers: Ref[]; depth: number })[];
    if (!trained.length) lines.push('  trained on: — (no training data recorded in the scanned files)');
    else lines.push('  trained on:');
    for (const d of trained) {
      const ents = Object.entries(d.entities ?? {}).map(([k, n]) => `${k} ${n}`).join(', ');
      lines.push(`    ${d.name}  ${d.sensitivity ?? 'unknown sensitivity'}${ents ? ` (${ents})` : ''}${d.depth > 1 ? `  [via ${d.depth - 1} step${d.depth > 2 ? 's' : ''}]` : ''}`);
      if (d.storedIn?.length) lines.push(`      stored in: ${d.storedIn.map((s) => s.name).join(', ')}`);
      if (d.writers?.length) lines.push(`      can be changed by: ${d.writers.map((w) => `${w.name} (${w.level ?? 'write'})`).join(', ')}`);
    }
    lines.push(`  stored in: ${names(l.storedIn)}`);
    lines.push(`  served by: ${names(l.servedBy)}`);
    lines.push(`  can be invoked by: ${names(l.invokers, (r) => (r.via && r.via !== 'uses-model' ? `${r.name} (via ${r.via})` : r.name))}`);
    lines.push('');
  }
  if (!items.length) lines.push('no models found', '');
  return `${lines.join('\n')}\n`;
}

/**
 * `aispm lineage [ASSET] [--path DIR…] [--report FILE]`: for every model (or the one named), the
 * datasets it was trained on (transitively) with their sensitivity, who can change them
 * (poisoning exposure), where the model is stored, what serves it and who can invoke it.
 * Lineage is recomputed from the report's assets and relations, so older reports work too.
 */
export function lineageCommand(): Command {
  return new Command('lineage')
    .description('Show model lineage: training data and its sensitivity, who can poison it, where the model is stored and served, who can invoke it.')
    .argument('[asset]', 'a model: its asset id, or part of its name (default: every model)')
    .option('-p, --path <dir>', 'folder to scan (repeatable; default .)', (v: string, p: string[] = []) => [...p, v])
    .option('--report <file>', 'use a saved `aispm scan --format json` report instead of scanning')
    .option('-c, --config <file>', 'config file for the scan (default: ./aispm.yaml when present)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  aispm lineage --path examples/estate\n  aispm lineage acme-triage-llm --report scan.json --format json\n')
    .action(async (asset: string | undefined, opts: LineageOptions) => {
      const result = await loadOrScan(opts.path ?? [], opts);
      let items = buildLineage(new AssetGraph(result.assets, result.relations));
      if (asset) {
        const q = asset.toLowerCase();
        const exact = items.filter((l) => l.modelId === asset);
        items = exact.length ? exact : items.filter((l) => String(l.model).toLowerCase().includes(q));
        if (!items.length) throw new CliError(`no model matches "${asset}" (see \`aispm lineage\` for the list)`, EXIT.usage);
      }
      await emit(opts.format === 'json' ? `${JSON.stringify(items, null, 2)}\n` : formatLineage(items), opts.output);
    });
}
