import { ROW_KEYS } from './json.js';

/** Keys under which YAML datasets keep their records, beside JSON's (Rasa, promptfoo, eval sets). */
export const YAML_ROW_KEYS: readonly string[] = [...ROW_KEYS, 'nlu', 'tests', 'conversations', 'samples', 'prompts', 'cases'];

/**
 * A top-level list item, or one of the record keys at the left margin opening a list (`train:`
 * opening a map of settings is configuration, DVC's `params.yaml`).
 */
const RECORDS_START = new RegExp(`^(?:- |-\\r?$|(?:${YAML_ROW_KEYS.join('|')}):[ \\t]*(?:#.*)?\\r?\\n(?:[ \\t]*(?:#.*)?\\r?\\n)*[ \\t]*- )`, 'm');

/**
 * Whether a YAML file's first bytes hold records (a top-level list, or `nlu:`, `examples:` …
 * opening a list): a data folder also keeps YAML that describes data rather than holding it
 * (MLflow's `datasets/<id>/meta.yaml`, DVC's `params.yaml`), and that is configuration, read for
 * secrets only, never a dataset of its own.
 */
export function yamlRecordsHead(head: Uint8Array | undefined): boolean {
  if (!head) return false;
  return RECORDS_START.test(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8'));
}
