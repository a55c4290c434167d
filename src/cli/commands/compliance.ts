import { Command, Option } from 'commander';
import { complianceReport, formatComplianceCsv, formatComplianceHtml, formatComplianceTable, frameworks, resolveFrameworkId, rollUpCompliance } from '../../compliance/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { emit } from '../output.js';
import { loadOrScan } from './report-source.js';

interface ComplianceOptions {
  framework?: string[];
  format: 'table' | 'json' | 'html' | 'csv';
  output?: string;
  report?: string;
  config?: string;
  all?: boolean;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/**
 * `aispm compliance [PATH…] [--framework ID] [--format table|json|html|csv] [--report FILE]`:
 * findings rolled up to framework controls (pass / fail / manual / not-assessed, the findings
 * behind each, coverage). The roll-up is recomputed from the findings, so a saved report is judged
 * against the catalogues of this aispm version.
 */
export function complianceCommand(): Command {
  return new Command('compliance')
    .description('Map findings to AI security frameworks: per control pass / fail / manual / not assessed, with the findings behind it and coverage.')
    .argument('[paths...]', 'folders or files to scan (ignored with --report)', [])
    .option('--framework <ids>', 'only these frameworks (comma-separated or repeated; see `aispm frameworks`)', list)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'html', 'csv']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--report <file>', 'use a saved `aispm scan --format json` report instead of scanning')
    .option('-c, --config <file>', 'config file for the scan (default: ./aispm.yaml when present)')
    .option('--all', 'table: list not-assessed controls too')
    .addHelpText(
      'after',
      `
Examples:
  aispm compliance .                                  every framework, assessed controls
  aispm compliance . --framework owasp-llm-2025,eu-ai-act --format html -o compliance.html
  aispm scan . -f json -o scan.json && aispm compliance --report scan.json --format csv

Statuses: fail (a failing finding maps here), manual (a finding needs manual review), pass (checked,
passing), not-assessed (no aispm rule looks at this control: review it yourself).`,
    )
    .action(async (paths: string[], opts: ComplianceOptions) => {
      const wanted = opts.framework ?? [];
      for (const id of wanted) if (!resolveFrameworkId(id)) throw new CliError(`unknown framework "${id}" (known: ${frameworks.map((f) => f.id).join(', ')})`, EXIT.usage);
      const result = await loadOrScan(paths, opts);
      const rolled = rollUpCompliance(result.findings, { frameworks: wanted });
      const rep = complianceReport(rolled, result.findings, result.scan?.targets ?? paths);
      const text =
        opts.format === 'json' ? `${JSON.stringify(rep, null, 2)}\n` : opts.format === 'csv' ? formatComplianceCsv(rep) : opts.format === 'html' ? formatComplianceHtml(rep) : formatComplianceTable(rep, { all: opts.all });
      await emit(text, opts.output);
    });
}
