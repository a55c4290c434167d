/**
 * Issue 7 "done when", end to end with the real CLI (`npm run build` first): scan a small estate,
 * change it (a new model file, a notebook's direct internet access turned on in Terraform, a secret
 * removed), scan again, and check `aispm diff`, the lifecycle states, that an expired exception
 * reopens its finding, and that a webhook receives only the new / reopened findings.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../src/core/index.js';
import type { ScanDiff, ScanSummary } from '../src/store/index.js';
import { cliPath, runCli } from './cli.js';

const INTERNET_RULE = 'sagemaker_notebook_instance_direct_internet_access_disabled';
const IMDS_RULE = 'sagemaker_notebook_instance_imdsv2_required';
const KMS_RULE = 'sagemaker_notebook_instance_encrypted_with_kms';
const RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;

function terraform(internet: 'Enabled' | 'Disabled'): string {
  return [
    `# aispm:ignore ${KMS_RULE} throwaway research volume, no data at rest`,
    'resource "aws_sagemaker_notebook_instance" "research" {',
    '  name                   = "acme-research-notebook"',
    '  role_arn               = "arn:aws:iam::123456789012:role/acme-notebook-role"',
    '  instance_type          = "ml.t3.medium"',
    `  direct_internet_access = "${internet}"`,
    '  root_access            = "Disabled"',
    '  tags = { owner = "ml-research" }',
    '}',
    '',
  ].join('\n');
}

/** A valid safetensors file: u64 LE header length, JSON header, tensor bytes. */
function safetensors(): Buffer {
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header, Buffer.alloc(8)]);
}

interface Hook {
  body: string;
  signature: string | undefined;
}

let estate: string;
let db: string;
let server: http.Server;
let hookUrl: string;
const hooks: Hook[] = [];
const secret = ['hook', randomBytes(12).toString('hex')].join('-');

const lifecycle = (f: Finding) => (f.properties?.lifecycle as { state?: string } | undefined)?.state;
const failing = (r: ScanResult) => r.findings.filter((f) => f.status === 'fail');
const scan = (now: string, extra: string[] = []) =>
  runCli(['scan', '.', '--db', db, '-f', 'json', '--notify-webhook', hookUrl, '--notify-secret', secret, '--notify-min-severity', 'medium', ...extra], { cwd: estate, env: { AISPM_NOW: now } });

beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('run `npm run build` first: this test runs the built CLI');
  estate = await mkdtemp(path.join(os.tmpdir(), 'aispm-posture-estate-'));
  db = await mkdtemp(path.join(os.tmpdir(), 'aispm-posture-db-'));
  for (const d of ['infra', 'app', 'deploy', 'models', '.cursor', '.github']) await mkdir(path.join(estate, d), { recursive: true });
  await writeFile(path.join(estate, 'infra/main.tf'), terraform('Disabled'));
  // A fake key, built at test time so no secret-shaped literal is in the repo.
  const key = ['sk', 'proj', randomBytes(30).toString('base64url').slice(0, 40)].join('-');
  await writeFile(path.join(estate, 'deploy/settings.yaml'), `llm:\n  api_key: ${key}\n`);
  await writeFile(path.join(estate, 'app/requirements.txt'), 'openai==1.30.0\ntorch==2.3.0\n');
  await writeFile(path.join(estate, 'app/main.py'), 'import openai\nclient = openai.OpenAI()\n');
  await writeFile(path.join(estate, '.cursor/mcp.json'), JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['-y', '@acme/fs-mcp@1.0.0', '/'] } } }));
  await writeFile(path.join(estate, '.github/CODEOWNERS'), '*  @acme/everyone\n/deploy/  @acme/platform\n');
  await writeFile(
    path.join(estate, 'aispm.yaml'),
    ['suppressions:', `  - rule: ${IMDS_RULE}`, '    reason: IMDSv2 rollout planned for Q2', '    owner: ml-platform', '    expires: 2026-06-30', ''].join('\n'),
  );
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      hooks.push({ body, signature: req.headers['x-aispm-signature-256'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aispm`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await rm(estate, { recursive: true, force: true });
  await rm(db, { recursive: true, force: true });
});

function hookIds(h: Hook): string[] {
  expect(h.signature).toBe(`sha256=${createHmac('sha256', secret).update(h.body).digest('hex')}`);
  const event = JSON.parse(h.body) as { schema: string; findings: { id: string; lifecycle: string }[] };
  expect(event.schema).toBe('aispm.notify/v1');
  return event.findings.map((f) => f.id).sort();
}

describe('continuous posture, end to end', () => {
  let first: ScanResult;
  let second: ScanResult;
  let diff: ScanDiff;

  it('first scan: everything new, config suppression applied, inline ignore applied, owners set, webhook gets the new findings', async () => {
    const r = await scan('2026-03-01T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    first = JSON.parse(r.stdout) as ScanResult;
    const fails = failing(first);
    expect(fails.length).toBeGreaterThan(2);
    const imds = fails.find((f) => f.ruleId === IMDS_RULE)!;
    expect(imds.properties?.suppressed).toMatchObject({ by: 'config', owner: 'ml-platform', expires: '2026-06-30' });
    expect(lifecycle(imds)).toBe('suppressed');
    const kms = fails.find((f) => f.ruleId === KMS_RULE)!;
    expect(kms.properties?.suppressed).toMatchObject({ by: 'inline', reason: 'throwaway research volume, no data at rest' });
    for (const f of fails.filter((x) => x !== imds && x !== kms)) expect(lifecycle(f)).toBe('new');
    expect(fails.some((f) => f.ruleId === INTERNET_RULE)).toBe(false);
    // Owners: IaC tag on the notebook, CODEOWNERS for the settings file; every finding carries the key.
    for (const f of first.findings) expect(f.properties && 'owner' in f.properties).toBe(true);
    expect(imds.properties?.owner).toBe('ml-research');
    const secretFinding = fails.find((f) => f.location.path === 'deploy/settings.yaml')!;
    expect(secretFinding.properties?.owner).toBe('@acme/platform');

    expect(hooks).toHaveLength(1);
    const expected = fails.filter((f) => lifecycle(f) === 'new' && RANK[f.severity] >= RANK.medium).map((f) => f.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(hookIds(hooks[0]!)).toEqual(expected);
  });

  it('second scan after the changes: diff shows exactly the new model, the internet access drift and the removed secret', async () => {
    await writeFile(path.join(estate, 'infra/main.tf'), terraform('Enabled'));
    await writeFile(path.join(estate, 'models/new-model.safetensors'), safetensors());
    await rm(path.join(estate, 'deploy/settings.yaml'));
    const r = await scan('2026-09-01T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    second = JSON.parse(r.stdout) as ScanResult;

    const d = await runCli(['diff', '--db', db, '-f', 'json'], { cwd: estate });
    expect(d.code, d.stderr).toBe(0);
    diff = JSON.parse(d.stdout) as ScanDiff;
    expect(diff.from?.id).toBe(first.scan.id);
    expect(diff.to.id).toBe(second.scan.id);
    expect(diff.assets.added.map((a) => [a.kind, a.path])).toEqual([['model-file', 'models/new-model.safetensors']]);
    expect(diff.assets.removed.map((a) => [a.kind, a.path])).toEqual([['secret', 'deploy/settings.yaml']]);
    expect(diff.assets.changed.map((c) => [c.kind, c.name, c.changes])).toEqual([
      ['notebook', 'acme-research-notebook', [{ path: 'resource.attributes.direct_internet_access', before: 'Disabled', after: 'Enabled' }]],
    ]);
    expect(diff.mcp).toEqual([]);
    expect(diff.findings.new.map((f) => f.ruleId)).toEqual([INTERNET_RULE]);
    expect(diff.findings.resolved.length).toBeGreaterThan(0);
    for (const f of diff.findings.resolved) expect(f.location.path).toBe('deploy/settings.yaml');
    // The config exception expired on 2026-06-30: its finding reopens.
    expect(diff.findings.reopened.map((f) => f.ruleId)).toEqual([IMDS_RULE]);

    const table = await runCli(['diff', '--db', db], { cwd: estate });
    expect(table.stdout).toContain('resource.attributes.direct_internet_access: "Disabled" → "Enabled"');
    expect(table.stdout).toContain('+ model-file  new-model.safetensors');
  });

  it('lifecycle states are right after the second scan', () => {
    const byRule = new Map(failing(second).map((f) => [f.ruleId, f]));
    expect(lifecycle(byRule.get(INTERNET_RULE)!)).toBe('new');
    expect(lifecycle(byRule.get(IMDS_RULE)!)).toBe('reopened');
    expect(byRule.get(IMDS_RULE)!.properties?.exceptionExpired).toMatchObject({ by: 'config', expires: '2026-06-30' });
    expect(lifecycle(byRule.get(KMS_RULE)!)).toBe('suppressed');
    const before = new Set(failing(first).filter((f) => lifecycle(f) === 'new').map((f) => f.id));
    const stillOpen = failing(second).filter((f) => before.has(f.id));
    expect(stillOpen.length).toBeGreaterThan(0);
    for (const f of stillOpen) expect(lifecycle(f)).toBe('open');
    const firstSeen = (f: Finding) => (f.properties?.lifecycle as { firstSeen: string }).firstSeen;
    for (const f of stillOpen) expect(firstSeen(f)).toBe('2026-03-01T00:00:00.000Z');
  });

  it('the webhook received only the new and reopened findings of the second scan', () => {
    expect(hooks).toHaveLength(2);
    const expected = [...diff.findings.new, ...diff.findings.reopened].filter((f) => RANK[f.severity as keyof typeof RANK] >= RANK.medium).map((f) => f.id).sort();
    expect(hookIds(hooks[1]!)).toEqual(expected);
  });

  it('an unchanged third scan notifies nothing; history lists the scans; a stored exception applies', async () => {
    const internet = failing(second).find((f) => f.ruleId === INTERNET_RULE)!;
    const s = await runCli(['suppress', internet.id, '--reason', 'lab account, isolated', '--owner', 'secops', '--expires', '2026-12-31', '--db', db], { cwd: estate });
    expect(s.code, s.stderr).toBe(0);
    const r = await scan('2026-09-02T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    const third = JSON.parse(r.stdout) as ScanResult;
    expect(hooks).toHaveLength(2);
    const again = third.findings.find((f) => f.id === internet.id)!;
    expect(again.properties?.suppressed).toMatchObject({ by: 'store', owner: 'secops', expires: '2026-12-31' });
    expect(lifecycle(again)).toBe('suppressed');

    const h = await runCli(['history', '--db', db, '-f', 'json'], { cwd: estate });
    const scans = JSON.parse(h.stdout) as ScanSummary[];
    expect(scans.map((x) => x.id)).toEqual([third.scan.id, second.scan.id, first.scan.id]);
    expect(scans[1]!.summary.lifecycle).toMatchObject({ new: 1, reopened: 1 });
  });

  it('an MCP server whose definition changes is flagged as a possible rug pull', async () => {
    await writeFile(path.join(estate, '.cursor/mcp.json'), JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['-y', '@acme/fs-mcp@6.6.6', '/'] } } }));
    const r = await scan('2026-09-03T00:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse((await runCli(['diff', '--db', db, '-f', 'json'], { cwd: estate })).stdout) as ScanDiff;
    expect(d.mcp.map((m) => m.name)).toEqual(['files']);
    expect(d.mcp[0]!.changes.find((c) => c.path === 'args')).toMatchObject({ before: ['-y', '@acme/fs-mcp@1.0.0', '/'], after: ['-y', '@acme/fs-mcp@6.6.6', '/'] });
  });

  it('--baseline fails CI only on what is new', async () => {
    const base = path.join(db, '..', `${path.basename(db)}-baseline.json`);
    await writeFile(base, JSON.stringify(first));
    try {
      const withOld = await runCli(['scan', '.', '--no-store', '--baseline', base, '--fail-on', 'high', '-f', 'json'], { cwd: estate, env: { AISPM_NOW: '2026-09-01T00:00:00Z' } });
      expect(withOld.code, withOld.stderr).toBe(1);
      const r = JSON.parse(withOld.stdout) as ScanResult;
      expect(r.findings.find((f) => f.ruleId === INTERNET_RULE)?.properties?.baseline).toBe('new');
      await writeFile(base, JSON.stringify(second));
      const withNew = await runCli(['scan', '.', '--no-store', '--baseline', base, '--fail-on', 'high', '-f', 'json', '-o', os.devNull], { cwd: estate, env: { AISPM_NOW: '2026-09-01T00:00:00Z' } });
      expect(withNew.code, withNew.stderr).toBe(0);
      const bad = await runCli(['scan', '.', '--no-store', '--baseline', 'no-such-scan-or-file'], { cwd: estate });
      expect(bad.code).toBe(2);
      expect(await readFile(path.join(estate, 'aispm.yaml'), 'utf8')).toContain('suppressions:');
    } finally {
      await rm(base, { force: true });
    }
  });
});

describe('dataset approvals, owners view and watch, end to end', () => {
  let dir: string;
  let store: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aispm-approve-estate-'));
    store = await mkdtemp(path.join(os.tmpdir(), 'aispm-approve-db-'));
    await mkdir(path.join(dir, 'data'), { recursive: true });
    const rows = ['id,name,email,ssn,note'];
    for (let i = 0; i < 40; i++) rows.push([i, `Person ${i}`, `person${i}@example.com`, `123-45-${1000 + i}`, 'follow up'].join(','));
    await writeFile(path.join(dir, 'data/patients.csv'), `${rows.join('\n')}\n`);
    await writeFile(path.join(dir, 'aispm.yaml'), 'owners:\n  "data/**": "@acme/data-governance"\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(store, { recursive: true, force: true });
  });
  const scanJson = async () => {
    const r = await runCli(['scan', '.', '--db', store, '-f', 'json', '--fail-on', 'medium'], { cwd: dir });
    return { code: r.code, result: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
  };

  it('an approved dataset is accepted with approver and expiry; changing a byte voids the approval', async () => {
    const before = await scanJson();
    expect(before.code, before.stderr).toBe(1);
    const pii = failing(before.result).filter((f) => f.category === 'sensitive-data');
    expect(pii.length).toBeGreaterThan(0);
    for (const f of pii) expect(f.properties?.owner).toBe('@acme/data-governance');

    const ok = await runCli(['approve', 'data/patients.csv', '--approver', 'dpo@acme.example', '--expires', '2099-12-31', '--reason', 'DPIA-42', '--db', store], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/sha256 [0-9a-f]{64}/);
    const approved = await scanJson();
    expect(approved.code, approved.stderr).toBe(0);
    for (const f of failing(approved.result).filter((x) => x.category === 'sensitive-data')) {
      expect(f.properties?.accepted).toMatchObject({ approver: 'dpo@acme.example', expires: '2099-12-31', reason: 'DPIA-42' });
      expect(lifecycle(f)).toBe('accepted');
      expect(f.status).toBe('fail');
    }

    await writeFile(path.join(dir, 'data/patients.csv'), '99,Late Addition,late@example.com,123-45-9999,x\n', { flag: 'a' });
    const changed = await scanJson();
    expect(changed.code).toBe(1);
    const again = failing(changed.result).filter((x) => x.category === 'sensitive-data');
    for (const f of again) expect(f.properties?.accepted).toBeUndefined();
    expect(again.some((f) => lifecycle(f) === 'reopened')).toBe(true);

    const table = await runCli(['scan', '.', '--db', store, '--group-by', 'owner'], { cwd: dir });
    expect(table.stdout).toContain('Findings by owner');
    expect(table.stdout).toMatch(/@acme\/data-governance {2}high \d+/);
    const bad = await runCli(['approve', 'data/nope.csv', '--approver', 'x', '--db', store], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('watch re-scans on a file change and prints drift events as JSON lines', async () => {
    const watchDb = await mkdtemp(path.join(os.tmpdir(), 'aispm-watch-db-'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [cliPath, 'watch', '.', '--db', watchDb, '--interval', '1h', '--debounce', '300ms', '--max-runs', '2'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: Record<string, unknown>[] = [];
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 90_000);
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
          buf = buf.slice(nl + 1);
          if (events.length === 1) resolve();
        }
      });
    });
    expect(events[0]).toMatchObject({ type: 'baseline', reason: 'start' });
    await writeFile(path.join(dir, 'model.safetensors'), safetensors());
    const code = await exited;
    clearTimeout(kill);
    await rm(watchDb, { recursive: true, force: true });
    expect(code, stderr).toBe(0);
    const added = events.find((e) => e.type === 'asset-added') as { asset: { kind: string; path: string } } | undefined;
    expect(added?.asset).toMatchObject({ kind: 'model-file', path: 'model.safetensors' });
    expect(events.at(-1)).toMatchObject({ type: 'scan', reason: 'file-change' });
  });
});

describe('posture commands: usage errors exit 2 with a message', () => {
  it('diff/history without a store, suppress without reason or with a bad date, watch with a bad interval', async () => {
    const none = path.join(os.tmpdir(), `aispm-no-store-${randomBytes(6).toString('hex')}`);
    for (const args of [
      ['diff', '--db', none],
      ['history', '--db', none],
      ['suppress', 'some_rule', '--owner', 'x', '--db', none],
      ['suppress', 'some_rule', '--reason', 'r', '--owner', 'x', '--expires', '2026-02-30', '--db', none],
      ['watch', '.', '--interval', '5 parsecs', '--db', none],
    ]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^aispm: /m);
    }
    expect(existsSync(none)).toBe(false);
  });
});
