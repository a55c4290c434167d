import type { Category, FindingStatus, Severity } from './vocabulary.js';
import type { Location } from './location.js';
import type { Properties } from './asset.js';

/** Framework id → control ids, e.g. `{ "owasp-llm-2025": ["LLM03"] }`. */
export type FrameworkMap = Record<string, string[]>;

/** One rule's verdict on one asset (or one path). DESIGN §3. */
export interface Finding {
  /** Stable fingerprint (see `findingFingerprint`). */
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  category: Category;
  status: FindingStatus;
  assetId: string;
  location: Location;
  /** What is wrong here. Never contains a full secret or personal value: mask first. */
  message: string;
  remediation: string;
  frameworks: FrameworkMap;
  /** Evidence: entity counts (`entities`), masked samples, a model verdict, offending globals, … */
  properties?: Properties;
}
