import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

async function dir(files: Record<string, string>) {
  const root = await mkdtemp(path.join(tmpdir(), 'aispm-cli-'));
  for (const [k, v] of Object.entries(files)) await writeFile(path.join(root, k), v);
  return root;
}

describe('aispm CLI contract (DESIGN §5)', () => {
  it('--help teaches: formats, exit codes and examples', async () => {
    const r = await runCli(['scan', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--format', '--fail-on', '--only', 'Exit codes', 'Examples', 'sarif', 'cyclonedx']) expect(r.stdout).toContain(s);
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on bad usage: unknown flag, unknown analyzer, bad severity, missing target', async () => {
    const root = await dir({ 'a.txt': 'x' });
    expect((await runCli(['scan', root, '--bogus', '--no-store'])).code).toBe(2);
    const unknown = await runCli(['scan', root, '--only', 'nope', '--no-store']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown analyzer "nope"');
    expect((await runCli(['scan', root, '--fail-on', 'severe', '--no-store'])).code).toBe(2);
    const missing = await runCli(['scan', path.join(root, 'missing'), '--no-store']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not found');
  });

  it('exits 2 on an invalid config file, naming the file and the key', async () => {
    const root = await dir({ 'aispm.yaml': 'limits:\n  concurrency: -3\n' });
    const r = await runCli(['scan', root, '--config', path.join(root, 'aispm.yaml'), '--no-store']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('aispm.yaml');
    expect(r.stderr).toContain('limits.concurrency');
    const broken = await dir({ 'aispm.yaml': 'only: [unclosed\n' });
    const r2 = await runCli(['scan', broken, '--config', path.join(broken, 'aispm.yaml'), '--no-store']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('invalid YAML');
  });

  it('writes JSON to -o and nothing coloured when NO_COLOR is set', async () => {
    const root = await dir({ 'a.txt': 'hello' });
    const out = path.join(root, 'report.json');
    const r = await runCli(['scan', root, '-f', 'json', '-o', out, '--no-store']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const { readFile } = await import('node:fs/promises');
    const report = JSON.parse(await readFile(out, 'utf8')) as { schema: string };
    expect(report.schema).toBe('aispm.report/v1');
    const table = await runCli(['scan', root, '--no-store'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    expect(table.stdout).not.toMatch(/\u001b\[/);
    expect(table.stdout).toContain('AI inventory');
  });

  it('keeps stdout clean of progress when piped (progress is stderr, TTY only)', async () => {
    const root = await dir({ 'a.txt': 'hello' });
    const r = await runCli(['scan', root, '-f', 'json', '--no-store']);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).not.toContain('scanning');
  });
});
