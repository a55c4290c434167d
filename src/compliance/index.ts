/** Framework catalogues (data in ./frameworks) and the roll-up of findings to their controls. */
export { frameworks, getFramework, getControl, resolveFrameworkId, resolveControlId, type Framework, type Control } from './catalogue.js';
export { effectiveControls, normaliseFrameworkMap } from './mapping.js';
export { rollUpCompliance, type RollUpOptions } from './roll-up.js';
export { validateRuleMappings, checkFrameworkMap, type MappingProblem } from './validate.js';
export { complianceReport, formatComplianceTable, formatComplianceCsv, formatComplianceHtml, type ComplianceReport } from './format.js';
