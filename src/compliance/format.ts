import type { ComplianceResult, ControlStatus, Finding } from '../core/index.js';
import { getFramework } from './catalogue.js';

/** The compliance view as written by `aispm compliance --format json` (`aispm.compliance/v1`). */
export interface ComplianceReport {
  schema: 'aispm.compliance/v1';
  generatedAt: string;
  targets: string[];
  frameworks: (ComplianceResult & { version?: string; url?: string; summary: Record<ControlStatus, number> })[];
  /** The findings the controls cite, trimmed to what an auditor needs. */
  findings: Pick<Finding, 'id' | 'ruleId' | 'title' | 'severity' | 'status' | 'assetId' | 'location' | 'message'>[];
}

export function complianceReport(results: readonly ComplianceResult[], findings: readonly Finding[], targets: string[], now = new Date()): ComplianceReport {
  const cited = new Set(results.flatMap((r) => r.controls.flatMap((c) => c.findingIds)));
  return {
    schema: 'aispm.compliance/v1',
    generatedAt: now.toISOString(),
    targets,
    frameworks: results.map((r) => {
      const fw = getFramework(r.framework);
      const summary: Record<ControlStatus, number> = { fail: 0, manual: 0, pass: 0, 'not-assessed': 0 };
      for (const c of r.controls) summary[c.status]++;
      return { ...r, version: fw?.version, url: fw?.url, summary };
    }),
    findings: findings
      .filter((f) => cited.has(f.id))
      .map((f) => ({ id: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity, status: f.status, assetId: f.assetId, location: f.location, message: f.message })),
  };
}

function ruleList(ids: readonly string[], byId: ReadonlyMap<string, Finding>): string {
  const rules = [...new Set(ids.map((id) => byId.get(id)?.ruleId).filter(Boolean))];
  return rules.slice(0, 4).join(', ') + (rules.length > 4 ? `, +${rules.length - 4}` : '');
}

/** Plain-text view: each framework's coverage and status counts, then every assessed control. */
export function formatComplianceTable(rep: ComplianceReport, opts: { all?: boolean } = {}): string {
  const byId = new Map(rep.findings.map((f) => [f.id, f as Finding]));
  const lines: string[] = [];
  for (const fw of rep.frameworks) {
    const cov = fw.coverage ? `${fw.coverage.assessed}/${fw.coverage.total} controls assessed` : '';
    lines.push(`${fw.name ?? fw.framework} [${fw.framework}]  ${cov}  fail ${fw.summary.fail} · manual ${fw.summary.manual} · pass ${fw.summary.pass} · not assessed ${fw.summary['not-assessed']}`);
    const shown = opts.all ? fw.controls : fw.controls.filter((c) => c.status !== 'not-assessed');
    for (const c of shown) {
      const ev = c.findingIds.length ? `  ${c.findingIds.length} finding${c.findingIds.length === 1 ? '' : 's'}: ${ruleList(c.findingIds, byId)}` : '';
      lines.push(`  ${c.status.toUpperCase().padEnd(12)} ${c.id.padEnd(22)} ${c.title ?? ''}${ev}`);
    }
    const hidden = fw.controls.length - shown.length;
    if (hidden > 0) lines.push(`  … ${hidden} controls not assessed by any rule (manual review; --all lists them)`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${(/^[=+\-@\t]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

/** One row per control, spreadsheet-safe (formula-leading cells are quoted and prefixed). */
export function formatComplianceCsv(rep: ComplianceReport): string {
  const byId = new Map(rep.findings.map((f) => [f.id, f as Finding]));
  const rows = [['framework', 'control', 'title', 'status', 'findings', 'rules', 'finding_ids']];
  for (const fw of rep.frameworks) for (const c of fw.controls) rows.push([fw.framework, c.id, c.title ?? '', c.status, String(c.findingIds.length), ruleList(c.findingIds, byId), c.findingIds.join(' ')]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A self-contained HTML page (no scripts, no external assets) an auditor can open or attach. */
export function formatComplianceHtml(rep: ComplianceReport): string {
  const byId = new Map(rep.findings.map((f) => [f.id, f]));
  const colour: Record<ControlStatus, string> = { fail: '#c0392b', manual: '#b9770e', pass: '#1e8449', 'not-assessed': '#7f8c8d' };
  const parts: string[] = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aispm compliance</title>',
    '<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}.s{font-weight:600}small{color:#666}</style></head><body>',
    `<h1>AI compliance report</h1><p><small>${esc(rep.targets.join(', '))} · generated ${esc(rep.generatedAt)} by aispm</small></p>`,
  ];
  parts.push('<table><tr><th>Framework</th><th>Assessed</th><th>Fail</th><th>Manual</th><th>Pass</th><th>Not assessed</th></tr>');
  for (const fw of rep.frameworks)
    parts.push(`<tr><td><a href="#${esc(fw.framework)}">${esc(fw.name ?? fw.framework)}</a></td><td>${fw.coverage?.assessed ?? 0}/${fw.coverage?.total ?? fw.controls.length}</td><td>${fw.summary.fail}</td><td>${fw.summary.manual}</td><td>${fw.summary.pass}</td><td>${fw.summary['not-assessed']}</td></tr>`);
  parts.push('</table>');
  for (const fw of rep.frameworks) {
    parts.push(`<h2 id="${esc(fw.framework)}">${esc(fw.name ?? fw.framework)} <small>${esc(fw.version ?? '')}</small></h2>`);
    parts.push('<table><tr><th>Control</th><th>Title</th><th>Status</th><th>Evidence</th></tr>');
    for (const c of fw.controls) {
      const ev = c.findingIds
        .slice(0, 10)
        .map((id) => byId.get(id))
        .filter((f): f is ComplianceReport['findings'][number] => Boolean(f))
        .map((f) => `${esc(f.severity)} <code>${esc(f.ruleId)}</code> ${esc(f.location.path ?? f.location.resource ?? '')}: ${esc(f.message)}`)
        .join('<br>');
      const more = c.findingIds.length > 10 ? `<br><small>+${c.findingIds.length - 10} more</small>` : '';
      parts.push(`<tr><td>${esc(c.id)}</td><td>${esc(c.title ?? '')}</td><td class="s" style="color:${colour[c.status]}">${esc(c.status)}</td><td>${ev}${more}</td></tr>`);
    }
    parts.push('</table>');
  }
  parts.push('</body></html>\n');
  return parts.join('\n');
}
