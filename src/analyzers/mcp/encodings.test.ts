import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { mcpAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
const cfg = '{"mcpServers":{"files":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/"]}}}';
const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cfg, 'utf16le')]);
const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(cfg, 'utf16le').swap16()]);

describe('mcp: configs in other encodings', () => {
  it.each([
    ['UTF-16 LE with BOM', utf16le, 'binary'],
    ['UTF-16 BE with BOM', utf16be, 'binary'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cfg)]), 'text'],
  ])('reads a %s config instead of skipping it silently', async (_n, bytes, sniffed) => {
    const f = fakeFile('.cursor/mcp.json', bytes, sniffed);
    expect(mcpAnalyzer.wants(f.path, f)).toBe(true);
    const out = await mcpAnalyzer.analyze(f, ctx);
    expect(out.assets?.map((a) => a.name)).toContain('files');
  });

  it('invalid UTF-8 and truncated UTF-16 become one parse-error naming the file', async () => {
    const bad = Buffer.concat([Buffer.from('{"mcpServers":{"a":'), Buffer.from([0xc3, 0x28, 0xff])]);
    for (const bytes of [bad, utf16le.subarray(0, 41)]) {
      const out = await mcpAnalyzer.analyze(fakeFile('.cursor/mcp.json', bytes), ctx);
      expect(out.issues).toHaveLength(1);
      expect(out.issues![0]!.message).toMatch(/^\.cursor\/mcp\.json: not a readable Cursor config/);
    }
  });

  it('still leaves binary junk at an MCP path to the walker (not wanted)', () => {
    const f = fakeFile('.cursor/mcp.json', Buffer.from([0x00, 0x01, 0x02, 0x03]), 'binary');
    expect(mcpAnalyzer.wants(f.path, f)).toBe(false);
  });
});
