import { Command } from 'commander';
import { toolVersion } from '../scan/index.js';
import { commands } from './commands/index.js';

/** The `aispm` program: parsing and wiring only (DESIGN §1). */
export function buildProgram(): Command {
  const program = new Command('aispm')
    .description('AI Security Posture Management: find every AI asset, judge its configuration and exposure, find unsafe model files, sensitive data and attack paths.')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (s, write) => write(s) })
    .exitOverride();
  for (const make of commands) {
    const sub = make();
    // Subcommands must not call process.exit themselves: usage errors become exit code 2 in main().
    sub.exitOverride().showHelpAfterError('(run with --help for usage)');
    program.addCommand(sub);
  }
  program.addHelpText('after', '\nStart with:  aispm scan .      (then: aispm scan --help)');
  return program;
}
