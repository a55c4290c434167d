import type { FrameworkMap, RuleMeta } from '../core/index.js';
import { resolveControlId, resolveFrameworkId } from './catalogue.js';

/** One framework mapping that points at nothing in the shipped catalogues. */
export interface MappingProblem {
  ruleId: string;
  framework: string;
  /** Absent when the framework itself is unknown. */
  control?: string;
  message: string;
}

/** Checks one framework map; returns a problem per unknown framework or control. */
export function checkFrameworkMap(ruleId: string, map: FrameworkMap): MappingProblem[] {
  const out: MappingProblem[] = [];
  for (const [fw, ids] of Object.entries(map)) {
    if (!resolveFrameworkId(fw)) {
      out.push({ ruleId, framework: fw, message: `${ruleId}: unknown framework "${fw}"` });
      continue;
    }
    if (!Array.isArray(ids)) {
      out.push({ ruleId, framework: fw, message: `${ruleId}: ${fw} mapping is not a list of control ids` });
      continue;
    }
    for (const c of ids) {
      if (typeof c !== 'string' || !resolveControlId(fw, c)) out.push({ ruleId, framework: fw, control: String(c), message: `${ruleId}: ${fw} has no control "${String(c)}"` });
    }
  }
  return out;
}

/** Every problem in every rule's mappings: a rule must never cite a control we do not ship. */
export function validateRuleMappings(rules: readonly Pick<RuleMeta, 'id' | 'frameworks'>[]): MappingProblem[] {
  return rules.flatMap((r) => checkFrameworkMap(r.id, r.frameworks ?? {}));
}
