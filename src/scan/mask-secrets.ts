import { builtinSecretRules, maskSpans, SecretEngine } from '../inspectors/data/index.js';

let engine: SecretEngine | undefined;

/** The built-in rules' engine, compiled on first use (a scan without history never needs it). */
function builtin(): SecretEngine {
  return (engine ??= new SecretEngine(builtinSecretRules));
}

/** Whether the built-in rules find a secret in `text` (a cheap gate before a full inspection). */
export function hasSecrets(text: string): boolean {
  return builtin().scan(text).length > 0;
}

/**
 * `text` with every secret the built-in rules find in it masked (`sk-pr…9Qa`): for text a report
 * quotes that is not itself scanned as a file, such as a commit's subject line (a key pasted into a
 * commit message must not come out whole in a finding about another file).
 */
export function maskSecretsIn(text: string): string {
  return maskSpans(text, builtin().scan(text));
}
