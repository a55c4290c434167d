import { SEVERITIES, type ScanResult } from '../../core/index.js';
import { isGating } from '../../store/index.js';

/**
 * `--group-by owner` for the table output: failing findings per owner, worst first, with the
 * rules behind them; suppressed / accepted / baseline findings are counted apart.
 */
export function ownerSection(result: ScanResult): string {
  const groups = new Map<string, { sev: Record<string, number>; rules: Map<string, number>; excepted: number }>();
  for (const f of result.findings) {
    if (f.status !== 'fail') continue;
    const owner = typeof f.properties?.owner === 'string' ? f.properties.owner : '(no owner)';
    const g = groups.get(owner) ?? { sev: {}, rules: new Map<string, number>(), excepted: 0 };
    groups.set(owner, g);
    if (!isGating(f)) {
      g.excepted++;
      continue;
    }
    g.sev[f.severity] = (g.sev[f.severity] ?? 0) + 1;
    g.rules.set(f.ruleId, (g.rules.get(f.ruleId) ?? 0) + 1);
  }
  const score = (s: Record<string, number>) => SEVERITIES.map((x) => s[x] ?? 0);
  const order = [...groups.entries()].sort((a, b) => {
    const sa = score(a[1].sev);
    const sb = score(b[1].sev);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i]! - sa[i]!;
    return a[0].localeCompare(b[0]);
  });
  const lines = [`Findings by owner — ${groups.size} owner${groups.size === 1 ? '' : 's'}`];
  for (const [owner, g] of order) {
    const counts = SEVERITIES.filter((s) => g.sev[s]).map((s) => `${s} ${g.sev[s]}`).join(', ') || 'nothing failing';
    lines.push(`  ${owner}  ${counts}${g.excepted ? `  (+${g.excepted} suppressed/accepted/baseline)` : ''}`);
    const top = [...g.rules.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
    for (const [rule, n] of top) lines.push(`    ${rule}${n > 1 ? ` ×${n}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
