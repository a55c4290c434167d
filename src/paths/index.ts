import type { AttackPath, Finding } from '../core/index.js';
import type { AssetGraph } from '../graph/index.js';

/** Attack paths from entry points to crown jewels. Filled in by the security-graph work. */
export function findAttackPaths(_graph: AssetGraph, _findings: readonly Finding[]): AttackPath[] {
  return [];
}
