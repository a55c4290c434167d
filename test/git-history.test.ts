import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/config/index.js';
import { runScan } from '../src/scan/index.js';
import { Rng } from '../src/inspectors/data/testing/random.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { validateSarif } from '../src/report/sarif-schema.test-support.js';
import { repoRoot, runCli } from './cli.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateReport = ajv.compile(JSON.parse(await readFile(path.join(repoRoot, 'schema/aispm.report.v1.json'), 'utf8')) as object);

/**
 * `scan --history` through the real pipeline on a repository built with the real git: secrets and
 * personal data committed and since removed (a later commit, a side branch, an uncommitted edit)
 * are found at the commit that first held them; what is still on disk is reported once, as a file.
 * The fake keys are assembled here, at test time, from parts.
 */
const r = new Rng(7);
const j = (...p: string[]) => p.join('');
const openaiKey = j('sk', '-', 'proj', '-', r.chars(48), '_', r.chars(20));
const hfToken = j('h', 'f_', r.chars(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'));
const githubPat = j('gh', 'p_', r.chars(36));
const stripeKey = j('sk', '_li', 've_', r.chars(32));
const groqKey = j('gs', 'k_', r.chars(52));
const npmToken = j('np', 'm_', r.chars(36));
const slackToken = j('xo', 'xb-', r.chars(11, '0123456789'), '-', r.chars(12, '0123456789'), '-', r.chars(24));

let dir = '';
let nonRepo = '';
let bigSize = 0;
const commits: Record<string, string> = {};

function git(args: string[], date = '2024-01-01T10:00:00Z'): string {
  const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Dana Dev', GIT_AUTHOR_EMAIL: 'dana@example.org', GIT_COMMITTER_NAME: 'Dana Dev', GIT_COMMITTER_EMAIL: 'dana@example.org', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, encoding: 'utf8' }).trim();
}

async function put(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await writeFile(path.join(dir, rel), text);
}

async function commit(name: string, date: string, message: string): Promise<void> {
  git(['add', '-A'], date);
  git(['commit', '-q', '-m', message], date);
  commits[name] = git(['rev-parse', 'HEAD']);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-history-'));
  nonRepo = await mkdtemp(path.join(tmpdir(), 'aispm-history-none-'));
  git(['init', '-q']);
  await put('README.md', '# service\n');
  await put('app/config.py', `import os\nOPENAI_API_KEY = "${openaiKey}"\n`);
  await put('app/current.py', `STRIPE = "${stripeKey}"\n`);
  await commit('first', '2024-01-01T10:00:00Z', 'first version');
  await put('app/config.py', 'import os\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n');
  const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},Customer ${i},customer${i}@mailhost-${i}.io,+44 20 7946 0${String(100 + i).padStart(3, '0')}`);
  await put('data/customers.csv', `id,name,email,phone\n${rows.join('\n')}\n`);
  await commit('customers', '2024-01-02T10:00:00Z', 'move the key to the environment; add customers');
  await rm(path.join(dir, 'data'), { recursive: true });
  await put('.env', `HF_TOKEN=${hfToken}\n`);
  await put('app/settings.py', `GITHUB_TOKEN = "${githubPat}"\n`);
  await commit('env', '2024-01-03T10:00:00Z', 'drop the customer export');
  await rm(path.join(dir, '.env'));
  await put('.gitignore', '.env\n');
  await commit('ignore', '2024-01-04T10:00:00Z', 'ignore .env');
  git(['checkout', '-q', '-b', 'feature'], '2024-01-05T10:00:00Z');
  await put('app/llm.py', `GROQ = "${groqKey}"\n`);
  // A key in the subject line too: every finding quoting this commit must mask it.
  await commit('feature', '2024-01-05T10:00:00Z', `try groq with ${groqKey}`);
  git(['checkout', '-q', 'main'], '2024-01-06T10:00:00Z');
  // A large table edited, then deleted: the edit's commit is read for the lines it added.
  const big = Array.from({ length: 1500 }, (_, i) => `${i + 1},item ${i},plain note number ${i} about stock levels`);
  await put('data/big.csv', `id,name,note\n${big.join('\n')}\n`);
  bigSize = (await readFile(path.join(dir, 'data/big.csv'))).length;
  await commit('big1', '2024-01-06T11:00:00Z', 'inventory table');
  big.splice(799, 0, `9999,item x,token ${npmToken} pasted by mistake`);
  await put('data/big.csv', `id,name,note\n${big.join('\n')}\n`);
  await commit('big2', '2024-01-07T10:00:00Z', 'one more row');
  await rm(path.join(dir, 'data'), { recursive: true });
  await commit('big3', '2024-01-08T10:00:00Z', 'drop the table');
  // Release notes with a token pasted in them, as an annotated tag's message (a signed-off tag too,
  // whose message a lightweight one has none of); packed by gc below, so packed-refs peels it.
  git(['tag', '-a', 'v1.0', commits.big1!, '-m', `release 1.0\n\nnotify with ${slackToken}`], '2024-01-09T10:00:00Z');
  git(['tag', 'light', commits.big1!], '2024-01-09T10:00:00Z');
  // Packed like a clone, so the pack reader is on the path, not only loose objects.
  git(['gc', '-q'], '2024-01-06T10:00:00Z');
  // Edited on disk, not committed: the committed token is in history only.
  await put('app/settings.py', 'import os\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
});

afterAll(() => Promise.all([dir, nonRepo].filter(Boolean).map((d) => rm(d, { recursive: true, force: true }))));

const secretsOf = (findings: { ruleId: string; location: { path?: string; resource?: string; commit?: string }; properties?: Record<string, unknown> }[]) =>
  findings
    .filter((f) => f.ruleId === 'data_no_hardcoded_secrets')
    .map((f) => [f.properties?.secretRuleId, f.location.path ?? f.location.resource, f.location.commit ?? null])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));

describe('scan --history', () => {
  it('without it, only what is on disk is reported', async () => {
    const result = await runScan(resolveOptions([dir], {}, { only: ['data'] }));
    expect(secretsOf(result.findings)).toEqual([['stripe-secret-key', 'app/current.py', null]]);
  });

  it('finds every secret and personal-data file ever committed, at the commit that first held it, once', async () => {
    const result = await runScan(resolveOptions([dir], {}, { only: ['data'], history: true }));
    expect(secretsOf(result.findings)).toEqual([
      ['huggingface-token', '.env', commits.env],
      ['openai-project-key', 'app/config.py', commits.first],
      ['stripe-secret-key', 'app/current.py', null],
      ['groq-api-key', 'app/llm.py', commits.feature],
      ['github-pat', 'app/settings.py', commits.env],
      ['groq-api-key', 'commit message', commits.feature],
      ['npm-token', 'data/big.csv', commits.big2],
      ['slack-bot-token', 'tag message', commits.big1],
    ]);
    const inTag = result.findings.find((f) => f.location.resource === 'tag message')!;
    expect(inTag.location).toEqual({ resource: 'tag message', line: 3, column: 13, commit: commits.big1 });
    expect(inTag.message).toMatch(/^Slack bot token xoxb-\S+ in the message of tag v1\.0 \(line 3:13\); in git history: tag v1\.0 \(on commit [0-9a-f]{12}\) by Dana Dev, 2024-01-09 \("release 1\.0"\)$/);
    const inMessage = result.findings.find((f) => f.location.resource === 'commit message')!;
    expect(inMessage.location).toEqual({ resource: 'commit message', line: 1, column: 15, commit: commits.feature });
    expect(inMessage.message).toMatch(new RegExp(`^Groq API key gsk_.…\\S+ in the message of commit ${commits.feature!.slice(0, 12)} \\(line 1:15\\); in git history`));
    // Found in the lines the edit added, at its line in that version of the file.
    expect(result.findings.find((f) => f.properties?.secretRuleId === 'npm-token')!.location.line).toBe(801);
    const openai = result.findings.find((f) => f.location.path === 'app/config.py')!;
    expect(openai.message).toContain(`in git history: commit ${commits.first!.slice(0, 12)} by Dana Dev, 2024-01-01 ("first version")`);
    const groq = result.findings.find((f) => f.location.path === 'app/llm.py')!;
    expect(groq.message).toContain(`("try groq with ${groqKey.slice(0, 5)}…${groqKey.slice(-3)}")`);
    expect(openai.properties).toEqual(expect.objectContaining({ commit: commits.first, committedAt: '2024-01-01T10:00:00Z', author: 'Dana Dev' }));
    const pii = result.findings.filter((f) => f.location.path === 'data/customers.csv' && f.category === 'sensitive-data');
    expect(pii.length).toBeGreaterThan(0);
    expect(new Set(pii.map((f) => f.location.commit))).toEqual(new Set([commits.customers]));
    expect(pii.map((f) => Object.keys((f.properties?.entities as Record<string, number>) ?? {})).flat()).toContain('EMAIL_ADDRESS');
    const dataset = result.assets.find((a) => a.id === pii[0]!.assetId)!;
    expect(dataset.properties.history).toEqual({ commit: commits.customers, time: '2024-01-02T10:00:00Z' });
    const secret = result.assets.find((a) => a.kind === 'secret' && a.properties.ruleId === 'openai-project-key')!;
    expect(secret.locations).toEqual([expect.objectContaining({ path: 'app/config.py', line: 2, commit: commits.first })]);
    const stats = result.scan.stats.history![0]!;
    expect(stats).toEqual(expect.objectContaining({ target: '.', commits: 8 }));
    // The edited table's second version is read for its added line, not whole again.
    expect(stats.bytes).toBeLessThan(bigSize * 1.5);
    expect(JSON.stringify(result)).not.toContain(openaiKey);
    expect(JSON.stringify(result)).not.toContain(slackToken);
  });

  it('runs from the CLI: --history, commits in the table and the JSON, masked values, --fail-on', async () => {
    const run = await runCli(['scan', dir, '--history', '--only', 'data', '--no-store', '--fail-on', 'high', '-f', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { location: { path?: string; commit?: string } }[] };
    expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true);
    const sarif = await runCli(['scan', dir, '--history', '--only', 'data', '--no-store', '-f', 'sarif']);
    expect(validateSarif(JSON.parse(sarif.stdout)), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(sarif.stdout).toContain(`"commit": "${commits.feature}"`);
    expect(report.findings.find((f) => f.location.path === 'app/llm.py')?.location.commit).toBe(commits.feature);
    for (const v of [openaiKey, hfToken, githubPat, groqKey, stripeKey]) expect(run.stdout + run.stderr).not.toContain(v);
    const table = await runCli(['scan', dir, '--history', '--only', 'data', '--no-store']);
    expect(table.stdout).toContain(`.env:1 @ commit ${commits.env!.slice(0, 12)}`);
    const off = await runCli(['scan', dir, '--only', 'data', '--no-store', '-f', 'json']);
    expect(JSON.parse(off.stdout).findings.some((f: { location: { commit?: string } }) => f.location.commit)).toBe(false);
    const config = path.join(nonRepo, 'aispm.yaml');
    await writeFile(config, 'history: true\n');
    const hasCommit = (stdout: string) => (JSON.parse(stdout) as typeof report).findings.some((f) => f.location.commit);
    expect(hasCommit((await runCli(['scan', dir, '--only', 'data', '--no-store', '-f', 'json', '-c', config])).stdout)).toBe(true);
    expect(hasCommit((await runCli(['scan', dir, '--only', 'data', '--no-store', '-f', 'json', '-c', config, '--no-history'])).stdout)).toBe(false);
  });

  it('a target inside a repository reads the history of its own folder, with paths as the walker gives them', async () => {
    const result = await runScan(resolveOptions([path.join(dir, 'app')], {}, { only: ['data'], history: true }));
    expect(secretsOf(result.findings)).toEqual([
      ['openai-project-key', 'config.py', commits.first],
      ['stripe-secret-key', 'current.py', null],
      ['groq-api-key', 'llm.py', commits.feature],
      ['github-pat', 'settings.py', commits.env],
    ]);
    const file = await runScan(resolveOptions([path.join(dir, 'app', 'config.py')], {}, { only: ['data'], history: true }));
    expect(secretsOf(file.findings)).toEqual([['openai-project-key', 'config.py', commits.first]]);
  });

  it('--history-since reads only what HEAD adds to a base, like a pull request; an unknown base reads everything and says so', async () => {
    const pr = await runScan(resolveOptions([dir], {}, { only: ['data'], historySince: 'feature' }));
    expect(pr.scan.stats.history).toEqual([expect.objectContaining({ commits: 3 })]);
    expect(secretsOf(pr.findings)).toEqual([
      ['stripe-secret-key', 'app/current.py', null],
      ['npm-token', 'data/big.csv', commits.big2],
    ]);
    const cli = await runCli(['scan', dir, '--only', 'data', '--no-store', '-f', 'json', '--history-since', commits.ignore!]);
    const found = (JSON.parse(cli.stdout) as { findings: { location: { commit?: string } }[] }).findings.filter((f) => f.location.commit);
    expect(new Set(found.map((f) => f.location.commit))).toEqual(new Set([commits.big2]));
    const wrong = await runScan(resolveOptions([dir], { history: { since: 'no-such-base' } }, { only: ['data'] }));
    expect(wrong.scan.issues).toContainEqual(expect.objectContaining({ reason: 'config', message: expect.stringContaining('--history-since no-such-base: no such branch, tag, remote ref or commit in this repository; the whole history was read instead') }));
    expect(secretsOf(wrong.findings)).toContainEqual(['openai-project-key', 'app/config.py', commits.first]);
  });

  it('history.maxCommits bounds the walk to the newest commits, and says how many were left', async () => {
    const result = await runScan(resolveOptions([dir], { history: { maxCommits: 2 } }, { only: ['data'] }));
    expect(result.scan.stats.history).toEqual([expect.objectContaining({ commits: 2 })]);
    expect(result.scan.issues).toContainEqual(expect.objectContaining({ reason: 'limit', message: expect.stringMatching(/history\.maxCommits \(2\); at least [1-9]\d* older commits were not walked/) }));
    const secrets = secretsOf(result.findings);
    expect(secrets.map((x) => x[0])).not.toContain('openai-project-key');
    // The oldest commit walked is a root: its whole tree is new to the walk, the table read whole.
    expect(secrets).toContainEqual(['npm-token', 'data/big.csv', commits.big2]);
    expect(secrets).toContainEqual(['github-pat', 'app/settings.py', commits.big2]);
  });

  it('a shallow clone (a CI checkout) is read as far as it goes, and the scan says how to get the rest', async () => {
    const shallow = await mkdtemp(path.join(tmpdir(), 'aispm-history-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '2', '--no-single-branch', `file://${dir}`, shallow], { env: { ...process.env, HOME: shallow, GIT_CONFIG_NOSYSTEM: '1' } });
      const result = await runScan(resolveOptions([shallow], {}, { only: ['data'], history: true }));
      expect(result.scan.issues).toContainEqual(expect.objectContaining({ reason: 'limit', message: expect.stringContaining('a shallow clone — the commits before its') }));
      expect(result.scan.issues.map((i) => i.message).join('\n')).toContain('fetch-depth: 0');
      // The two newest commits of main are here: the edit that added the token is one of them.
      expect(secretsOf(result.findings)).toContainEqual(['npm-token', 'data/big.csv', commits.big2]);
      expect(secretsOf(result.findings).map((x) => x[0])).not.toContain('openai-project-key');
    } finally {
      await rm(shallow, { recursive: true, force: true });
    }
  });

  it('limits.maxReadBytes bounds every version read from history, and says which were left', async () => {
    const result = await runScan(resolveOptions([dir], { limits: { maxReadBytes: 8192 } }, { only: ['data'], history: true }));
    expect(result.scan.issues).toContainEqual(expect.objectContaining({ reason: 'limit', message: expect.stringMatching(/data\/big\.csv \(blob [0-9a-f]{40}, commit [0-9a-f]{40}\): \d+ bytes is over limits\.maxReadBytes; not read/) }));
    const secrets = secretsOf(result.findings);
    expect(secrets.map((x) => x[0])).not.toContain('npm-token');
    expect(secrets).toContainEqual(['openai-project-key', 'app/config.py', commits.first]);
    // A file over the limit that is unchanged on disk is known as the file (hashed as a stream), not reported from history.
    const tight = await runScan(resolveOptions([dir], { limits: { maxReadBytes: 40 } }, { only: ['data'], history: true }));
    expect(tight.scan.issues.filter((i) => i.source === 'history' && i.message.includes('app/current.py'))).toEqual([]);
    expect(tight.scan.issues.filter((i) => i.source === 'history' && i.message.includes('data/big.csv')).length).toBeGreaterThan(0);
  });

  it('a bare mirror (a server-side copy, no working tree) is read whole: every committed version is history', async () => {
    const mirror = await mkdtemp(path.join(tmpdir(), 'aispm-history-mirror-'));
    try {
      execFileSync('git', ['clone', '-q', '--mirror', `file://${dir}`, path.join(mirror, 'repo.git')], { env: { ...process.env, HOME: mirror, GIT_CONFIG_NOSYSTEM: '1' } });
      const result = await runScan(resolveOptions([path.join(mirror, 'repo.git')], {}, { only: ['data'], history: true }));
      const secrets = secretsOf(result.findings);
      // With no files on disk, what HEAD holds is read from history too.
      expect(secrets).toContainEqual(['stripe-secret-key', 'app/current.py', commits.first]);
      expect(secrets).toContainEqual(['openai-project-key', 'app/config.py', commits.first]);
      expect(secrets).toContainEqual(['groq-api-key', 'app/llm.py', commits.feature]);
      expect(result.scan.issues.filter((i) => i.source === 'history')).toEqual([]);
    } finally {
      await rm(mirror, { recursive: true, force: true });
    }
  });

  it('a damaged repository: issues naming the pack, the files on disk still scanned, no crash', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'aispm-history-bad-'));
    await cp(dir, copy, { recursive: true });
    try {
      const packDir = path.join(copy, '.git', 'objects', 'pack');
      const pack = (await readdir(packDir)).find((n) => n.endsWith('.pack'))!;
      const bytes = await readFile(path.join(packDir, pack));
      await writeFile(path.join(packDir, pack), bytes.subarray(0, Math.floor(bytes.length / 2)));
      const result = await runScan(resolveOptions([copy], {}, { only: ['data'], history: true }));
      expect(secretsOf(result.findings)).toContainEqual(['stripe-secret-key', 'app/current.py', null]);
      const history = result.scan.issues.filter((i) => i.source === 'history');
      expect(history.length).toBeGreaterThan(0);
      expect(history.some((i) => i.message.includes(pack))).toBe(true);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('says so when the target is not a repository, and when the data analyzer is left out', async () => {
    await writeFile(path.join(nonRepo, 'notes.txt'), 'nothing here\n');
    const none = await runScan(resolveOptions([nonRepo], {}, { history: true }));
    expect(none.scan.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/not in a git repository \(no \.git here or in a folder above\)/));
    const noData = await runScan(resolveOptions([dir], {}, { only: ['notebooks'], history: true }));
    expect(noData.scan.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/--history needs the data analyzer/));
  });

  it('a file version over 1 MiB is streamed from a private temporary file, removed afterwards, through the CLI and its workers', async () => {
    const big = await mkdtemp(path.join(tmpdir(), 'aispm-history-big-'));
    const saved = dir;
    try {
      dir = big;
      git(['init', '-q']);
      const lines = Array.from({ length: 40_000 }, (_, i) => `log line ${i}: request served in ${i % 97} ms`);
      lines.push(`debug dump: HF_TOKEN=${hfToken}`);
      await put('logs/server.log', `${lines.join('\n')}\n`);
      await commit('bigFirst', '2024-02-01T10:00:00Z', 'add a log');
      await rm(path.join(big, 'logs'), { recursive: true });
      await commit('bigGone', '2024-02-02T10:00:00Z', 'remove the log');
      const before = (await readdir(tmpdir())).filter((n) => n.startsWith('aispm-history-') && !n.startsWith('aispm-history-big-')).length;
      const run = await runCli(['scan', big, '--history', '--only', 'data', '--no-store', '-f', 'json']);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; location: { path?: string; line?: number; commit?: string } }[] };
      expect(report.findings.filter((f) => f.ruleId === 'data_no_hardcoded_secrets').map((f) => [f.location.path, f.location.line, f.location.commit])).toEqual([['logs/server.log', 40_001, commits.bigFirst]]);
      const after = (await readdir(tmpdir())).filter((n) => n.startsWith('aispm-history-') && !n.startsWith('aispm-history-big-')).length;
      expect(after).toBeLessThanOrEqual(before);
    } finally {
      dir = saved;
      await rm(big, { recursive: true, force: true });
    }
  });

  it('reads a Git LFS pointer as the object it names from .git/lfs/objects, checked against its oid, and says which were not fetched', async () => {
    const lfs = await mkdtemp(path.join(tmpdir(), 'aispm-history-lfs-'));
    const saved = dir;
    try {
      dir = lfs;
      git(['init', '-q']);
      const rows = Array.from({ length: 30 }, (_, i) => `${i},Person ${i},person${i}@mailhost-${i}.io`);
      const table = Buffer.from(`id,name,email\n${rows.join('\n')}\n`);
      const pointerOf = (content: Buffer) => {
        const oid = createHash('sha256').update(content).digest('hex');
        return { oid, text: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n` };
      };
      const stored = pointerOf(table);
      const objectDir = path.join(lfs, '.git', 'lfs', 'objects', stored.oid.slice(0, 2), stored.oid.slice(2, 4));
      await mkdir(objectDir, { recursive: true });
      await writeFile(path.join(objectDir, stored.oid), table);
      await put('data/people.csv', stored.text);
      await put('data/not-fetched.csv', pointerOf(Buffer.from(`id,email\n1,x${hfToken}@y.io\n`)).text);
      const tampered = pointerOf(Buffer.from('id,note\n1,original\n'));
      const tamperedDir = path.join(lfs, '.git', 'lfs', 'objects', tampered.oid.slice(0, 2), tampered.oid.slice(2, 4));
      await mkdir(tamperedDir, { recursive: true });
      await writeFile(path.join(tamperedDir, tampered.oid), `id,note\n1,${githubPat}\n`.padEnd(tampered.text.length, ' ').slice(0, Number(/size (\d+)/.exec(tampered.text)![1])));
      await put('data/tampered.csv', tampered.text);
      await commit('lfsAdd', '2024-03-01T10:00:00Z', 'track data with LFS');
      await rm(path.join(lfs, 'data'), { recursive: true });
      await commit('lfsGone', '2024-03-02T10:00:00Z', 'drop data');
      const result = await runScan(resolveOptions([lfs], {}, { only: ['data'], history: true }));
      const pii = result.findings.filter((f) => f.category === 'sensitive-data' && f.location.path === 'data/people.csv');
      expect(pii.length).toBeGreaterThan(0);
      expect(pii[0]!.location.commit).toBe(commits.lfsAdd);
      expect(result.findings.some((f) => f.location.path === 'data/tampered.csv')).toBe(false);
      expect(result.scan.issues).toContainEqual(expect.objectContaining({ reason: 'limit', message: expect.stringContaining('2 file version(s) stored in Git LFS are not in this clone') }));
    } finally {
      dir = saved;
      await rm(lfs, { recursive: true, force: true });
    }
  });

  it('is on from aispm.yaml (history: true or a commit budget) and off with --no-history', () => {
    expect(resolveOptions(['.'], { history: true }).history).toEqual({ maxCommits: 50_000 });
    expect(resolveOptions(['.'], { history: { maxCommits: 10 } }).history).toEqual({ maxCommits: 10 });
    expect(resolveOptions(['.'], { history: true }, { history: false }).history).toBeUndefined();
    expect(resolveOptions(['.'], {}).history).toBeUndefined();
    expect(resolveOptions(['.'], {}, { historySince: 'origin/main' }).history).toEqual({ maxCommits: 50_000, since: 'origin/main' });
    expect(resolveOptions(['.'], { history: { since: 'main' } }, { historySince: 'dev' }).history?.since).toBe('dev');
  });
});
