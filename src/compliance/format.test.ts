import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { complianceReport, formatComplianceCsv, formatComplianceHtml, formatComplianceTable } from './format.js';
import { rollUpCompliance } from './roll-up.js';

const f: Finding = {
  id: 'f1', ruleId: 'data_no_personal_data', title: 't', severity: 'high', category: 'sensitive-data', status: 'fail', assetId: 'a',
  location: { path: 'data/x.csv' }, message: '=HYPERLINK("http://evil") <script>alert(1)</script>', remediation: 'r', frameworks: { 'owasp-llm-2025': ['LLM02'] },
};

describe('compliance formats', () => {
  const rep = complianceReport(rollUpCompliance([f]), [f], ['.'], new Date('2026-01-01T00:00:00Z'));

  it('json report summarises each framework and keeps only cited findings', () => {
    const llm = rep.frameworks.find((x) => x.framework === 'owasp-llm-2025')!;
    expect(llm.summary).toEqual({ fail: 1, manual: 0, pass: 0, 'not-assessed': 9 });
    expect(rep.findings.map((x) => x.id)).toEqual(['f1']);
    expect(complianceReport(rollUpCompliance([]), [f], ['.']).findings).toEqual([]);
  });

  it('table lists assessed controls with their rules and counts the rest', () => {
    const t = formatComplianceTable(rep);
    expect(t).toMatch(/FAIL\s+LLM02\s+Sensitive Information Disclosure\s+1 finding: data_no_personal_data/);
    expect(t).toContain('9 controls not assessed');
    expect(formatComplianceTable(rep, { all: true })).toMatch(/NOT-ASSESSED\s+LLM01/);
  });

  it('csv has a row per control and neutralises spreadsheet formulas', () => {
    const csv = formatComplianceCsv(rep);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('framework,control,title,status,findings,rules,finding_ids');
    expect(rows.length - 1).toBe(rep.frameworks.reduce((n, x) => n + x.controls.length, 0));
    expect(csv).toContain('owasp-llm-2025,LLM02,Sensitive Information Disclosure,fail,1,data_no_personal_data,f1');
    const evil = formatComplianceCsv({ ...rep, frameworks: [{ ...rep.frameworks[0]!, controls: [{ id: '=1+1', title: '@x', status: 'fail', findingIds: [] }] }] });
    expect(evil).toContain(`"'=1+1","'@x"`);
  });

  it('html escapes finding text and has no script', () => {
    const html = formatComplianceHtml(rep);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h2 id="hipaa">');
  });
});
