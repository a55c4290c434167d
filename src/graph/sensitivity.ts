import type { Asset, JsonValue } from '../core/index.js';

/** Data sensitivity levels the data inspector assigns, lowest first. */
export const SENSITIVITY_LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

export function sensitivityRank(s: unknown): number {
  return typeof s === 'string' ? SENSITIVITY_LEVELS.indexOf(s.toLowerCase() as Sensitivity) : -1;
}

export function maxSensitivity(a: Sensitivity | undefined, b: Sensitivity | undefined): Sensitivity | undefined {
  if (!a) return b;
  if (!b) return a;
  return sensitivityRank(a) >= sensitivityRank(b) ? a : b;
}

/** Entity counts from `properties.entities` (`{ EMAIL_ADDRESS: 12 }`), or an empty object. */
export function entitiesOf(a: Asset): Record<string, number> {
  const e = a.properties.entities;
  const out: Record<string, number> = {};
  if (e && typeof e === 'object' && !Array.isArray(e)) for (const [k, v] of Object.entries(e as Record<string, JsonValue>)) if (typeof v === 'number') out[k] = v;
  return out;
}

/**
 * The sensitivity of what an asset holds: its own `sensitivity`, what the graph joined onto it
 * (`heldSensitivity` on buckets holding sensitive datasets), or `confidential` when entity counts
 * show personal data but no level was given. Undefined when nothing is known.
 */
export function sensitivityOf(a: Asset): Sensitivity | undefined {
  let s: Sensitivity | undefined;
  for (const k of ['sensitivity', 'heldSensitivity', 'dataClassification', 'classification']) {
    const v = a.properties[k];
    if (typeof v === 'string' && sensitivityRank(v) >= 0) s = maxSensitivity(s, v.toLowerCase() as Sensitivity);
  }
  if (!s && Object.values(entitiesOf(a)).some((n) => n > 0)) s = 'confidential';
  return s;
}

/** True for data worth an attacker's path: confidential or restricted. */
export function isSensitive(a: Asset): boolean {
  return sensitivityRank(sensitivityOf(a)) >= 2;
}
