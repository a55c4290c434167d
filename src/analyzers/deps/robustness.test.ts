import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../../core/index.js';
import { containersAnalyzer } from '../containers/index.js';
import { envAnalyzer } from '../env/index.js';
import { mcpAnalyzer } from '../mcp/index.js';
import { fakeFile } from './fake-file.js';
import { depsAnalyzer } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const estate = path.resolve(here, '..', '..', '..', 'examples', 'estate');

/** Real-format inputs (the example estate's committed files) per analyzer. */
const CASES: [Analyzer, string][] = [
  [depsAnalyzer, 'apps/support-bot/requirements.txt'],
  [depsAnalyzer, 'apps/support-bot/pyproject.toml'],
  [depsAnalyzer, 'apps/web-chat/package-lock.json'],
  [depsAnalyzer, 'services/java-rag/pom.xml'],
  [depsAnalyzer, 'services/go-embedder/go.mod'],
  [depsAnalyzer, 'services/rust-tokenizer/Cargo.toml'],
  [mcpAnalyzer, 'apps/support-bot/.cursor/mcp.json'],
  [mcpAnalyzer, 'apps/support-bot/.vscode/mcp.json'],
  [envAnalyzer, 'apps/support-bot/.env.example'],
  [containersAnalyzer, 'deploy/docker-compose.yml'],
  [containersAnalyzer, 'deploy/helm/values.yaml'],
  [containersAnalyzer, 'apps/support-bot/Dockerfile'],
];

/** A deterministic stream of mutations: truncations, byte flips, inserted junk. */
function* mutations(text: string): Generator<string> {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % Math.max(1, n);
  };
  for (let i = 1; i <= 8; i++) yield text.slice(0, Math.floor((text.length * i) / 9));
  for (let i = 0; i < 24; i++) {
    const chars = [...text];
    for (let k = 0; k < 3; k++) chars[rnd(chars.length)] = '{}[]:"\'\u0000\n-=#<>'[rnd(15)]!;
    yield chars.join('');
  }
  yield '\u0000'.repeat(64);
  yield '\uFEFF';
  yield 'a: &a [*a]';
  yield '['.repeat(5000);
}

describe('discovery analyzers survive corrupt input', () => {
  for (const [analyzer, rel] of CASES) {
    it(`${analyzer.id} on mutated ${rel}`, async () => {
      const text = readFileSync(path.join(estate, rel), 'utf8');
      const clean = await analyzer.analyze(fakeFile(rel, text), { root: estate, options: {} });
      expect(clean.issues ?? []).toEqual([]);
      expect(clean.assets?.length ?? 0).toBeGreaterThan(0);
      for (const m of mutations(text)) {
        const out = await analyzer.analyze(fakeFile(rel, m), { root: estate, options: {} });
        for (const i of out.issues ?? []) {
          expect(i.message).toContain(rel);
          expect(i.message).not.toContain('\n');
        }
        // Whatever survives still serialises as JSON (assets are JSON values only).
        expect(() => JSON.stringify(out)).not.toThrow();
      }
    });
  }
});
