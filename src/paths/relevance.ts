import { SEVERITY_RANK, type Category, type Finding, type RelationKind } from '../core/index.js';
import type { EntryPoint } from './points.js';

/**
 * Which finding categories explain a hop: an exposure finding explains `exposed-to`, an identity
 * finding `runs-as` / `can-access`, a poisoning finding `trained-on`. A notebook's missing KMS
 * key is true but says nothing about how an attacker walks this path, so it is not cited.
 */
const HOP: Partial<Record<RelationKind, readonly Category[]>> = {
  'exposed-to': ['exposure'],
  'runs-as': ['identity'],
  'can-access': ['identity'],
  reads: ['identity', 'exposure'],
  writes: ['identity', 'exposure'],
  'trained-on': ['poisoning', 'sensitive-data'],
  'produced-by': ['supply-chain', 'poisoning'],
  serves: ['exposure', 'unsafe-model', 'supply-chain', 'runtime', 'guardrail'],
  'uses-model': ['unsafe-model', 'supply-chain', 'guardrail'],
  'has-tool': ['agency'],
  'retrieves-from': ['poisoning', 'agency', 'guardrail'],
  indexes: ['poisoning', 'sensitive-data'],
  calls: ['secret', 'exposure'],
};

const ENTRY: Record<EntryPoint['kind'], readonly Category[]> = {
  internet: ['exposure'],
  'leaked-credential': ['secret'],
  'unauthenticated-server': ['exposure', 'identity'],
  'writable-data': ['identity', 'poisoning', 'exposure'],
  'untrusted-model': ['unsafe-model', 'supply-chain'],
  'untrusted-content': ['agency', 'guardrail', 'runtime'],
};

const USE: ReadonlySet<RelationKind> = new Set<RelationKind>(['can-access', 'writes', 'reads', 'calls', 'has-tool']);

/** What makes the target worth having: the data or weights findings on the crown jewel. */
const PRIZE: readonly Category[] = ['sensitive-data', 'secret', 'poisoning', 'unsafe-model'];

export interface Attribution {
  /** Relevant failing findings per step (node). */
  perStep: Finding[][];
  /** Rule ids to cite per hop (index = the step the hop enters). */
  perHop: string[][];
}

/**
 * Picks, for each step of a path, the failing findings that make the hop into or out of it
 * possible (or make the target valuable), and the hop each one explains. `entryAt` is the index
 * of the entry asset (1 when the path starts at the internet node).
 */
export function attributeFindings(nodeIds: readonly string[], hopKinds: readonly RelationKind[], entry: EntryPoint, entryAt: number, byAsset: ReadonlyMap<string, Finding[]>): Attribution {
  const perStep: Finding[][] = nodeIds.map(() => []);
  const perHop: string[][] = nodeIds.map(() => []);
  const last = nodeIds.length - 1;
  nodeIds.forEach((id, k) => {
    // Most telling first: on the target, what makes it a prize; everywhere, the worst first.
    const prizeRank = (f: Finding) => (k === last ? (PRIZE.indexOf(f.category) + 1 || 9) : 0);
    const fs = [...(byAsset.get(id) ?? [])].sort((a, b) => prizeRank(a) - prizeRank(b) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    for (const f of fs) {
      if (f.severity === 'info') continue;
      const cat = f.category;
      let at: number | undefined;
      if (k === entryAt && ENTRY[entry.kind].includes(cat)) at = Math.max(1, k);
      // A privilege is explained where it is used: the admin role's finding on its can-access.
      else if (k < last && USE.has(hopKinds[k]!) && HOP[hopKinds[k]!]?.includes(cat)) at = k + 1;
      else if (k > 0 && HOP[hopKinds[k - 1]!]?.includes(cat)) at = k;
      else if (k < last && HOP[hopKinds[k]!]?.includes(cat)) at = k + 1;
      else if (k === last && PRIZE.includes(cat)) at = k;
      if (at === undefined) continue;
      perStep[k]!.push(f);
      if (!perHop[at]!.includes(f.ruleId)) perHop[at]!.push(f.ruleId);
    }
  });
  return { perStep, perHop };
}
