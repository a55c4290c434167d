import type { ScanResult } from '../core/index.js';
import { postureFields, whereText } from './posture-fields.js';
import { defineWriter } from './writer.js';

/**
 * RFC 4180 CSV: one row per finding (every status, so a spreadsheet can filter), CRLF line ends,
 * quoted when needed. A cell that a spreadsheet would treat as a formula (= + - @, tab, CR) gets a
 * leading apostrophe: scanned file names and messages are attacker-controlled (CSV injection).
 */
export const CSV_COLUMNS = [
  'id', 'severity', 'status', 'lifecycle', 'exception', 'owner', 'rule_id', 'title', 'category', 'asset_id', 'asset_kind',
  'asset_name', 'location', 'path', 'line', 'resource', 'message', 'remediation', 'frameworks', 'first_seen', 'last_seen',
] as const;

export function csvCell(v: string | number | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(result: ScanResult): string {
  const assets = new Map(result.assets.map((a) => [a.id, a]));
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const f of result.findings) {
    const a = assets.get(f.assetId);
    const p = postureFields(f);
    const frameworks = Object.entries(f.frameworks).map(([k, v]) => `${k}:${v.join('|')}`).join('; ');
    const cells = [
      f.id, f.severity, f.status, p.lifecycle, p.exception, p.owner, f.ruleId, f.title, f.category, f.assetId, a?.kind, a?.name,
      whereText(f), f.location.path, f.location.line, f.location.resource, f.message, f.remediation, frameworks, p.firstSeen, p.lastSeen,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

export const csvWriter = defineWriter({
  format: 'csv',
  description: 'one row per finding (spreadsheets, ticket imports)',
  extension: 'csv',
  write: (result) => toCsv(result),
});
