import { describe, expect, it } from 'vitest';
import type { Asset, Finding } from '../../core/index.js';
import { fakeFile } from '../deps/fake-file.js';
import { mcpAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
/** Fake token material, assembled at run time so no secret-shaped literal sits in the repo. */
const chars = (n: number, seed = 7) => Array.from({ length: n }, (_, i) => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[(i * seed + 3) % 57]).join('');
const GH = ['ghp', chars(36)].join('_');
const OAI = ['sk', 'proj', chars(40, 11)].join('-');

async function run(path: string, content: string) {
  const f = fakeFile(path, content);
  expect(mcpAnalyzer.wants(f.path, f)).toBe(true);
  return mcpAnalyzer.analyze(f, ctx);
}
const server = (assets: Asset[] | undefined, name: string) => assets!.find((a) => a.name === name)!;
const verdicts = (findings: Finding[] | undefined, a: Asset) => Object.fromEntries(findings!.filter((f) => f.assetId === a.id).map((f) => [f.ruleId, f.status]));

describe('mcp: Claude/Cursor style mcpServers', () => {
  const cfg = {
    mcpServers: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: GH } },
      fetch: { command: 'uvx', args: ['mcp-server-fetch==2025.4.7'] },
      postgres: { command: 'docker', args: ['run', '-i', '--rm', '-e', `PGPASSWORD=${chars(20, 13)}`, 'mcp/postgres@sha256:' + 'a'.repeat(64)], alwaysAllow: ['query'] },
      filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@latest', '/home/me'] },
      local: { command: 'python', args: ['tools/server.py'], env: { OPENAI_API_KEY: '${OPENAI_API_KEY}' } },
      linear: { url: 'https://mcp.linear.app/sse', headers: { Authorization: `Bearer ${OAI}` } },
      intranet: { url: 'http://tools.acme.internal:8080/mcp' },
    },
  };

  it('normalises every server and judges pinning, credentials, TLS, auth and approval', async () => {
    const out = await run('apps/bot/generated/claude_desktop_config.json', JSON.stringify(cfg, null, 2));
    expect(out.assets).toHaveLength(7);
    const gh = server(out.assets, 'github');
    expect(gh.provider).toBe('claude-desktop');
    expect(gh.properties).toMatchObject({ transport: 'stdio', runner: 'npx', package: '@modelcontextprotocol/server-github', versionPinned: false, packageEcosystem: 'npm' });
    expect(gh.locations[0]).toMatchObject({ path: 'apps/bot/generated/claude_desktop_config.json', line: 3, field: 'mcpServers.github' });
    expect(verdicts(out.findings, gh)).toMatchObject({ mcp_server_credentials_not_inline: 'fail', mcp_server_package_version_pinned: 'fail', mcp_server_tools_require_approval: 'pass' });

    expect(server(out.assets, 'fetch').properties).toMatchObject({ runner: 'uvx', package: 'mcp-server-fetch', packageVersion: '2025.4.7', versionPinned: true });
    const pg = server(out.assets, 'postgres');
    expect(pg.properties).toMatchObject({ runner: 'docker', package: 'mcp/postgres', versionPinned: true, autoApprove: ['query'] });
    expect(verdicts(out.findings, pg)).toMatchObject({ mcp_server_credentials_not_inline: 'fail', mcp_server_tools_require_approval: 'fail' });
    expect(server(out.assets, 'filesystem').properties).toMatchObject({ packageVersion: 'latest', versionPinned: false });
    const local = server(out.assets, 'local');
    expect(local.properties.runner).toBe('local');
    expect(verdicts(out.findings, local)).toEqual({ mcp_server_credentials_not_inline: 'pass', mcp_server_tools_require_approval: 'pass' });

    const linear = server(out.assets, 'linear');
    expect(linear.properties).toMatchObject({ transport: 'sse', url: 'https://mcp.linear.app/sse', usesTls: true, sendsAuth: true, remote: true });
    expect(verdicts(out.findings, linear)).toMatchObject({ mcp_server_credentials_not_inline: 'fail', mcp_remote_server_uses_tls: 'pass', mcp_remote_server_authenticated: 'pass' });
    const intranet = server(out.assets, 'intranet');
    expect(verdicts(out.findings, intranet)).toMatchObject({ mcp_remote_server_uses_tls: 'fail', mcp_remote_server_authenticated: 'manual' });
  });

  it('never puts a credential value in assets or findings, only masks', async () => {
    const out = await run('claude_desktop_config.json', JSON.stringify(cfg));
    const dump = JSON.stringify(out);
    expect(dump).not.toContain(GH);
    expect(dump).not.toContain(OAI);
    expect(dump).not.toContain(GH.slice(8, 30));
    const f = out.findings!.find((x) => x.ruleId === 'mcp_server_credentials_not_inline' && x.status === 'fail' && x.message.includes('github'))!;
    expect(f.message).toContain('GITHUB_PERSONAL_ACCESS_TOKEN=ghp_');
    expect(f.message).toContain('…');
  });

  it('keeps a stable definition hash that changes when the definition does', async () => {
    const a = await run('.cursor/mcp.json', JSON.stringify(cfg));
    const b = await run('.cursor/mcp.json', JSON.stringify(cfg, null, 4));
    const changed = structuredClone(cfg);
    changed.mcpServers.fetch.args = ['mcp-server-fetch==2025.5.1'];
    const c = await run('.cursor/mcp.json', JSON.stringify(changed));
    const h = (o: typeof a) => server(o.assets, 'fetch').properties.definitionHash;
    expect(h(a)).toBe(h(b));
    expect(h(a)).not.toBe(h(c));
    expect(server(a.assets, 'fetch').id).toBe(server(c.assets, 'fetch').id);
  });
});

