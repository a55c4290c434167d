import { SEVERITIES, type Finding, type ScanResult } from '../core/index.js';
import { postureFields, whereText } from './posture-fields.js';
import { defineWriter } from './writer.js';

const MAX_ROWS = 30;

/** Escapes text for a Markdown table cell (no HTML, no pipes, no line breaks, no auto-links). */
export function mdCell(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .slice(0, 300);
}

function rows(list: readonly Finding[]): string[] {
  const out = ['| Severity | Rule | Where | Owner | Message |', '|---|---|---|---|---|'];
  for (const f of list.slice(0, MAX_ROWS)) {
    const p = postureFields(f);
    out.push(`| ${f.severity} | \`${f.ruleId.replace(/`/g, '')}\` | ${mdCell(whereText(f) || f.assetId)} | ${mdCell(p.owner ?? '—')} | ${mdCell(f.message)} |`);
  }
  if (list.length > MAX_ROWS) out.push(`\n… and ${list.length - MAX_ROWS} more (see the full report).`);
  return out;
}

/**
 * A pull-request comment: counts by severity, then what is new in this scan (when the store gave
 * findings a lifecycle, or a --baseline marked them) — otherwise every failing finding — with
 * suppressed / accepted ones counted but not listed. Safe to paste: every scanned value is escaped.
 */
export function toMarkdown(result: ScanResult): string {
  const failing = result.findings.filter((f) => f.status === 'fail');
  const active = failing.filter((f) => !postureFields(f).exception && postureFields(f).baseline !== 'existing');
  const excepted = failing.length - failing.filter((f) => !postureFields(f).exception).length;
  const known = active.some((f) => postureFields(f).lifecycle || postureFields(f).baseline);
  const fresh = known ? active.filter((f) => ['new', 'reopened'].includes(postureFields(f).lifecycle ?? '') || postureFields(f).baseline === 'new') : active;
  const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  fresh.sort((a, b) => rank(a.severity) - rank(b.severity));
  const lines = [`### aispm — ${fresh.length ? `${fresh.length} ${known ? 'new ' : ''}finding${fresh.length === 1 ? '' : 's'}` : 'nothing new'}`, ''];
  lines.push(`| ${SEVERITIES.join(' | ')} | suppressed / accepted |`, `|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  lines.push(`| ${SEVERITIES.map((s) => active.filter((f) => f.severity === s).length).join(' | ')} | ${excepted} |`, '');
  if (fresh.length) lines.push(`**${known ? 'New or reopened in this scan' : 'Failing findings'}**`, '', ...rows(fresh), '');
  const reopened = fresh.filter((f) => postureFields(f).lifecycle === 'reopened').length;
  if (reopened) lines.push(`${reopened} of these were resolved or excepted before and came back.`, '');
  if (result.paths.length) {
    lines.push('<details><summary>Attack paths</summary>', '');
    for (const p of result.paths.slice(0, 10)) lines.push(`- **${p.severity}** ${mdCell(p.title)}`);
    lines.push('', '</details>', '');
  }
  const assets = result.assets.filter((a) => a.kind !== 'internet').length;
  lines.push(`<sub>aispm ${mdCell(result.tool.version)} · ${assets} AI assets · scan ${mdCell(result.scan.id)}</sub>`);
  return `${lines.join('\n')}\n`;
}

export const markdownWriter = defineWriter({
  format: 'markdown',
  description: 'a Markdown summary for pull-request comments',
  extension: 'md',
  write: (result) => toMarkdown(result),
});
