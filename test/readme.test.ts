import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configFileSchema } from '../src/config/index.js';
import { parsePostureConfig } from '../src/store/index.js';
import { buildProgram } from '../src/cli/program.js';
import { writers } from '../src/report/index.js';
import { allAnalyzers } from '../src/scan/index.js';
import { repoRoot } from './cli.js';

/** The README is user-facing surface: what it shows must exist and be valid. */
const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('gives a newcomer exactly the two commands: install + scan the estate, and the tests', () => {
    expect(readme).toContain('npm install && npx aispm scan examples/estate');
    expect(readme).toContain('npm test');
  });

  it("builds the CLI the README's npx runs as an executable file (npx runs the bin itself; tsc writes it 0644)", async () => {
    const { mode } = await stat(path.join(repoRoot, 'dist/src/cli/main.js'));
    expect(mode & 0o111).toBe(0o111);
  });

  it('shows a configuration example that validates', () => {
    const block = /### Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeTruthy();
    const raw = parseYaml(block!) as Record<string, unknown>;
    expect(configFileSchema.safeParse(raw).success).toBe(true);
    const posture = parsePostureConfig({ suppressions: raw.suppressions, owners: raw.owners });
    expect(posture.suppressions).toHaveLength(1);
  });

  it('names only commands, formats and analyzers that exist', () => {
    const program = buildProgram();
    const commands = new Set(program.commands.map((c) => c.name()));
    const section = /## Commands\n\n```\n([\s\S]*?)```/.exec(readme)![1]!;
    const named = [...section.matchAll(/^aispm ([a-z]+)/gm)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const c of named) expect(commands, c).toContain(c);
    const formats = /--format ([a-z|]+)/.exec(readme)![1]!.split('|');
    expect(formats.sort()).toEqual(writers.map((w) => w.format).sort());
    const ids = new Set(allAnalyzers.map((a) => a.id));
    for (const m of readme.matchAll(/^\| `([a-z]+)`/gm)) expect(ids, m[1]).toContain(m[1]);
    for (const id of ids) expect(readme, `analyzer ${id} missing from README`).toContain(`\`${id}\``);
  });
});
