import { runDiscoveryBench } from './discovery.js';
import { runModelsBench } from './models.js';
import { runGraphBench } from './graph.js';
import { runStoreBench } from './store.js';
import { benchData } from './data.js';
import { runIacBench } from './iac.js';
import { benchGitHistory } from './git-history.js';

/**
 * `npm run bench`: runs every benchmark in turn. Each prints its own table with throughput, peak
 * memory and the peer or limit it is compared with. Pass names to run a subset: `npm run bench -- discovery`.
 */
export interface Bench {
  name: string;
  run(): Promise<void>;
}

export const benches: readonly Bench[] = [
  { name: 'discovery', run: runDiscoveryBench },
  { name: 'models', run: runModelsBench },
  { name: 'graph', run: runGraphBench },
  { name: 'store', run: runStoreBench },
  { name: 'data', run: benchData },
  { name: 'iac', run: runIacBench },
  { name: 'history', run: () => benchGitHistory() },
];

async function main() {
  const pick = process.argv.slice(2);
  for (const b of benches) {
    if (pick.length && !pick.includes(b.name)) continue;
    process.stdout.write(`\n== ${b.name} ==\n`);
    await b.run();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
