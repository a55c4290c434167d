import type { Rule } from '../../engine/define-rule.js';
import { kubernetesRules as workloadRules } from './workload-rules.js';

/** Kubernetes AI workload rules over the normalised model. */
export const kubernetesRules: readonly Rule[] = [...workloadRules];