describe('mcp: other clients', () => {
  it('reads VS Code mcp.json (servers, inputs) and settings.json (JSONC)', async () => {
    const vs = await run('.vscode/mcp.json', '{\n  // project servers\n  "inputs": [{"type": "promptString", "id": "gh", "password": true}],\n  "servers": {\n    "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": {"Authorization": "Bearer ${input:gh}"}},\n  },\n}\n');
    const gh = server(vs.assets, 'github');
    expect(gh.provider).toBe('vscode');
    expect(gh.properties).toMatchObject({ transport: 'http', sendsAuth: true, inlineCredentials: [] });
    const settings = await run('.vscode/settings.json', '{ "editor.tabSize": 2, "mcp": { "servers": { "time": { "command": "uvx", "args": ["mcp-server-time"] } } } }');
    expect(server(settings.assets, 'time').properties).toMatchObject({ versionPinned: false });
  });

  it('reads Codex TOML, Continue YAML, Zed and Gemini configs', async () => {
    const codex = await run('.codex/config.toml', `model = "o4-mini"\n\n[mcp_servers.docs]\nurl = "https://docs.example.com/mcp"\nbearer_token_env_var = "DOCS_TOKEN"\n\n[mcp_servers.git]\ncommand = "uvx"\nargs = ["mcp-server-git@2025.1.14"]\n`);
    expect(server(codex.assets, 'docs').properties).toMatchObject({ sendsAuth: true, transport: 'http' });
    expect(server(codex.assets, 'git').locations[0]!.line).toBe(7);
    expect(server(codex.assets, 'git').properties.versionPinned).toBe(true);
    const cont = await run('.continue/config.yaml', 'name: acme\nversion: 0.0.1\nmcpServers:\n  - name: sqlite\n    command: npx\n    args: ["-y", "mcp-sqlite@1.2.0", "db.sqlite"]\n');
    expect(server(cont.assets, 'sqlite').properties).toMatchObject({ package: 'mcp-sqlite', versionPinned: true });
    const zed = await run('.zed/settings.json', '{"context_servers": {"pg": {"command": {"path": "npx", "args": ["@zeddev/pg-mcp"], "env": {"DB_PASSWORD": "hunter2hunter2"}}}}}');
    expect(zed.findings!.find((f) => f.ruleId === 'mcp_server_credentials_not_inline')!.status).toBe('fail');
    const gem = await run('.gemini/settings.json', '{"mcpServers": {"shell": {"command": "node", "args": ["shell.js"], "trust": true}}}');
    expect(gem.findings!.find((f) => f.ruleId === 'mcp_server_tools_require_approval')!.status).toBe('fail');
  });

  it('reads Claude Code user config projects, Windsurf serverUrl, Continue JSON and opencode', async () => {
    const claude = await run('home/.claude.json', JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'x-mcp@1.0.0'] } }, projects: { '/src/app': { mcpServers: { b: { type: 'sse', url: 'https://b.example.com/sse' } } } } }));
    expect(claude.assets!.map((a) => [a.name, a.locations[0]!.field])).toEqual([
      ['a', 'mcpServers.a'],
      ['b', 'projects./src/app.mcpServers.b'],
    ]);
    const ws = await run('home/.codeium/windsurf/mcp_config.json', '{"mcpServers": {"remote": {"serverUrl": "https://mcp.example.com/mcp?api_key=' + chars(24, 17) + '"}}}');
    const remote = server(ws.assets, 'remote');
    expect(remote.properties).toMatchObject({ transport: 'http', sendsAuth: true });
    expect(String(remote.properties.url)).not.toContain(chars(24, 17));
    expect(ws.findings!.find((f) => f.ruleId === 'mcp_server_credentials_not_inline')!.status).toBe('fail');
    const cont = await run('.continue/config.json', JSON.stringify({ experimental: { modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'uvx', args: ['mcp-server-sqlite', '--db-path', 'x.db'] } }] } }));
    expect(cont.assets![0]!.properties).toMatchObject({ runner: 'uvx', package: 'mcp-server-sqlite', versionPinned: false });
    const oc = await run('opencode.json', JSON.stringify({ mcp: { jira: { type: 'local', command: ['npx', '-y', 'jira-mcp@2.1.0'], environment: { JIRA_TOKEN: '{env:JIRA_TOKEN}' } } } }));
    expect(oc.assets![0]!.properties).toMatchObject({ package: 'jira-mcp', versionPinned: true, inlineCredentials: [] });
  });

  it('sees through cmd /c and sh -c wrappers', async () => {
    const out = await run('.roo/mcp.json', JSON.stringify({ mcpServers: { w: { command: 'cmd', args: ['/c', 'npx', '-y', 'win-mcp@latest'] }, s: { command: 'bash', args: ['-c', 'uvx mcp-x==1.2.3 --verbose'] } } }));
    expect(server(out.assets, 'w').properties).toMatchObject({ runner: 'npx', package: 'win-mcp', versionPinned: false });
    expect(server(out.assets, 's').properties).toMatchObject({ runner: 'uvx', package: 'mcp-x', versionPinned: true });
  });

  it('matches only well-known paths', () => {
    for (const p of ['mcp.json', 'config/settings.json', 'src/.mcp.json.bak', 'notes/config.toml']) {
      expect(mcpAnalyzer.wants(p, fakeFile(p, '{}'))).toBe(false);
    }
    for (const p of ['.mcp.json', 'a/b/.cursor/mcp.json', 'x/cline_mcp_settings.json', 'home/.codeium/windsurf/mcp_config.json', '.continue/mcpServers/db.yaml']) {
      expect(mcpAnalyzer.wants(p, fakeFile(p, '{}'))).toBe(true);
    }
  });
});

describe('mcp: sad and empty', () => {
  it('reports corrupt configs in one line and keeps going', async () => {
    for (const [p, body] of [
      ['.cursor/mcp.json', '{"mcpServers": {"x": '],
      ['.codex/config.toml', '[mcp_servers.x\ncommand = '],
      ['.continue/config.yaml', 'mcpServers:\n  - name: [unclosed\n'],
    ] as const) {
      const out = await run(p, body);
      expect(out.issues).toHaveLength(1);
      expect(out.issues![0]).toMatchObject({ path: p, reason: 'parse-error', source: 'mcp' });
      expect(out.issues![0]!.message).not.toContain('\n');
    }
  });

  it('yields nothing for empty files and configs without servers', async () => {
    expect(await run('.mcp.json', '')).toEqual({ assets: [], findings: [] });
    expect(await run('.mcp.json', '{"mcpServers": {}}')).toEqual({ assets: [], findings: [] });
    expect(await run('.vscode/settings.json', '{"editor.fontSize": 14}')).toEqual({ assets: [], findings: [] });
    expect(await run('.mcp.json', '[1,2,3]')).toEqual({ assets: [], findings: [] });
  });
});
