import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/core/index.js';
import { runCli } from './cli.js';

/**
 * Issue 6's done-when, end to end through the real CLI and the real analyzers: a Terraform
 * SageMaker notebook with direct internet access runs as an IAM role with AdministratorAccess; a
 * notebook reads s3://acme-training-data/train.jsonl; the scanned train.jsonl holds personal data.
 * That is ONE critical attack path with its explanation and one fix, not three loose findings.
 */
const TF = `
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "acme-research-notebook"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Enabled"
}

resource "aws_iam_role" "notebook" {
  name = "acme-notebook-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.notebook.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_s3_bucket" "training" {
  bucket = "acme-training-data"
}
`;

function notebook(): string {
  const cell = (src: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: src });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [cell(['import pandas as pd\n']), cell(['df = pd.read_json("s3://acme-training-data/train.jsonl", lines=True)\n', 'df.head()\n'])],
  });
}

/** Synthetic patients: names, e-mails, phone numbers and SSN-shaped numbers built at test time. */
function trainingData(rows = 40): string {
  const first = ['Maria', 'John', 'Aisha', 'Wei', 'Carlos', 'Emma', 'Noah', 'Olivia'];
  const last = ['Garcia', 'Smith', 'Khan', 'Chen', 'Lopez', 'Brown', 'Wilson', 'Taylor'];
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const f = first[i % first.length]!;
    const l = last[(i * 3) % last.length]!;
    const ssn = [String(120 + i * 7).padStart(3, '0'), String(10 + (i % 80)).padStart(2, '0'), String(1000 + i * 37).padStart(4, '0')].join('-');
    const phone = `(415) 555-${String(1000 + i * 13).slice(-4)}`;
    const text = `Patient ${f} ${l} (SSN ${ssn}) called from ${phone}; email ${f.toLowerCase()}.${l.toLowerCase()}@example.com. Complains of chest pain.`;
    out.push(JSON.stringify({ id: i, text, label: i % 2 ? 'urgent' : 'routine' }));
  }
  return `${out.join('\n')}\n`;
}

let root = '';
let report: ScanResult;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-attack-path-'));
  await mkdir(path.join(root, 'infra'), { recursive: true });
  await mkdir(path.join(root, 'notebooks'), { recursive: true });
  await mkdir(path.join(root, 'data'), { recursive: true });
  await writeFile(path.join(root, 'infra', 'main.tf'), TF);
  await writeFile(path.join(root, 'notebooks', 'explore.ipynb'), notebook());
  await writeFile(path.join(root, 'data', 'train.jsonl'), trainingData());
  const r = await runCli(['scan', root, '--format', 'json', '--no-store', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as ScanResult;
}, 120_000);

const byName = (name: string, kind: string) => report.assets.find((a) => a.name === name && a.kind === kind);

