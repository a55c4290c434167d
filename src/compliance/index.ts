import type { ComplianceResult, Finding } from '../core/index.js';

/** Rolls findings up to framework controls. Filled in with the framework catalogues. */
export function rollUpCompliance(_findings: readonly Finding[]): ComplianceResult[] {
  return [];
}
