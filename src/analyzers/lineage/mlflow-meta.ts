import { parse } from 'yaml';
import { assetId } from '../../core/index.js';

/** Small shared helpers and the asset ids of the MLflow readers (runs, registry, logged models). */

export type Dict = Record<string, unknown>;
export const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
export const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const mlflowRunId = (experimentId: string, runId: string) => assetId('training-job', 'mlflow', `${experimentId}/${runId}`);
export const mlflowModelId = (registeredName: string) => assetId('ai-model', 'mlflow', registeredName);
export const loggedModelId = (runId: string, artifactPath: string) => assetId('ai-model', 'mlflow', `runs:/${runId}/${artifactPath}`);

export function yamlDict(text: string | undefined): Dict | undefined {
  if (text === undefined) return undefined;
  try {
    const v = parse(text, { maxAliasCount: 50 }) as unknown;
    return isDict(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isoTime(ms: unknown): string | undefined {
  const n = typeof ms === 'number' ? ms : typeof ms === 'string' ? Number(ms) : NaN;
  return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : undefined;
}
