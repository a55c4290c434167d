import { ASSET_KINDS, SEVERITIES, type Asset, type Finding, type ScanResult, type Severity } from '../core/index.js';
import { columns, paint, type Paint } from './ansi.js';
import { defineWriter } from './writer.js';
import { postureFields, whereText } from './posture-fields.js';

const MAX_PER_KIND = 12;
const MAX_FINDINGS = 60;

function sevColour(p: Paint, s: Severity): (x: string) => string {
  return s === 'critical' ? (x) => p.bold(p.red(x)) : s === 'high' ? p.red : s === 'medium' ? p.yellow : s === 'low' ? p.blue : p.dim;
}


function assetDetail(a: Asset): string {
  const p = a.properties;
  const bits = [a.provider, a.type, typeof p.version === 'string' ? p.version : undefined, typeof p.category === 'string' ? p.category : undefined].filter(Boolean);
  return bits.join(' · ');
}

function inventory(r: ScanResult, p: Paint): string[] {
  const out: string[] = [p.bold(`AI inventory — ${count(r.assets.length, 'asset')}`)];
  const byKind = new Map<string, Asset[]>();
  for (const a of r.assets) {
    if (a.kind === 'internet') continue;
    // Pushed, not copied: a copy per asset made 40,000 model assets take ten seconds here.
    const list = byKind.get(a.kind);
    if (list) list.push(a);
    else byKind.set(a.kind, [a]);
  }
  if (!byKind.size) return [...out, p.dim('  no AI assets found'), ''];
  for (const kind of ASSET_KINDS) {
    const list = byKind.get(kind);
    if (!list) continue;
    out.push(`  ${p.bold(kind)} ${p.dim(`(${list.length})`)}`);
    const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name));
    const rows = sorted.slice(0, MAX_PER_KIND).map((a) => [`    ${a.name}`, p.dim(assetDetail(a)), p.dim(a.locations[0]?.path ?? a.locations[0]?.resource ?? '')]);
    out.push(...columns(rows));
    if (list.length > MAX_PER_KIND) out.push(p.dim(`    … and ${list.length - MAX_PER_KIND} more (see --format json)`));
  }
  out.push('');
  return out;
}

/** Suppressed, accepted and baseline findings stay listed (nothing vanishes) but say why they do not gate. */
function exceptionNote(f: Finding, p: Paint): string {
  const pf = postureFields(f);
  if (pf.exception) {
    const who = pf.exceptionBy ? ` by ${pf.exceptionBy}` : '';
    const until = pf.exceptionExpires ? ` until ${pf.exceptionExpires}` : '';
    return p.dim(`  [${pf.exception}${who}${until}${pf.exceptionReason ? `: ${pf.exceptionReason}` : ''}]`);
  }
  if (pf.baseline === 'existing') return p.dim('  [in baseline]');
  if (pf.lifecycle === 'new' || pf.lifecycle === 'reopened') return p.magenta(`  [${pf.lifecycle}]`);
  return '';
}

function riskOf(f: Finding): number {
  return typeof f.properties?.riskScore === 'number' ? f.properties.riskScore : 0;
}

function findingsSection(r: ScanResult, p: Paint): string[] {
  const failing = r.findings.filter((f) => f.status === 'fail');
  const manual = r.findings.filter((f) => f.status === 'manual');
  const counts = SEVERITIES.map((s) => `${sevColour(p, s)(s)} ${failing.filter((f) => f.severity === s).length}`).join('  ');
  const excepted = failing.filter((f) => {
    const pf = postureFields(f);
    return pf.exception !== undefined || pf.baseline === 'existing';
  }).length;
  const notes = [manual.length ? `${manual.length} need manual review` : '', excepted ? `${excepted} suppressed, accepted or in baseline` : ''].filter(Boolean).join('; ');
  const out = [p.bold(`Findings — ${failing.length} failing`) + `   ${counts}` + (notes ? p.dim(`   (${notes})`) : '')];
  if (!failing.length) return [...out, p.green('  nothing failing'), ''];
  for (const sev of SEVERITIES) {
    // Within a severity, the findings on the most dangerous paths come first.
    const list = failing.filter((f) => f.severity === sev).sort((a, b) => riskOf(b) - riskOf(a));
    if (!list.length) continue;
    out.push(`  ${sevColour(p, sev)(sev.toUpperCase())} ${p.dim(`(${list.length})`)}`);
    for (const f of list.slice(0, MAX_FINDINGS)) {
      out.push(`    ${p.bold(f.ruleId)}  ${p.dim(whereText(f))}${exceptionNote(f, p)}`);
      out.push(`      ${f.message}`);
    }
    if (list.length > MAX_FINDINGS) out.push(p.dim(`    … and ${list.length - MAX_FINDINGS} more`));
  }
  out.push('');
  return out;
}

