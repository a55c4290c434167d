import { describe, expect, it } from 'vitest';
import { MAX_SLOW_NAMES, locateNames, namePattern } from './line-index.js';

/** The quadratic lookup the index replaced: one regex per name over every line. */
function oldLineOf(lines: string[], name: string): number | undefined {
  const re = namePattern(name);
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i]!)) return i + 1;
  return undefined;
}

/** Asserts the index gives the old line for every name; returns how many names were found at all. */
function expectSameAsOld(text: string, names: string[]): number {
  const lines = text.split(/\r?\n/);
  const got = locateNames(lines, names).lines;
  for (const n of names) expect([n, got.get(n)]).toEqual([n, oldLineOf(lines, n)]);
  return got.size;
}

/** Deterministic pseudo-random numbers, so a failing case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('mcp line index', () => {
  it('agrees with the per-name regex on the config shapes of every client', () => {
    const json = JSON.stringify({ mcpServers: { github: { command: 'npx' }, 'my server': { url: 'x' }, 'a.b': {}, '': {}, "it's": {} } }, null, 2);
    const toml = '[mcp_servers.github]\ncommand = "npx"\n[mcp_servers.a.b]\n[mcp_servers."quoted.name"]\n[mcp_servers.github.env]\n';
    const yaml = 'github:prod: x\na:b:c : y\nmcpServers:\n  - name: github\n    command: npx\n  - name: "quoted"\n  - name: \'it\'s\'  \n  -   name:   my server  \ngithub: {}\n';
    const names = ['github', 'github:prod', 'a:b:c', 'my server', 'a.b', 'b', '', "it's", 'quoted', 'quoted.name', 'env', 'command', 'a"b', 'x]y', 'k:v', ' lead', "trail'", 'missing'];
    for (const text of [json, toml, yaml, json.replace(/\n/g, '\r\n')]) expect(expectSameAsOld(text, names)).toBeGreaterThan(2);
  });

  it('agrees with the per-name regex on random lines built from the characters the patterns care about', () => {
    const next = rng(20261126);
    const atoms = ['"', ':', ':', "'", ':', ' ', '.', '[', ']', '-', 'name', 'a', 'b', 'a.b', '\t', 'x'];
    const pick = () => atoms[Math.floor(next() * atoms.length)]!;
    const word = (n: number) => Array.from({ length: n }, pick).join('');
    let found = 0;
    for (let round = 0; round < 2000; round++) {
      const lines = Array.from({ length: 12 }, () => word(Math.floor(next() * 10)));
      const names = Array.from({ length: 12 }, () => word(Math.floor(next() * 4)));
      found += expectSameAsOld(lines.join('\n'), names);
    }
    // The random lines must actually name many of the random names, or the comparison proves little.
    expect(found).toBeGreaterThan(1000);
  });

  it('scans only a bounded number of names the one-pass cut cannot take, and counts the rest', () => {
    const names = Array.from({ length: MAX_SLOW_NAMES + 5 }, (_, i) => `odd"${i}`);
    const text = names.map((n) => `${n}:`).join('\n');
    const got = locateNames(text.split('\n'), names);
    expect(got.unsearched).toBe(5);
    expect(got.lines.size).toBe(MAX_SLOW_NAMES);
    expect(got.lines.get('odd"0')).toBe(1);
  });

  it('finds the first line of each of many servers (the case that was quadratic)', () => {
    const n = 3000;
    const cfg = { mcpServers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`srv${i}`, { command: 'npx', args: [`srv${n - i}`] }])) };
    const names = Object.keys(cfg.mcpServers);
    const got = locateNames(JSON.stringify(cfg, null, 2).split('\n'), names).lines;
    // Pretty-printed: line 1 `{`, line 2 `"mcpServers": {`, then 6 lines per server.
    names.forEach((name, i) => expect(got.get(name)).toBe(3 + 6 * i));
  });
});
