import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/core/index.js';
import { repoRoot, runCli } from './cli.js';

/**
 * The README's first command, end to end: the real CLI on the bundled example estate, compared
 * with a golden digest (one line per asset, failing finding, path and framework). The digest
 * leaves out what changes from run to run (ids of the scan, times) and keeps what a reviewer
 * should notice changing. Refresh deliberately with `UPDATE_GOLDEN=1 npm test -- estate-golden`.
 */
const golden = path.join(repoRoot, 'test', 'golden', 'estate.digest.txt');

function where(l: { path?: string; line?: number; cell?: number; resource?: string }): string {
  return `${l.path ?? ''}${l.cell !== undefined ? `#cell${l.cell}` : ''}${l.line ? `:${l.line}` : ''}${l.resource ? ` (${l.resource})` : ''}`;
}

function digest(r: ScanResult): string {
  const lines: string[] = [];
  for (const a of r.assets) lines.push(`asset    ${a.kind} ${a.provider}/${a.type ?? '-'} ${a.name} @ ${where(a.locations[0] ?? {})}`);
  for (const f of r.findings) if (f.status !== 'pass') lines.push(`finding  ${f.severity} ${f.status} ${f.ruleId} @ ${where(f.location)}`);
  for (const p of r.paths) lines.push(`path     ${p.severity} ${p.title}`);
  for (const c of r.compliance) {
    const n = (s: string) => c.controls.filter((x) => x.status === s).length;
    lines.push(`control  ${c.framework} fail=${n('fail')} pass=${n('pass')} manual=${n('manual')} not-assessed=${n('not-assessed')}`);
  }
  return `${lines.sort().join('\n')}\n`;
}

describe('the example estate (README command 1)', () => {
  it('scans to the golden inventory, findings, paths and compliance', async () => {
    const r = await runCli(['scan', 'examples/estate', '--format', 'json', '--no-store']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanResult;
    const got = digest(report);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      if (!process.env.UPDATE_GOLDEN) throw new Error(`no golden file at ${golden}; run with UPDATE_GOLDEN=1 to create it`);
      await writeFile(golden, got);
    }
    expect(got).toBe(await readFile(golden, 'utf8'));
  });

  it('shows every asset kind files can reveal, and the story the estate tells', async () => {
    const r = await runCli(['scan', 'examples/estate', '--format', 'json', '--no-store']);
    const report = JSON.parse(r.stdout) as ScanResult;
    const kinds = new Set(report.assets.map((a) => a.kind));
    for (const k of ['ai-package', 'ai-model', 'model-file', 'dataset', 'notebook', 'ai-service', 'inference-endpoint', 'training-job', 'agent', 'mcp-server', 'agent-tool', 'vector-store', 'guardrail', 'external-ai-api', 'storage', 'identity', 'workload'])
      expect(kinds, k).toContain(k);
    const top = report.paths[0]!;
    expect(top.severity).toBe('critical');
    expect(top.title).toContain('acme-research-notebook → acme-notebook-role → acme-training-data');
    expect(top.fix?.description).toBeTruthy();
    // Secrets and personal values never leave the scanner unmasked.
    expect(r.stdout).not.toMatch(/sk-(proj|ant)-[A-Za-z0-9_-]{20,}/);
    expect(r.stdout).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/);
  });

  it('gates CI: --fail-on critical exits 1 on the estate', async () => {
    const r = await runCli(['scan', 'examples/estate', '--fail-on', 'critical', '--no-store', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Attack paths');
  });
});
