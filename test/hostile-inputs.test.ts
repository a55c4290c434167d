import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './cli.js';
import { writeHostileTree, type HostileTree } from './hostile-tree.js';

/**
 * DESIGN §7: bad input (corrupt, truncated, hostile, wrong encoding) yields a one-line message naming
 * the file and the scan goes on; nothing crashes the process. Runs the BUILT CLI (`npm run build`
 * first) over a tree of hostile files aimed at every analyzer's parsers, generated at test time.
 */

interface Report {
  schema: string;
  scan: { issues: { path: string; reason: string; message: string; source: string }[]; stats: { filesSeen: number } };
  assets: { kind: string; name: string; locations: { path: string }[] }[];
}

/**
 * Hostile files that are read to the end without anything to report (no asset, no issue): empty
 * files, junk no parser claims, text that only stresses lexers, or deep JSON whose relevant keys
 * hold nothing. Each is listed so a newly silent file fails the test instead of passing unnoticed.
 */
const QUIETLY_ANALYSED = new Set([
  'deps/deep/package.json',
  'deps/junk/pyproject.toml',
  'deps/nul/go.mod',
  'deps/regex/yarn.lock',
  'deps/regex/requirements.txt',
  'deps/empty/requirements.txt',
  'deps/utf16nobom/package.json',
  'code/regex.py',
  'code/regex.ts',
  'code/regex.go',
  'code/empty.py',
  'code/deep.py',
  'mcp6/.mcp.json',
  'env1/.env',
  'env3/.env',
  'ct2/Dockerfile',
  'ct5/chart/Chart.yaml',
  'ct5/chart/values.yaml',
  'tf4/terraform.tfvars',
  'tf7/tfplan.json',
  'tf8/main.tf',
  'k8s4/many-docs.yaml',
  'ml/data.csv.dvc',
  'ml/mlruns/0/meta.yaml',
  'ml/mlruns/0/abc/params/lr',
  'ml/model/MLmodel',
  'ml/models/m2/README.md',
  'models/junk.safetensors',
  'models/empty.onnx',
  'data/empty.parquet',
]);

describe('hostile inputs (DESIGN §7)', () => {
  let root: string;
  let tree: HostileTree;
  let socket: Server | undefined;
  let run: CliRun;
  let report: Report;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-hostile-'));
    tree = writeHostileTree(root);
    // A listening Unix socket is a special file in the tree: it must be skipped, never opened.
    const sockPath = path.join(root, 'special', 'agent.sock.py');
    socket = await new Promise<Server | undefined>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(undefined));
      s.listen(sockPath, () => resolve(s));
    });
    run = await runCli(['scan', root, '-f', 'json', '--no-store']);
    report = JSON.parse(run.stdout) as Report;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((r) => (socket ? socket.close(() => r()) : r()));
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 with a valid aispm.report/v1 and no crash on stderr', () => {
    expect(run.code).toBe(0);
    expect(report.schema).toBe('aispm.report/v1');
    expect(run.stderr).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
    expect(run.stderr).not.toMatch(/FATAL ERROR|fatal error:|heap out of memory|Go program has already exited|Unhandled/);
  });

  it('still finds the benign siblings next to the junk', () => {
    const at = (p: string) => report.assets.filter((a) => a.locations.some((l) => l.path === p)).map((a) => `${a.kind}:${a.name}`);
    expect(at('benign/requirements.txt')).toContain('ai-package:torch');
    expect(at('benign/app.py')).toContain('external-ai-api:api.anthropic.com');
    expect(at('code/données ☃ file.py')).toContain('external-ai-api:api.openai.com');
  });

  it('every issue is one line naming its file', () => {
    expect(report.scan.issues.length).toBeGreaterThan(20);
    for (const i of report.scan.issues) {
      expect(i.message, JSON.stringify(i)).toContain(i.path);
      expect(i.message).not.toContain('\n');
      expect(i.message.length).toBeLessThanOrEqual(600);
    }
  });

  it('each hostile file is analysed (an asset or an issue) or known to be read quietly', () => {
    const named = new Set([...report.scan.issues.map((i) => i.path), ...report.assets.flatMap((a) => a.locations.map((l) => l.path))]);
    const silent = tree.hostile.filter((h) => !named.has(h) && !QUIETLY_ANALYSED.has(h));
    expect(silent).toEqual([]);
  });

  it('the decisive failure modes are reported, not survived by luck', () => {
    const issue = (p: string) => report.scan.issues.filter((i) => i.path === p);
    expect(issue('tf1/main.tf')[0]?.message).toMatch(/nesting/);
    expect(['limit', 'too-large']).toContain(issue('k8s1/list.yaml')[0]?.reason);
    expect(issue('code/big.py')[0]).toMatchObject({ reason: 'too-large' });
    // 100k-deep child_modules in a plan: walked, the innermost bucket found.
    expect(report.assets.some((x) => x.locations.some((l) => l.path === 'tf10/plan.json'))).toBe(true);
    expect(issue('ct7/docker-compose.yml')[0]?.message).toMatch(/parse limit/);
    expect(issue('arm4/azuredeploy.json')[0]).toMatchObject({ reason: 'too-large' });
    expect(issue('deps/xxe/pom.xml')[0]?.message).toMatch(/entit/i);
    expect(issue('ml/dvc.yaml')[0]?.message).toMatch(/alias/i);
    expect(issue('cfn3/template.yaml')[0]?.message).toMatch(/alias/i);
    expect(issue('models/bomb.pt').some((i) => /inflates|limit/.test(i.message))).toBe(true);
    expect(issue('models/trunc.pkl').some((i) => i.reason === 'incomplete')).toBe(true);
    expect(issue('data/loop.sqlite3')[0]?.message).toMatch(/page 1 is reached twice/);
    expect(issue('vectorstore/index.pkl').map((i) => i.message).join(' ')).toMatch(/BINUNICODE8 at byte 16 claims a length of 2\^53 bytes or more/);
    expect(issue('data/cut.pkl').map((i) => i.message).join(' ')).toMatch(/pickle could not be read: pickle cut short at byte 2/);
    expect(issue('data/huge-row.sqlite3')[0]?.message).toMatch(/row 1 of table sqlite_schema holds 1048576 MiB, over the 64 MiB/);
  });

  it('skips special files (FIFO, socket, symlinks to /dev/zero and /dev/urandom) without reading them', () => {
    const seen = new Set(report.assets.flatMap((a) => a.locations.map((l) => l.path)));
    for (const s of [...tree.special, 'special/agent.sock.py']) expect(seen.has(s)).toBe(false);
  });

  it('--fail-on still works on the same tree (exit 0 or 1, never a crash code)', async () => {
    const r = await runCli(['scan', path.join(root, 'benign'), path.join(root, 'k8s1'), '-f', 'json', '--no-store', '--fail-on', 'info']);
    expect([0, 1]).toContain(r.code);
    expect((JSON.parse(r.stdout) as Report).schema).toBe('aispm.report/v1');
  });
});
