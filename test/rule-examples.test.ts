import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, type Rule, type RuleExample } from '../src/rules/index.js';
import { runScan } from '../src/scan/index.js';
import { resolveOptions } from '../src/config/index.js';
import type { Finding } from '../src/core/index.js';

/**
 * DESIGN §9: every built-in rule carries pass and fail examples, and this one table-driven test runs
 * them all through the real pipeline (walker → analyzers → graph → rules). A fail example must make
 * the rule fail; a pass example must make it pass and never fail.
 */
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function scanExample(ex: RuleExample): Promise<Finding[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aispm-rule-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(ex.files)) {
    const abs = path.join(dir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
  const result = await runScan(resolveOptions([dir], {}));
  return result.findings;
}

const only = process.env.RULE ? builtinRules.filter((r) => r.id.includes(process.env.RULE!)) : builtinRules;

describe('every rule has examples', () => {
  it.each(builtinRules.map((r) => [r.id, r] as [string, Rule]))('%s has at least one pass and one fail example', (_id, rule) => {
    expect(rule.examples.pass.length).toBeGreaterThan(0);
    expect(rule.examples.fail.length).toBeGreaterThan(0);
  });
  it('rule ids are unique', () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

const cases = only.flatMap((rule) => [
  ...rule.examples.fail.map((ex) => [rule.id, 'fail', ex.name, rule, ex] as const),
  ...rule.examples.pass.map((ex) => [rule.id, 'pass', ex.name, rule, ex] as const),
]);

describe('rule examples run through the real pipeline', () => {
  it.each(cases)('%s: %s example "%s"', async (_id, expected, _name, rule, ex) => {
    const findings = (await scanExample(ex)).filter((f) => f.ruleId === rule.id);
    const statuses = findings.map((f) => `${f.status}: ${f.message}`);
    if (expected === 'fail') {
      expect(findings.some((f) => f.status === 'fail'), statuses.join('\n') || 'no findings').toBe(true);
    } else {
      expect(findings.filter((f) => f.status === 'fail'), statuses.join('\n')).toEqual([]);
      expect(findings.some((f) => f.status === 'pass'), statuses.join('\n') || 'no findings').toBe(true);
    }
  }, 30_000);
});
