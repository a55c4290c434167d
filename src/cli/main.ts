#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { CliError, EXIT } from './exit-codes.js';

// `aispm … | head` closes the pipe early; that is the reader's choice, not an error worth a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end "with an error" in commander's exitOverride mode; they are success.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      process.stderr.write(`aispm: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`aispm: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.failed;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
