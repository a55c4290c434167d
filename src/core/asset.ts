import type { AssetKind, RelationKind } from './vocabulary.js';
import type { Location } from './location.js';

/** Typed-enough properties: JSON values only, so every asset serialises. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type Properties = { [k: string]: JsonValue | undefined };

/**
 * One thing in the AI estate. `id` is stable across scans: derived from kind + provider +
 * canonical locator (see `assetId`), never from a counter or a line number.
 */
export interface Asset {
  id: string;
  kind: AssetKind;
  name: string;
  /** Which vendor or platform: `openai`, `aws`, `azure`, `gcp`, `huggingface`, `local`, `pypi`, … */
  provider: string;
  /** Which product of the provider: `pytorch`, `aws_sagemaker_notebook_instance`, `vllm`, … */
  type?: string;
  locations: Location[];
  properties: Properties;
}

/** A directed, typed edge between two assets. */
export interface Relation {
  from: string;
  to: string;
  kind: RelationKind;
  properties?: Properties;
}
