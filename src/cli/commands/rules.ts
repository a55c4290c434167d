import { Command, Option } from 'commander';
import type { RuleMeta } from '../../core/index.js';
import { allRuleMetas } from '../../scan/index.js';
import { builtinRules } from '../../rules/index.js';
import { ruleProvider } from '../../rules/builtin/cloud-shared/iac-rule.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';

interface Row extends RuleMeta {
  provider?: string;
  resourceTypes?: readonly string[];
  examples?: { pass: string[]; fail: string[] };
}

/** The catalogue: graph rules (with their resource types and examples) and analyzer-raised rules. */
function catalogue(): Row[] {
  const extra = new Map(
    builtinRules.map((r) => {
      const types = (r as { resourceTypes?: readonly string[] }).resourceTypes;
      return [r.id, { resourceTypes: types, provider: types ? ruleProvider(types) : undefined, examples: { pass: r.examples.pass.map((e) => e.name), fail: r.examples.fail.map((e) => e.name) } }] as const;
    }),
  );
  return allRuleMetas().map((m) => {
    const x = extra.get(m.id);
    const row: Row = { ...m };
    if (x?.resourceTypes) row.resourceTypes = x.resourceTypes;
    if (x?.examples) row.examples = x.examples;
    const provider = x?.provider ?? m.source;
    if (provider) row.provider = provider;
    return row;
  });
}

function show(r: Row): string {
  const fw = Object.entries(r.frameworks).map(([k, v]) => `  ${k}: ${v.join(', ')}`);
  const code = Object.entries(r.remediationCode ?? {}).map(([k, v]) => `  ${k}:\n${v.split('\n').map((l) => `    ${l}`).join('\n')}`);
  return [
    `${r.id}  (v${r.version})`,
    `title:       ${r.title}`,
    `severity:    ${r.severity}`,
    `category:    ${r.category}`,
    r.provider ? `provider:    ${r.provider}` : '',
    r.resourceTypes ? `resources:   ${r.resourceTypes.join(', ')}` : '',
    `risk:        ${r.risk}`,
    `remediation: ${r.remediation}`,
    code.length ? `remediation code:\n${code.join('\n')}` : '',
    fw.length ? `frameworks:\n${fw.join('\n')}` : '',
    r.references?.length ? `references:\n${r.references.map((x) => `  ${x}`).join('\n')}` : '',
    r.examples ? `examples:    pass: ${r.examples.pass.join('; ')} | fail: ${r.examples.fail.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `aispm rules list|show`: the rule catalogue, with filters (DESIGN §5 conventions). */
export function rulesCommand(): Command {
  const cmd = new Command('rules').description('The rule catalogue: every check aispm can report (graph rules and analyzer-raised rules).');
  cmd
    .command('list')
    .description('List rules.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--category <category>', 'only rules of this category (exposure, identity, encryption, …)')
    .option('--provider <provider>', 'only rules for this provider or source (aws, azure, gcp, kubernetes, models, …)')
    .option('--severity <severity>', 'only rules of this default severity')
    .action(async (opts: { format: 'table' | 'json'; category?: string; provider?: string; severity?: string }) => {
      const rows = catalogue().filter((r) => (!opts.category || r.category === opts.category) && (!opts.provider || r.provider === opts.provider) && (!opts.severity || r.severity === opts.severity));
      if (opts.format === 'json') return emit(`${JSON.stringify(rows, null, 2)}\n`);
      if (!rows.length) return emit('no rules match\n');
      const w = Math.max(...rows.map((r) => r.id.length));
      const lines = rows.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)} ${r.category.padEnd(14)} ${(r.provider ?? '').padEnd(10)} ${r.title}`);
      return emit(`${'ID'.padEnd(w)}  ${'SEVERITY'.padEnd(8)} ${'CATEGORY'.padEnd(14)} ${'PROVIDER'.padEnd(10)} TITLE\n${lines.join('\n')}\n${rows.length} rules\n`);
    });
  cmd
    .command('show')
    .description('Show one rule in full: risk, remediation (with IaC snippets), framework mappings, examples.')
    .argument('<id>', 'rule id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, opts: { format: 'text' | 'json' }) => {
      const r = catalogue().find((x) => x.id === id);
      if (!r) throw new CliError(`unknown rule "${id}" (see \`aispm rules list\`)`, EXIT.usage);
      return emit(opts.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : `${show(r)}\n`);
    });
  return cmd;
}
