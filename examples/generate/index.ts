import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAgentFiles } from './agents.js';
import { generateMcpConfigs } from './mcp.js';
import { generateModels } from './models.js';
import { generateData } from './data.js';

/**
 * Writes the parts of the example estate that must not be committed: binary model files (some
 * deliberately malicious pickles), data files with synthetic PII and fake secrets assembled at run
 * time from parts, so the repository itself never trips a secret or malware scanner.
 * Each generator writes under a `generated/` folder of the estate (git-ignored). Runs from `prepare`.
 */
export type EstateGenerator = (estateRoot: string) => Promise<void>;

/** Explicit registry: each capability adds its generator here. */
export const generators: readonly { name: string; run: EstateGenerator }[] = [
  { name: 'mcp', run: generateMcpConfigs },
  { name: 'models', run: generateModels },
  { name: 'data', run: generateData },
  { name: 'agents', run: generateAgentFiles },
];

export async function generateEstate(estateRoot: string): Promise<void> {
  for (const g of generators) await g.run(estateRoot);
}

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to dist/examples/generate/index.js; the estate lives at examples/estate.
const estate = path.resolve(here, '..', '..', '..', 'examples', 'estate');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generateEstate(estate).catch((e: unknown) => {
    process.stderr.write(`aispm: could not generate the example estate: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
