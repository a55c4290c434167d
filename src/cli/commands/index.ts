import type { Command } from 'commander';
import { scanCommand } from './scan.js';
import { analyzersCommand } from './analyzers.js';
import { lineageCommand } from './lineage.js';
import { complianceCommand } from './compliance.js';
import { frameworksCommand } from './frameworks.js';
import { diffCommand } from './diff.js';
import { historyCommand } from './history.js';
import { watchCommand } from './watch.js';
import { suppressCommand } from './suppress.js';
import { approveCommand } from './approve.js';
import { rulesCommand } from './rules.js';

/** Every subcommand, in `--help` order. Each file builds one commander Command. */
export const commands: readonly (() => Command)[] = [scanCommand, analyzersCommand, lineageCommand, complianceCommand, frameworksCommand, diffCommand, historyCommand, watchCommand, suppressCommand, approveCommand, rulesCommand];
