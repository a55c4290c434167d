import { Command } from 'commander';
import { allAnalyzers } from '../../scan/index.js';

/** `aispm analyzers`: what `--only` and `--skip` accept. */
export function analyzersCommand(): Command {
  return new Command('analyzers').description('List the analyzers and inspectors a scan runs (ids for --only / --skip).').action(() => {
    for (const a of allAnalyzers) process.stdout.write(`${a.id.padEnd(14)} ${a.version.padEnd(8)} ${a.stage ?? 'discovery'}  ${a.description}\n`);
  });
}
