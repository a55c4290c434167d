import type { FrameworkMap } from '../../../core/index.js';

/**
 * Framework mappings shared by the cloud rules (OWASP Top 10 for LLM Applications 2025 and MITRE
 * ATLAS ids; the compliance catalogue validates every id). Grouped by the concern a rule guards.
 */
export const FW = {
  /** A model, notebook or AI service reachable from the internet. */
  exposure: { 'owasp-llm-2025': ['LLM02', 'LLM10'], 'mitre-atlas': ['AML.T0040', 'AML.T0049', 'AML.M0019'] },
  /** Data or weights at rest without customer-managed keys. */
  encryption: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0035', 'AML.M0012', 'AML.M0005'] },
  /** Over-broad identities running AI workloads or reaching AI data. */
  identity: { 'owasp-llm-2025': ['LLM06', 'LLM02'], 'mitre-atlas': ['AML.T0012', 'AML.M0005', 'AML.M0026'] },
  /** Keys and local auth instead of identity-based access. */
  keyAuth: { 'owasp-llm-2025': ['LLM02', 'LLM10'], 'mitre-atlas': ['AML.T0055', 'AML.T0012', 'AML.M0019'] },
  /** Audit and invocation logging. */
  logging: { 'owasp-llm-2025': ['LLM10'], 'mitre-atlas': ['AML.M0024'] },
  /** Prompt-attack and jailbreak filtering. */
  promptGuard: { 'owasp-llm-2025': ['LLM01'], 'mitre-atlas': ['AML.T0051', 'AML.T0054', 'AML.M0020'] },
  /** Harmful-content filtering. */
  contentGuard: { 'owasp-llm-2025': ['LLM01', 'LLM05'], 'mitre-atlas': ['AML.T0048', 'AML.M0020'] },
  /** PII and secrets filtering of prompts and answers. */
  piiGuard: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0057', 'AML.M0020'] },
  /** Grounding / hallucination checks. */
  grounding: { 'owasp-llm-2025': ['LLM09'], 'mitre-atlas': ['AML.T0062', 'AML.M0020'] },
  /** Training data and model stores others could write to (poisoning). */
  dataIntegrity: { 'owasp-llm-2025': ['LLM04', 'LLM02'], 'mitre-atlas': ['AML.T0020', 'AML.T0036', 'AML.M0005'] },
  /** Network isolation of training and inference containers (exfiltration). */
  isolation: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0025', 'AML.M0019'] },
  /** What runs is pinned and verified. */
  supplyChain: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010', 'AML.M0014'] },
  /** Container escape and host access from AI workloads. */
  container: { 'mitre-atlas': ['AML.T0105', 'AML.M0019'] },
  /** Credentials in plain configuration. */
  secrets: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0055', 'AML.M0012'] },
  /** Availability and cost of model serving. */
  availability: { 'owasp-llm-2025': ['LLM10'], 'mitre-atlas': ['AML.T0029', 'AML.T0034', 'AML.M0004'] },
  /** Agents acting with too much power. */
  agency: { 'owasp-llm-2025': ['LLM06'], 'mitre-atlas': ['AML.T0053', 'AML.M0026'] },
} satisfies Record<string, FrameworkMap>;
