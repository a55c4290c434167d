import type { Command } from 'commander';
import { scanCommand } from './scan.js';
import { analyzersCommand } from './analyzers.js';

/** Every subcommand, in `--help` order. Each file builds one commander Command. */
export const commands: readonly (() => Command)[] = [scanCommand, analyzersCommand];
