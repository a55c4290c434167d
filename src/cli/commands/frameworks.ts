import { Command, Option } from 'commander';
import { frameworks } from '../../compliance/index.js';
import { emit } from '../output.js';

/** `aispm frameworks`: the catalogues `compliance --framework` and rule mappings accept. */
export function frameworksCommand(): Command {
  return new Command('frameworks')
    .description('List the AI security framework catalogues aispm maps findings to (ids for `compliance --framework`).')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--controls <id>', 'list the controls of one framework')
    .action(async (opts: { format: 'table' | 'json'; controls?: string }) => {
      const pick = opts.controls ? frameworks.filter((f) => f.id === opts.controls) : frameworks;
      if (opts.controls && !pick.length) {
        process.stderr.write(`aispm: unknown framework "${opts.controls}" (known: ${frameworks.map((f) => f.id).join(', ')})\n`);
        process.exitCode = 2;
        return;
      }
      if (opts.format === 'json') {
        const out = pick.map((f) => ({ id: f.id, name: f.name, version: f.version, url: f.url, source: f.source, controls: opts.controls ? f.controls : f.controls.length }));
        return emit(`${JSON.stringify(out, null, 2)}\n`);
      }
      if (opts.controls) return emit(pick[0]!.controls.map((c) => `${c.id.padEnd(22)} ${c.title}`).join('\n') + '\n');
      return emit(frameworks.map((f) => `${f.id.padEnd(16)} ${String(f.controls.length).padStart(4)}  ${f.name} (${f.version})`).join('\n') + '\n');
    });
}