const MAX_PATHS = 8;
const MAX_FIXES = 3;

/**
 * Attack paths, led by the few fixes that close most of them ("fixing X closes 7 paths"), then
 * the top paths by score with their chain, the why of each hop and the single fix. Grouping is
 * by `fix.findingId` (else the fix text), the same key the path search uses.
 */
function pathsSection(r: ScanResult, p: Paint): string[] {
  if (!r.paths.length) return [];
  const sevCount = SEVERITIES.map((s) => [s, r.paths.filter((x) => x.severity === s).length] as const).filter(([, n]) => n > 0);
  const out = [p.bold(`Attack paths — ${r.paths.length}`) + `   ${sevCount.map(([s, n]) => `${sevColour(p, s)(s)} ${n}`).join('  ')}`];
  const names = new Map(r.assets.map((a) => [a.id, a.name]));
  const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
  const groups = new Map<string, { description: string; n: number; worst: Severity }>();
  for (const ap of r.paths) {
    if (!ap.fix) continue;
    const key = ap.fix.findingId ?? `${ap.fix.assetId ?? ''}|${ap.fix.description}`;
    const g = groups.get(key) ?? groups.set(key, { description: ap.fix.description, n: 0, worst: ap.severity }).get(key)!;
    g.n++;
    if (rank[ap.severity] > rank[g.worst]) g.worst = ap.severity;
  }
  const top = [...groups.values()].sort((a, b) => rank[b.worst] - rank[a.worst] || b.n - a.n).slice(0, MAX_FIXES);
  if (top.length) {
    out.push(`  ${p.bold('Fix first')}`);
    top.forEach((g, i) => out.push(`    ${i + 1}. ${g.description} ${p.dim(`— closes ${count(g.n, 'path')} (worst ${g.worst})`)}`));
  }
  for (const ap of r.paths.slice(0, MAX_PATHS)) {
    const score = ap.score !== undefined ? p.dim(` score ${ap.score.toFixed(2)}`) : '';
    out.push(`  ${sevColour(p, ap.severity)(ap.severity.toUpperCase())}${score}  ${ap.title}`);
    out.push(p.dim(`    ${ap.steps.map((s) => (s.via ? `─${s.via}→ ` : '') + (names.get(s.assetId) ?? s.assetId)).join(' ')}`));
    out.push(`    ${ap.explanation}`);
    if (ap.fix) out.push(`    ${p.green('fix:')} ${ap.fix.description}`);
  }
  if (r.paths.length > MAX_PATHS) out.push(p.dim(`  … and ${r.paths.length - MAX_PATHS} more (see --format json)`));
  out.push('');
  return out;
}

function issuesSection(r: ScanResult, p: Paint): string[] {
  const issues = r.scan.issues;
  if (!issues.length) return [];
  const byReason = new Map<string, number>();
  for (const i of issues) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + 1);
  const out = [p.bold(`Skipped or partly read — ${issues.length}`) + p.dim(`   ${[...byReason].map(([k, v]) => `${k} ${v}`).join(', ')}`)];
  for (const i of issues.slice(0, 15)) out.push(p.dim(`  ${i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`} [${i.source}]`));
  if (issues.length > 15) out.push(p.dim(`  … and ${issues.length - 15} more (see --format json)`));
  out.push('');
  return out;
}

/** The human view: the inventory grouped by kind, then top paths, then findings by severity. */
export const tableWriter = defineWriter({
  format: 'table',
  description: 'human-readable inventory, attack paths and findings (default)',
  extension: 'txt',
  write(result, opts) {
    const p = paint(opts.color);
    const s = result.scan.stats;
    // Paths lead (issue 6): the few fixes that close most paths are what a reader should see first.
    const lines = [
      ...pathsSection(result, p),
      ...inventory(result, p),
      ...findingsSection(result, p),
      ...issuesSection(result, p),
      p.dim(`Scanned ${count(s.filesSeen, 'file')} (${s.filesAnalyzed} analysed) in ${(s.durationMs / 1000).toFixed(2)}s · ${result.scan.targets.join(', ')}`),
    ];
    return `${lines.join('\n')}\n`;
  },
});

/** `1 asset`, `3 assets`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
