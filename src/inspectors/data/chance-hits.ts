import { piiKey, type PartResult } from './part.js';

/**
 * Hits that passed a one-in-ten check by chance. A DEA number, an NPI, a SIN or an Aadhaar number
 * is its shape plus a single check digit, which a random value of the shape passes one time in
 * ten. A column of student numbers shaped like DEA numbers (`R93921026`: a letter, a 9, seven
 * digits — a Taiwanese university's grade list) then gave 21 "valid DEA numbers" out of 200, each
 * a high-severity PHI finding that made the file restricted. Real identifiers pass their check
 * (almost) every time; so where a group's values failed it far more often than they passed, the
 * passes are the tenth that chance lets through, and the group is dropped.
 */

/** Failures below this tell nothing (a few typos among real ids). */
const MIN_MISSES = 10;
/** Pass rate below which the passes are taken for chance: ten times what chance gives is 1, half of it is far above 0.1. */
const MAX_CHANCE_RATE = 0.5;

/** The part without its groups whose passes are chance (the same object when there are none). */
export function withoutChanceHits(part: PartResult): PartResult {
  const misses = part.shapeMisses;
  if (!misses) return part;
  const kept = part.pii.filter((g) => {
    const n = misses[piiKey(g.entity, g.field, g.otherFields)] ?? 0;
    return n < MIN_MISSES || g.count / (g.count + n) >= MAX_CHANCE_RATE;
  });
  return kept.length === part.pii.length ? part : { ...part, pii: kept };
}
