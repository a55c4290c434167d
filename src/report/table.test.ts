import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../core/index.js';
import { tableWriter } from './table.js';

function finding(id: string, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    ruleId: `rule_${id}`,
    title: 't',
    severity: 'high',
    category: 'exposure',
    status: 'fail',
    assetId: 'a1',
    location: { path: 'infra/main.tf', line: 3 },
    message: `message ${id}`,
    remediation: 'fix it',
    frameworks: {},
    ...extra,
  };
}

function result(findings: Finding[]): ScanResult {
  return {
    schema: 'aispm.report/v1',
    tool: { name: 'aispm', version: '0.0.0' },
    scan: {
      id: 's',
      startedAt: '',
      finishedAt: '',
      targets: ['.'],
      issues: [{ path: 'broken.json', reason: 'parse-error', message: 'Unexpected token', source: 'deps' }],
      stats: { filesSeen: 3, filesAnalyzed: 2, bytesRead: 10, filesSkipped: 1, durationMs: 5, assetsByKind: {}, findingsBySeverity: {}, analyzers: {} },
    },
    assets: [
      { id: 'a1', kind: 'ai-package', name: 'torch', provider: 'pypi', locations: [{ path: 'requirements.txt' }], properties: { version: '2.3.1' } },
      { id: 'a2', kind: 'ai-package', name: 'openai', provider: 'pypi', locations: [{ path: 'requirements.txt' }], properties: {} },
      { id: 'm1', kind: 'ai-model', name: 'gpt-4o', provider: 'openai', locations: [{ path: 'app.py' }], properties: {} },
    ],
    relations: [],
    findings,
    paths: [],
    compliance: [],
  };
}

describe('table writer', () => {
  it('groups the inventory by kind with counts', () => {
    const out = tableWriter.write(result([]), { color: false, rules: new Map() });
    expect(out).toContain('AI inventory — 3 assets');
    expect(out).toMatch(/ai-package \(2\)/);
    expect(out).toMatch(/ai-model \(1\)/);
    expect(out).toContain('nothing failing');
    expect(out).toContain('broken.json: Unexpected token');
    expect(out).toContain('Scanned 3 files (2 analysed)');
  });

  it('says "1 asset" and "1 file", not "1 assets"', () => {
    const one = result([]);
    one.assets = one.assets.slice(0, 1);
    one.scan.stats.filesSeen = 1;
    const out = tableWriter.write(one, { color: false, rules: new Map() });
    expect(out).toContain('AI inventory — 1 asset\n');
    expect(out).toContain('Scanned 1 file (');
  });

  it('lists failing findings by severity, riskiest first, and marks exceptions instead of hiding them', () => {
    const out = tableWriter.write(
      result([
        finding('low', { properties: { riskScore: 10 } }),
        finding('top', { properties: { riskScore: 90 } }),
        finding('sup', { properties: { suppressed: { owner: 'alice', reason: 'sandbox only', expires: '2027-01-01' } } }),
        finding('pass', { status: 'pass' }),
      ]),
      { color: false, rules: new Map() },
    );
    expect(out).toContain('Findings — 3 failing');
    expect(out).toContain('1 suppressed, accepted or in baseline');
    expect(out.indexOf('rule_top')).toBeLessThan(out.indexOf('rule_low'));
    expect(out).toContain('[suppressed by alice until 2027-01-01: sandbox only]');
    expect(out).not.toContain('rule_pass');
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('colours only when asked', () => {
    const out = tableWriter.write(result([finding('x')]), { color: true, rules: new Map() });
    expect(out).toMatch(/\u001b\[/);
  });
});
