import type { RuleMeta } from '../../core/index.js';

/** Raised per AI package declared in a manifest (not a lockfile). */
export const AI_PACKAGE_VERSION_PINNED: RuleMeta = {
  id: 'ai_package_version_pinned',
  version: '1',
  title: 'AI/ML packages are pinned to an exact version',
  severity: 'low',
  category: 'supply-chain',
  risk:
    'An AI SDK or ML framework declared without an exact version installs whatever the registry serves next, ' +
    'including a hijacked or typosquatted release. AI packages are prime supply-chain targets (malicious PyTorch ' +
    'nightly dependencies, compromised LLM SDK releases) and often load models or run code at import time.',
  remediation:
    'Pin the exact version (`torch==2.4.1`, `"openai": "4.67.3"`) or commit a lockfile with hashes ' +
    '(poetry.lock, uv.lock, package-lock.json) and install from it in CI (`pip install --require-hashes`, `npm ci`).',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010', 'AML.T0010.001'] },
  references: ['https://genai.owasp.org/llmrisk/llm032025-supply-chain/'],
  source: 'deps',
};

export const DEPS_RULES: RuleMeta[] = [AI_PACKAGE_VERSION_PINNED];
