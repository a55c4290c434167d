import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { mcpAnalyzer } from './index.js';
import { MAX_SLOW_NAMES } from './line-index.js';

const ctx = { root: '/virtual', options: {} };

describe('mcp: configs with very many servers', () => {
  it('gives every server of a large config its own line', async () => {
    const cfg = { mcpServers: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`srv:${i}`, { command: 'npx', args: ['-y', `pkg${i}`] }])) };
    const out = await mcpAnalyzer.analyze(fakeFile('.mcp.json', JSON.stringify(cfg, null, 2)), ctx);
    expect(out.assets).toHaveLength(2000);
    // Pretty-printed: `{`, `"mcpServers": {`, then 7 lines per server.
    out.assets!.forEach((a, i) => expect([a.name, a.locations[0]!.line]).toEqual([`srv:${i}`, 3 + 7 * i]));
    expect(out.issues).toBeUndefined();
  });

  it('says so when too many oddly named servers were left without a line', async () => {
    const names = Array.from({ length: MAX_SLOW_NAMES + 3 }, (_, i) => ` padded ${i} `);
    const cfg = { mcpServers: Object.fromEntries(names.map((n) => [n, { command: 'x' }])) };
    const out = await mcpAnalyzer.analyze(fakeFile('.mcp.json', JSON.stringify(cfg, null, 2)), ctx);
    expect(out.assets).toHaveLength(names.length);
    expect(out.assets!.filter((a) => a.locations[0]!.line === undefined)).toHaveLength(3);
    expect(out.issues).toEqual([expect.objectContaining({ path: '.mcp.json', reason: 'limit', message: expect.stringMatching(/^\.mcp\.json: 3 MCP servers with unusual names were not located/) })]);
  });
});

describe('mcp: one hostile server entry', () => {
  it('costs only that server: the others are still read and the file is named in the issue', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"mcpServers":{"ok":{"command":"npx","args":["-y","pkg"]},"bad":{"command":"x","tools":${deep}}}}`;
    const out = await mcpAnalyzer.analyze(fakeFile('.mcp.json', text), ctx);
    expect(out.assets?.map((a) => a.name)).toEqual(['ok']);
    expect(out.issues).toEqual([expect.objectContaining({ path: '.mcp.json', reason: 'parse-error', message: expect.stringMatching(/^\.mcp\.json: MCP server "bad" \(mcpServers\.bad\) could not be read/) })]);
  });
});