describe('attack path: internet → notebook → admin role → training bucket with PII', () => {
  it('is one critical path with every hop explained and one fix', () => {
    const nb = byName('acme-research-notebook', 'notebook');
    const role = byName('acme-notebook-role', 'identity');
    const bucket = byName('acme-training-data', 'storage');
    const data = report.assets.find((a) => a.kind === 'dataset' && a.locations.some((l) => l.path === 'data/train.jsonl'));
    expect(nb && role && bucket && data, 'the IaC, notebook and data analyzers produced the four assets').toBeTruthy();
    const chain = report.paths.filter((p) => p.steps.some((s) => s.assetId === role!.id) && p.steps.some((s) => s.assetId === data!.id));
    expect(chain).toHaveLength(1);
    const p = chain[0]!;
    expect(p.severity).toBe('critical');
    expect(p.steps.map((s) => s.assetId)).toEqual(['internet', nb!.id, role!.id, bucket!.id, data!.id]);
    expect(p.steps.map((s) => s.via)).toEqual([undefined, 'exposed-to', 'runs-as', 'can-access', 'stored-in']);
    expect(p.explanation).toContain('acme-research-notebook is reachable from the internet');
    expect(p.explanation).toContain('acme-notebook-role has admin access to acme-training-data');
    expect(p.explanation).toMatch(/Impact: train\.jsonl holds (restricted|confidential) data/);
    // the bucket join carries its evidence: the notebook's URI
    const stored = report.relations.find((r) => r.from === data!.id && r.to === bucket!.id && r.kind === 'stored-in');
    expect(stored?.properties).toMatchObject({ joinedBy: 'uri-storage' });
    // one fix, and it is an identity fix that removes the admin rights
    const fix = report.findings.find((f) => f.id === p.fix?.findingId);
    expect(fix?.category).toBe('identity');
    expect(fix?.status).toBe('fail');
    expect(p.findingIds.length).toBeGreaterThanOrEqual(3);
    for (const id of p.findingIds) expect(report.findings.some((f) => f.id === id)).toBe(true);
    // only one critical path overall: the role and the bucket are not separate critical paths
    expect(report.paths.filter((x) => x.severity === 'critical')).toHaveLength(1);
  });

  it('ranks the findings on the path above the same severity elsewhere', () => {
    const p = report.paths.find((x) => x.severity === 'critical')!;
    const fix = report.findings.find((f) => f.id === p.fix!.findingId)!;
    const score = fix.properties?.riskScore as number;
    expect(score).toBeGreaterThan(80);
    const offPath = report.findings.filter((f) => f.status === 'fail' && f.severity === fix.severity && !p.findingIds.includes(f.id));
    for (const f of offPath) expect((f.properties?.riskScore as number) ?? 0).toBeLessThan(score);
  });

  it('rolls findings up to every framework', () => {
    expect(report.compliance.map((c) => c.framework)).toEqual(['owasp-llm-2025', 'owasp-agentic', 'mitre-atlas', 'nist-ai-rmf', 'nist-ai-600-1', 'iso-42001', 'eu-ai-act', 'gdpr', 'hipaa']);
    const llm = report.compliance.find((c) => c.framework === 'owasp-llm-2025')!;
    expect(llm.controls.find((c) => c.id === 'LLM02')?.status).toBe('fail');
  });

  it('leads the table with the fix that closes the path', async () => {
    const r = await runCli(['scan', root, '--no-store', '--quiet']);
    const section = r.stdout.slice(r.stdout.indexOf('Attack paths'));
    expect(section).toMatch(/Fix first\n\s+1\. .*closes 1 path \(worst critical\)/);
    expect(section).toContain('CRITICAL');
  });

  it('aispm compliance and aispm lineage read a saved report', async () => {
    const file = path.join(root, 'scan.json');
    await writeFile(file, JSON.stringify(report));
    const csv = await runCli(['compliance', '--report', file, '--format', 'csv']);
    expect(csv.code).toBe(0);
    for (const fw of ['owasp-llm-2025', 'mitre-atlas', 'nist-ai-rmf', 'iso-42001', 'eu-ai-act', 'gdpr', 'hipaa']) expect(csv.stdout).toContain(`\n${fw},`);
    const html = await runCli(['compliance', '--report', file, '--framework', 'eu-ai-act', '--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<h2 id="eu-ai-act">');
    expect(html.stdout).not.toContain('<h2 id="gdpr">');
    const bad = await runCli(['compliance', '--report', file, '--framework', 'nope']);
    expect(bad.code).toBe(2);
    const notReport = await runCli(['lineage', '--report', path.join(root, 'data', 'train.jsonl')]);
    expect(notReport.code).toBe(2);
    const lineage = await runCli(['lineage', '--report', file, '--format', 'json']);
    expect(lineage.code).toBe(0);
    expect(Array.isArray(JSON.parse(lineage.stdout))).toBe(true);
    const unknown = await runCli(['lineage', 'no-such-model', '--report', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no model matches');
  });

  it('aispm frameworks lists every catalogue and one catalogue\'s controls', async () => {
    const all = await runCli(['frameworks']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(9);
    const rmf = await runCli(['frameworks', '--controls', 'nist-ai-rmf']);
    expect(rmf.stdout.trim().split('\n')).toHaveLength(72);
    expect(rmf.stdout).toContain('MEASURE 2.7');
    const json = JSON.parse((await runCli(['frameworks', '--format', 'json'])).stdout) as { id: string; controls: number }[];
    expect(json.find((f) => f.id === 'iso-42001')?.controls).toBe(38);
    expect((await runCli(['frameworks', '--controls', 'nope'])).code).toBe(2);
  });
});

describe('lineage on the example estate', () => {
  it('shows which models were trained on which sensitive data', async () => {
    const r = await runCli(['lineage', 'acme-triage-llm', '--path', 'examples/estate', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout) as { model: string; sensitiveData: boolean; trainedOn: { name: string; sensitivity: string | null }[] }[];
    const trained = items.filter((l) => l.sensitiveData);
    expect(trained.length).toBeGreaterThan(0);
    expect(trained[0]!.trainedOn.some((d) => d.sensitivity === 'restricted')).toBe(true);
  }, 120_000);
});
