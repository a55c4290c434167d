import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

/** Runs the built CLI (`npm run build` first), like every CLI e2e test. */
describe('aispm rules', () => {
  it('lists the catalogue as JSON, filterable by provider and category', async () => {
    const all = await runCli(['rules', 'list', '--format', 'json']);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as { id: string; provider?: string; category: string; frameworks: Record<string, string[]> }[];
    expect(rows.length).toBeGreaterThanOrEqual(80);
    expect(rows.map((r) => r.id)).toContain('sagemaker_notebook_instance_direct_internet_access_disabled');

    const azure = JSON.parse((await runCli(['rules', 'list', '--format', 'json', '--provider', 'azure'])).stdout) as typeof rows;
    expect(azure.length).toBeGreaterThan(10);
    expect(azure.every((r) => r.provider === 'azure')).toBe(true);

    const exposure = JSON.parse((await runCli(['rules', 'list', '--format', 'json', '--category', 'exposure', '--provider', 'kubernetes'])).stdout) as typeof rows;
    expect(exposure.map((r) => r.id)).toContain('k8s_ai_workload_not_publicly_exposed');
    expect(exposure.every((r) => r.category === 'exposure')).toBe(true);
  }, 30_000);

  it('prints a table with a count', async () => {
    const r = await runCli(['rules', 'list', '--provider', 'gcp']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+SEVERITY\s+CATEGORY/);
    expect(r.stdout).toMatch(/gcp_vertex_endpoint_private\s+high\s+exposure/);
    expect(r.stdout).toMatch(/\d+ rules\n$/);
  }, 30_000);

  it('shows one rule in full, and exits 2 for an unknown id', async () => {
    const r = await runCli(['rules', 'show', 'azure_cognitive_account_local_auth_disabled']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('local_auth_enabled = false');
    expect(r.stdout).toContain('owasp-llm-2025');
    expect(r.stdout).toContain('examples:');
    const bad = await runCli(['rules', 'show', 'no_such_rule']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown rule "no_such_rule"');
  }, 30_000);
});
