import type { PoisonHit } from './dataset.js';

/** Near-duplicate pairs whose records both carry a label (copies multiplied out), and those whose labels differ. */
export interface PairLabels {
  pairs: number;
  conflicts: number;
}

/** Chance conflicts below which the test cannot tell a label that follows the text from one that does not. */
const MIN_EXPECTED = 10;
/**
 * Labels follow the text when near-duplicates disagree less than this share of chance. An effect
 * size, not a significance test: pairs share records (one odd label among forty copies makes 39
 * conflicting pairs), so their count's variance is far above a binomial's, and a 2σ test called
 * random labels (13.9 % of 1,920 pairs against 18 % by chance) labels that follow the text. With
 * two even labels, a flipped share f gives 2f(1 − f) conflicts: half of chance is f ≈ 15 %.
 */
const FOLLOW_BELOW = 0.5;

/**
 * The chance that two labelled records' labels differ were each drawn by the labels' shares
 * (1 − Σ p², Gini's impurity): the conflict rate of near-duplicates whose labels have nothing to
 * do with their text.
 */
export function chanceOfConflict(labelOf: Int32Array, n: number, labels: number): number {
  const count = new Float64Array(labels);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const l = labelOf[i]!;
    if (l < 0) continue;
    count[l]!++;
    total++;
  }
  let same = 0;
  for (const c of count) same += (c / (total || 1)) ** 2;
  return 1 - same;
}

/**
 * Whether the label column does not follow the record text: near-duplicates disagree about as
 * often as random labels would. A label a text's class is, with a few flipped, makes similar texts
 * agree far more often than chance; the flips are the exceptions a conflicting-labels finding
 * reports. A table's category column beside a templated description (GDAL's S-57 object classes:
 * lists of attribute codes shared across categories) disagrees at chance (70 of 427 pairs,
 * chance 17 %): its conflicts are no label flips, only a sign the column is not the text's label.
 * Exact copies do not enter the test: a copied row carries its label along, whether or not the
 * label follows the text. Too few pairs to expect ten chance conflicts decide nothing (a
 * poisoned file's one flipped pair is reported).
 */
export function labelsIgnoreText(p: PairLabels, chance: number): boolean {
  const expected = p.pairs * chance;
  if (expected < MIN_EXPECTED) return false;
  return p.conflicts >= FOLLOW_BELOW * expected;
}

/**
 * The findings with conflicting-label ones folded into the duplicate findings as a note, for a
 * label column that does not follow the text: duplicates are still duplicates, but records that
 * "carry different labels" are then no evidence of flipped labels.
 */
export function foldConflicts(hits: PoisonHit[], p: PairLabels, chance: number): PoisonHit[] {
  const conflicts = hits.filter((h) => h.kind === 'conflicting-labels');
  const out = hits.filter((h) => h.kind !== 'conflicting-labels');
  for (const c of conflicts) {
    const exact = c.properties?.similarity === 1;
    const dup = out.find((h) => h.kind === (exact ? 'exact-duplicates' : 'near-duplicates'));
    if (!dup) continue;
    const note = exact
      ? `; labels differ within ${c.count} of the groups`
      : `; ${c.count} of ${p.pairs} labelled pairs carry different labels, about as many as labels unrelated to the text would (${Math.round(100 * chance)}%): the label column does not follow the record text`;
    const i = out.indexOf(dup);
    out[i] = { ...dup, detail: dup.detail + note, properties: { ...dup.properties, labelConflicts: c.count, labelsFollowText: false } };
  }
  return out;
}
