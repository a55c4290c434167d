import { describe, expect, it } from 'vitest';
import { isParseError, MAX_WASM_NESTING, nestsDeeperThan, parseHcl } from './hcl.js';

describe('parseHcl on hostile nesting', () => {
  it('counts bracket nesting of every kind', () => {
    expect(nestsDeeperThan('a = [{(x)}]', 3)).toBe(false);
    expect(nestsDeeperThan('a = [{([x])}]', 3)).toBe(true);
    expect(nestsDeeperThan(')))' + '['.repeat(3), 3)).toBe(false);
    expect(nestsDeeperThan('d = "' + '$${'.repeat(1000) + '"', 3)).toBe(false);
    expect(nestsDeeperThan('d = "' + '${'.repeat(1000) + '"', 3)).toBe(true);
  });

  it('reports 100k levels as a one-line parse error instead of handing them to the WASM parser (which kills the process)', async () => {
    const depth = 100_000;
    const text = 'locals {\n  x = ' + '['.repeat(depth) + ']'.repeat(depth) + '\n}\n';
    const out = await parseHcl('infra/deep.tf', text);
    expect(isParseError(out)).toBe(true);
    if (!isParseError(out)) return;
    expect(out.message).toMatch(/^infra\/deep\.tf:2: .*nesting/);
    expect(out.message).toContain(String(MAX_WASM_NESTING));
    expect(out.message).not.toContain('\n');
  });

  it('still parses moderately nested files the fast parser rejects, and keeps WASM diagnostics short', async () => {
    const bad = 'resource "aws_s3_bucket" "b" {\n' + '\u0001\u0002'.repeat(5000) + '\n}\n';
    const out = await parseHcl('infra/junk.tf', bad);
    expect(isParseError(out)).toBe(true);
    if (isParseError(out)) expect(out.message.length).toBeLessThanOrEqual(301);
  });
});
