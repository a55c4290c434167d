import type { Command } from 'commander';
import { scanCommand } from './scan.js';
import { analyzersCommand } from './analyzers.js';
import { lineageCommand } from './lineage.js';
import { complianceCommand } from './compliance.js';
import { frameworksCommand } from './frameworks.js';

/** Every subcommand, in `--help` order. Each file builds one commander Command. */
export const commands: readonly (() => Command)[] = [scanCommand, analyzersCommand, lineageCommand, complianceCommand, frameworksCommand];
