import type { ComplianceControlResult, ComplianceResult, Finding } from '../core/index.js';
import { frameworks as allFrameworks, resolveFrameworkId, type Framework } from './catalogue.js';
import { effectiveControls } from './mapping.js';

export interface RollUpOptions {
  /** Only these frameworks (ids or aliases); default all. */
  frameworks?: readonly string[];
}

interface Tally {
  fail: string[];
  manual: string[];
  pass: string[];
}

/**
 * Rolls findings up to every control of every catalogue. A control is `fail` when any failing
 * finding maps to it, else `manual` when one needs manual review, else `pass` when a rule checked
 * it and passed, else `not-assessed` (no rule of ours looks at it: an auditor must). `na` findings
 * assess nothing. The finding ids kept are those that decide the status (a failing control lists
 * its failures, not the passes beside them). Coverage is assessed controls over all controls.
 */
export function rollUpCompliance(findings: readonly Finding[], opts: RollUpOptions = {}): ComplianceResult[] {
  const wanted: Framework[] = opts.frameworks?.length
    ? allFrameworks.filter((f) => opts.frameworks!.some((w) => resolveFrameworkId(w) === f.id))
    : [...allFrameworks];
  const state = new Map<string, Map<string, Tally>>();
  for (const fw of wanted) state.set(fw.id, new Map());
  for (const f of findings) {
    if (f.status === 'na') continue;
    const status = f.status === 'fail' ? 'fail' : f.status === 'manual' ? 'manual' : 'pass';
    for (const [fw, ids] of effectiveControls(f)) {
      const m = state.get(fw);
      if (!m) continue;
      for (const id of ids) {
        const t = m.get(id) ?? m.set(id, { fail: [], manual: [], pass: [] }).get(id)!;
        t[status].push(f.id);
      }
    }
  }
  return wanted.map((fw) => {
    const m = state.get(fw.id)!;
    let assessed = 0;
    const controls: ComplianceControlResult[] = fw.controls.map((c) => {
      const t = m.get(c.id);
      const status = !t ? 'not-assessed' : t.fail.length ? 'fail' : t.manual.length ? 'manual' : t.pass.length ? 'pass' : 'not-assessed';
      if (status !== 'not-assessed') assessed++;
      const ids = status === 'fail' ? t!.fail : status === 'manual' ? t!.manual : status === 'pass' ? t!.pass : [];
      return { id: c.id, title: c.title, status, findingIds: [...new Set(ids)] };
    });
    return { framework: fw.id, name: fw.name, controls, coverage: { assessed, total: fw.controls.length } };
  });
}
