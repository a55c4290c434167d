import { PGLITE_CONF } from '../src/store/pglite-driver.js';
import { DEFAULT_TEMPLATE, writePgliteTemplate } from '../src/store/pglite-template.js';

/**
 * Run by `prepare` after the build: writes the empty cluster a new embedded store starts from
 * (src/store/pglite-template.ts says why), beside the built CLI.
 */
await writePgliteTemplate(DEFAULT_TEMPLATE, PGLITE_CONF);
process.stdout.write(`aispm: wrote the embedded store's template (${DEFAULT_TEMPLATE})\n`);
