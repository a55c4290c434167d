import type { RuleMeta } from '../../core/index.js';

export const ENV_AI_KEY_NOT_COMMITTED: RuleMeta = {
  id: 'env_file_ai_key_not_committed',
  version: '1',
  title: 'AI provider keys are not stored in .env files in the repository',
  severity: 'high',
  category: 'secret',
  risk:
    'An AI provider key in a `.env` file that is not git-ignored (aispm honours .gitignore, so it saw this file) ends up ' +
    'in the repository, its forks and CI logs. A leaked key lets anyone spend the account\'s quota, read its stored files, ' +
    'fine-tunes and assistants, and send traffic under the organisation\'s name.',
  remediation:
    'Remove the value, add `.env` to .gitignore, commit only a `.env.example` with empty values, load the key from a ' +
    'secret manager in deployed environments, and rotate the key at the provider.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0055'] },
  references: ['https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
  source: 'env',
};

export const ENV_RULES: RuleMeta[] = [ENV_AI_KEY_NOT_COMMITTED];
