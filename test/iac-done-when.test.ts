import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetId, type ScanResult } from '../src/core/index.js';
import { runScan } from '../src/scan/index.js';
import { resolveOptions } from '../src/config/index.js';
import { repoRoot, runCli } from './cli.js';

/**
 * Issue 5 "Done when": scanning the example estate's IaC reports the SageMaker notebook with direct
 * internet access and an admin role, the Azure OpenAI account with public access and key auth, the
 * public Vertex endpoint and the LoadBalancer vLLM service — each at the right file, line and
 * resource address — and the fully hardened variant of the same files reports none of them.
 */
const ESTATE = path.join(repoRoot, 'examples/estate/infra');
const HARDENED = path.join(repoRoot, 'test/fixtures/iac-hardened');
const IAC = ['terraform', 'cloudformation', 'kubernetes', 'arm'];

interface Expect {
  rule: string;
  file: string;
  /** Text on the line the finding must point at (first match in the file). */
  needle: string;
  resource: string;
}

const EXPECTED: Expect[] = [
  { rule: 'sagemaker_notebook_instance_direct_internet_access_disabled', file: 'terraform/aws/notebook.tf', needle: 'direct_internet_access', resource: 'aws_sagemaker_notebook_instance.research' },
  { rule: 'aws_ai_workload_role_not_administrator', file: 'terraform/aws/notebook.tf', needle: 'resource "aws_sagemaker_notebook_instance" "research"', resource: 'aws_sagemaker_notebook_instance.research' },
  { rule: 'iam_principal_no_administrator_access', file: 'terraform/aws/iam.tf', needle: 'resource "aws_iam_role_policy_attachment" "notebook_admin"', resource: 'aws_iam_role.notebook' },
  { rule: 'azure_cognitive_account_public_network_access_disabled', file: 'terraform/azure/main.tf', needle: 'public_network_access_enabled', resource: 'azurerm_cognitive_account.openai' },
  { rule: 'azure_cognitive_account_local_auth_disabled', file: 'terraform/azure/main.tf', needle: 'local_auth_enabled', resource: 'azurerm_cognitive_account.openai' },
  { rule: 'gcp_vertex_endpoint_private', file: 'terraform/gcp/main.tf', needle: 'resource "google_vertex_ai_endpoint" "triage"', resource: 'google_vertex_ai_endpoint.triage' },
  { rule: 'k8s_ai_workload_not_publicly_exposed', file: 'k8s/vllm-service.yaml', needle: 'apiVersion: v1', resource: 'Service/ml-serving/vllm-triage' },
  { rule: 'k8s_ai_server_auth_enabled', file: 'k8s/vllm-deployment.yaml', needle: 'args:', resource: 'Deployment/ml-serving/vllm-triage' },
];

async function lineOf(root: string, file: string, needle: string): Promise<number> {
  const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

describe('IaC done-when: the example estate', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await runScan(resolveOptions([ESTATE], {}, { only: IAC }));
  }, 60_000);

  it('reads every file without parse errors', () => {
    expect(result.scan.issues).toEqual([]);
  });

  it.each(EXPECTED.map((e) => [e.rule, e] as const))('%s fails at the right file, line and resource', async (_r, e) => {
    const f = result.findings.find((x) => x.ruleId === e.rule && x.status === 'fail' && x.location.resource === e.resource);
    expect(f, `no failing ${e.rule} on ${e.resource}`).toBeDefined();
    expect(f!.location.path).toBe(e.file);
    expect(f!.location.line).toBe(await lineOf(ESTATE, e.file, e.needle));
  });

  it('emits the relations the attack path needs', () => {
    const notebook = assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance:acme-research-notebook');
    const role = assetId('identity', 'aws', 'iam-role:acme-notebook-role');
    const bucket = assetId('storage', 'aws', 's3://acme-training-data');
    const has = (from: string, kind: string, to: string) => result.relations.some((r) => r.from === from && r.kind === kind && r.to === to);
    expect(has('internet', 'exposed-to', notebook)).toBe(true);
    expect(has(notebook, 'runs-as', role)).toBe(true);
    const access = result.relations.find((r) => r.from === role && r.kind === 'can-access' && r.to === bucket);
    expect(access?.properties).toMatchObject({ level: 'admin', via: 'AdministratorAccess' });
    const exposed = result.relations.filter((r) => r.kind === 'exposed-to').map((r) => result.assets.find((a) => a.id === r.to)?.type);
    expect(exposed).toEqual(expect.arrayContaining(['azurerm_cognitive_account', 'google_vertex_ai_endpoint', 'kubernetes_deployment']));
  });

  it('answers manual, not a guess, for a variable without a default', () => {
    const f = result.findings.find((x) => x.ruleId === 'sagemaker_notebook_instance_in_vpc' && x.location.resource === 'aws_sagemaker_notebook_instance.research');
    expect(f?.status).toBe('manual');
    expect(f?.message).toContain('var.notebook_subnet_id');
  });
});

describe('IaC done-when: the hardened variant of the same files', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await runScan(resolveOptions([HARDENED], {}, { only: IAC }));
  }, 60_000);

  it('reports none of the done-when findings, and each rule was judged (pass)', () => {
    for (const e of EXPECTED) {
      const mine = result.findings.filter((x) => x.ruleId === e.rule);
      expect(mine.filter((x) => x.status === 'fail'), e.rule).toEqual([]);
      expect(mine.some((x) => x.status === 'pass'), `${e.rule} never passed`).toBe(true);
    }
  });

  it('is fully hardened: no IaC rule fails anywhere', () => {
    expect(result.findings.filter((x) => x.status === 'fail').map((x) => `${x.ruleId} ${x.location.path}:${x.location.line}`)).toEqual([]);
  });

  it('no longer exposes anything to the internet', () => {
    expect(result.relations.filter((r) => r.kind === 'exposed-to')).toEqual([]);
  });
});

describe('IaC done-when through the built CLI', () => {
  it('fails the build on the estate and passes on the hardened variant (--fail-on high)', async () => {
    const only = ['--only', IAC.join(','), '--no-store', '--format', 'json', '--fail-on', 'high'];
    const bad = await runCli(['scan', ESTATE, ...only]);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as ScanResult;
    const nb = report.findings.find((f) => f.ruleId === 'sagemaker_notebook_instance_direct_internet_access_disabled' && f.status === 'fail' && f.location.path?.startsWith('terraform/'));
    expect(nb?.location).toMatchObject({ path: 'terraform/aws/notebook.tf', resource: 'aws_sagemaker_notebook_instance.research' });
    const good = await runCli(['scan', HARDENED, ...only]);
    expect(good.code).toBe(0);
  }, 60_000);
});
