import { ASSET_KINDS, SEVERITIES, type Finding, type ScanResult } from '../core/index.js';
import { postureFields, whereText } from './posture-fields.js';
import { defineWriter } from './writer.js';

/**
 * One self-contained HTML file: inline CSS, no scripts, no external assets (a Content-Security-Policy
 * forbids loading anything), every scanned value escaped — file names and messages come from the
 * scanned estate and may be hostile.
 */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c4c9d4}
main{padding:20px 28px;max-width:1400px}section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;padding:14px 18px;margin-bottom:18px}
h2{font-size:16px;margin:0 0 10px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-size:12px;text-transform:uppercase;color:#5b6475}code{font:12px ui-monospace,Menlo,monospace;background:#f1f3f6;padding:1px 4px;border-radius:4px;word-break:break-all}
.sev{display:inline-block;border-radius:4px;padding:1px 7px;font-size:12px;font-weight:600;color:#fff}
.critical{background:#8b0000}.high{background:#d03b2f}.medium{background:#d98a00}.low{background:#3a74c9}.info{background:#7a8394}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e1e4ea;border-radius:8px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:22px}
.tag{display:inline-block;border:1px solid #c9ced8;border-radius:10px;padding:0 7px;font-size:12px;margin-right:4px;color:#3b4356}
.muted{color:#6b7385}details summary{cursor:pointer}
`;

function sevBadge(s: string): string {
  return `<span class="sev ${esc(s)}">${esc(s)}</span>`;
}

function findingRow(f: Finding, assetName: string | undefined): string {
  const p = postureFields(f);
  const tags = [p.lifecycle, p.exception && `${p.exception}${p.exceptionBy ? ` by ${p.exceptionBy}` : ''}${p.exceptionExpires ? ` until ${p.exceptionExpires}` : ''}`, p.baseline === 'existing' ? 'in baseline' : undefined, f.status === 'manual' ? 'manual review' : undefined]
    .filter(Boolean)
    .map((t) => `<span class="tag">${esc(t)}</span>`)
    .join('');
  const fw = Object.entries(f.frameworks).map(([k, v]) => `${esc(k)}: ${v.map(esc).join(', ')}`).join('<br>');
  return `<tr><td>${sevBadge(f.severity)}</td><td><code>${esc(f.ruleId)}</code><br>${esc(f.title)}<br>${tags}</td><td>${esc(f.message)}<div class="muted">${esc(f.remediation)}</div></td><td>${esc(assetName ?? f.assetId)}<br><code>${esc(whereText(f))}</code></td><td>${esc(p.owner ?? '—')}</td><td class="muted">${fw}</td></tr>`;
}

export function toHtml(result: ScanResult): string {
  const names = new Map(result.assets.map((a) => [a.id, a.name]));
  const failing = result.findings.filter((f) => f.status === 'fail' || f.status === 'manual');
  const active = failing.filter((f) => f.status === 'fail' && !postureFields(f).exception);
  const cards = SEVERITIES.map((s) => `<div class="card">${sevBadge(s)}<b>${active.filter((f) => f.severity === s).length}</b></div>`).join('');
  const excepted = failing.filter((f) => postureFields(f).exception).length;
  const byKind = new Map<string, number>();
  for (const a of result.assets) if (a.kind !== 'internet') byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
  const inventory = ASSET_KINDS.filter((k) => byKind.has(k))
    .map((k) => {
      const rows = result.assets
        .filter((a) => a.kind === k)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.provider)}${a.type ? ` · ${esc(a.type)}` : ''}</td><td><code>${esc(a.locations[0]?.path ?? a.locations[0]?.resource ?? a.locations[0]?.uri ?? '')}</code></td></tr>`)
        .join('');
      return `<details><summary><b>${esc(k)}</b> <span class="muted">(${byKind.get(k)})</span></summary><table><tr><th>Name</th><th>Provider</th><th>Where</th></tr>${rows}</table></details>`;
    })
    .join('');
  const sevRank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  const findingRows = [...failing].sort((a, b) => sevRank(a.severity) - sevRank(b.severity)).map((f) => findingRow(f, names.get(f.assetId))).join('');
  const paths = result.paths
    .map((p) => `<tr><td>${sevBadge(p.severity)}</td><td>${esc(p.title)}<div class="muted">${esc(p.explanation)}</div></td><td>${p.steps.map((s) => `${s.via ? `<span class="muted">─${esc(s.via)}→</span> ` : ''}${esc(names.get(s.assetId) ?? s.assetId)}`).join(' ')}</td><td>${esc(p.fix?.description ?? '')}</td></tr>`)
    .join('');
  const compliance = result.compliance
    .map((c) => {
      const n = (st: string) => c.controls.filter((x) => x.status === st).length;
      return `<tr><td>${esc(c.name ?? c.framework)}</td><td>${n('fail')}</td><td>${n('pass')}</td><td>${n('manual')}</td><td>${n('not-assessed')}</td></tr>`;
    })
    .join('');
  const issues = result.scan.issues.slice(0, 500).map((i) => `<tr><td><code>${esc(i.path)}</code></td><td>${esc(i.reason)}</td><td>${esc(i.message)}</td><td>${esc(i.source)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aispm report — ${esc(result.scan.targets.join(', '))}</title><style>${CSS}</style></head>
<body><header><h1>AI security posture — ${esc(result.scan.targets.join(', '))}</h1>
<p>aispm ${esc(result.tool.version)} · scan ${esc(result.scan.id)} · ${esc(result.scan.finishedAt)}</p></header><main>
<section><h2>Failing findings</h2><div class="cards">${cards}<div class="card">suppressed / accepted<b>${excepted}</b></div><div class="card">assets<b>${result.assets.filter((a) => a.kind !== 'internet').length}</b></div></div></section>
${paths ? `<section><h2>Attack paths (${result.paths.length})</h2><table><tr><th>Severity</th><th>Path</th><th>Steps</th><th>Fix</th></tr>${paths}</table></section>` : ''}
<section><h2>Findings (${failing.length})</h2>${findingRows ? `<table><tr><th>Severity</th><th>Rule</th><th>What</th><th>Where</th><th>Owner</th><th>Frameworks</th></tr>${findingRows}</table>` : '<p>Nothing failing.</p>'}</section>
<section><h2>AI inventory</h2>${inventory || '<p>No AI assets found.</p>'}</section>
${compliance ? `<section><h2>Compliance</h2><table><tr><th>Framework</th><th>Failing</th><th>Passing</th><th>Manual</th><th>Not assessed</th></tr>${compliance}</table></section>` : ''}
${issues ? `<section><h2>Skipped or partly read (${result.scan.issues.length})</h2><table><tr><th>Path</th><th>Reason</th><th>Message</th><th>Source</th></tr>${issues}</table></section>` : ''}
</main></body></html>
`;
}

export const htmlWriter = defineWriter({
  format: 'html',
  description: 'a single self-contained HTML report (no external assets)',
  extension: 'html',
  write: (result) => toHtml(result),
});
