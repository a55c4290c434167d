import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { mcpAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
/** A fake password, assembled at run time so no secret-shaped literal sits in the repo. */
const PW = ['Zq9', 'Xw7Lm2', 'Pk4Rt8Vb6Nc3'].join('');

describe('mcp: passwords inside connection strings', () => {
  const cfg = {
    mcpServers: {
      pg: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres', `postgresql://app:${PW}@db.acme.io/prod`] },
      dk: { command: 'docker', args: ['run', '-i', '-e', `DB=postgresql://u:${PW}@h/x`, 'mcp/db:1.0'] },
      fl: { command: 'uvx', args: ['mcp-db==1.0', `--db=mysql://u:${PW}@h/x`] },
      ev: { command: 'uvx', args: ['mcp-mongo==1.0'], env: { MONGO_URL: `mongodb+srv://u:${PW}@c.mongodb.net/x` } },
      ok: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres', 'postgresql://localhost/dev'] },
    },
  };

  it('are masked in args and flagged as inline credentials, wherever the URL sits', async () => {
    const out = await mcpAnalyzer.analyze(fakeFile('.mcp.json', JSON.stringify(cfg, null, 2)), ctx);
    expect(JSON.stringify(out)).not.toContain(PW.slice(3, 12));
    const inline = (name: string) => out.findings!.find((f) => f.ruleId === 'mcp_server_credentials_not_inline' && out.assets!.find((a) => a.id === f.assetId)!.name === name)!;
    for (const name of ['pg', 'dk', 'fl', 'ev']) expect([name, inline(name).status]).toEqual([name, 'fail']);
    expect(inline('ok').status).toBe('pass');
    const pg = out.assets!.find((a) => a.name === 'pg')!;
    expect(pg.properties.args).toEqual(['-y', '@modelcontextprotocol/server-postgres', 'postgresql://app:***@db.acme.io/prod']);
    expect(inline('ev').properties).toEqual({ credentials: [{ where: 'env', key: 'MONGO_URL', masked: 'Zq9Xw…Nc3' }] });
  });
});
