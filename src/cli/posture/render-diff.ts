import type { JsonValue } from '../../core/index.js';
import type { AssetChange, FindingRef, ScanDiff } from '../../store/index.js';

const MAX = 200;

const show = (v: JsonValue | undefined): string => (v === undefined ? '(unset)' : JSON.stringify(v));

function where(f: FindingRef): string {
  const l = f.location;
  let s = l.path ?? l.uri ?? '';
  if (l.line) s += `:${l.line}`;
  if (l.resource) s += s ? ` (${l.resource})` : l.resource;
  return s;
}

function changes(list: readonly AssetChange[], mark: string): string[] {
  const out: string[] = [];
  for (const c of list.slice(0, MAX)) {
    out.push(`  ${mark} ${c.kind}  ${c.name}${c.path && c.path !== c.name ? `  (${c.path})` : ''}`);
    for (const p of c.changes.slice(0, 20)) out.push(`      ${p.path}: ${show(p.before)} → ${show(p.after)}`);
    if (c.changes.length > 20) out.push(`      … and ${c.changes.length - 20} more properties`);
  }
  if (list.length > MAX) out.push(`  … and ${list.length - MAX} more (see --format json)`);
  return out;
}

/** The human view of a diff; `--format json` prints the ScanDiff object itself. */
export function renderDiff(d: ScanDiff): string {
  const lines: string[] = [];
  lines.push(`Drift${d.to.targetKey ? ` for ${d.to.targetKey}` : ''}`);
  lines.push(`  ${d.from ? `from scan ${d.from.id} (${d.from.at})` : 'from nothing (first scan)'}`);
  lines.push(`  to   scan ${d.to.id} (${d.to.at})`, '');
  const section = (title: string, n: number, body: string[]) => {
    if (!n) return;
    lines.push(`${title} (${n})`, ...body, '');
  };
  section('New AI assets', d.assets.added.length, d.assets.added.slice(0, MAX).map((a) => `  + ${a.kind}  ${a.name}${a.path && a.path !== a.name ? `  (${a.path})` : ''}`));
  section('Gone assets', d.assets.removed.length, d.assets.removed.slice(0, MAX).map((a) => `  - ${a.kind}  ${a.name}${a.path && a.path !== a.name ? `  (${a.path})` : ''}`));
  section('Configuration drift (before → after)', d.assets.changed.length, changes(d.assets.changed, '~'));
  section('MCP server definitions changed since the last scan — possible rug pull', d.mcp.length, changes(d.mcp, '!'));
  const f = d.findings;
  lines.push(`Findings: ${f.new.length} new, ${f.reopened.length} reopened, ${f.resolved.length} resolved`);
  const row = (label: string, x: FindingRef) => `  ${label.padEnd(9)} ${x.severity.padEnd(8)} ${x.ruleId}  ${where(x)}\n            ${x.message}`;
  for (const [label, list] of [['NEW', f.new], ['REOPENED', f.reopened], ['RESOLVED', f.resolved]] as const) {
    for (const x of list.slice(0, MAX)) lines.push(row(label, x));
    if (list.length > MAX) lines.push(`  … and ${list.length - MAX} more ${label.toLowerCase()} (see --format json)`);
  }
  const nothing = !d.assets.added.length && !d.assets.removed.length && !d.assets.changed.length && !f.new.length && !f.reopened.length && !f.resolved.length;
  if (nothing) lines.push('', 'No changes.');
  return `${lines.join('\n')}\n`;
}

/** Markdown-safe text for table cells and bullets (scanned values may hold markup). */
function md(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).slice(0, 300);
}

/** The diff as a pull-request comment (`aispm diff -f markdown`). */
export function renderDiffMarkdown(d: ScanDiff): string {
  const f = d.findings;
  const lines = [`### aispm drift — ${f.new.length} new, ${f.reopened.length} reopened, ${f.resolved.length} resolved findings`, ''];
  const assetLine = (mark: string, a: { kind: string; name: string; path?: string }) => `- ${mark} **${md(a.kind)}** ${md(a.name)}${a.path && a.path !== a.name ? ` (${md(a.path)})` : ''}`;
  if (d.assets.added.length) lines.push(`**New assets (${d.assets.added.length})**`, '', ...d.assets.added.slice(0, MAX).map((a) => assetLine('+', a)), '');
  if (d.assets.removed.length) lines.push(`**Gone assets (${d.assets.removed.length})**`, '', ...d.assets.removed.slice(0, MAX).map((a) => assetLine('−', a)), '');
  const drift = (title: string, list: readonly AssetChange[]) => {
    if (!list.length) return;
    lines.push(`**${title} (${list.length})**`, '');
    for (const c of list.slice(0, MAX)) {
      lines.push(assetLine('~', c));
      for (const p of c.changes.slice(0, 20)) lines.push(`  - \`${p.path.replace(/`/g, '')}\`: ${md(show(p.before))} → ${md(show(p.after))}`);
    }
    lines.push('');
  };
  drift('Configuration drift', d.assets.changed);
  drift('MCP server definitions changed — possible rug pull', d.mcp);
  const table = (title: string, list: readonly FindingRef[]) => {
    if (!list.length) return;
    lines.push(`**${title}**`, '', '| Severity | Rule | Where | Message |', '|---|---|---|---|');
    for (const x of list.slice(0, MAX)) lines.push(`| ${x.severity} | \`${x.ruleId.replace(/`/g, '')}\` | ${md(where(x))} | ${md(x.message)} |`);
    lines.push('');
  };
  table('New findings', f.new);
  table('Reopened findings', f.reopened);
  table('Resolved findings', f.resolved);
  lines.push(`<sub>${d.from ? `scan ${md(d.from.id)} → ` : ''}scan ${md(d.to.id)}</sub>`);
  return `${lines.join('\n')}\n`;
}
