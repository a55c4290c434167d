import { BARE_NAME, HEADER, HEALTH, LOCATION, PERSON, headerKey } from './column-headers.js';
import type { ColumnStat } from './part.js';

/** A column's verdict: what it holds, by header and by the share of values that validate. */
export interface ColumnClass {
  name: string;
  entity: string;
  /** Share of non-empty values that validated as `entity` (0 for header-only classes). */
  share: number;
  count: number;
  /** Classified from the header alone (names, addresses): no value check exists for them. */
  headerOnly: boolean;
  /** A clinical column (diagnosis, medication, procedure…). */
  health: boolean;
  line?: number;
}

/**
 * Classifies each column: a value-based class wins when at least half the non-empty values
 * validate; otherwise the header decides (that is how names and addresses are caught). Columns
 * with neither stay out of the list. Headers are compared folded (`Téléphone` as `telephone`, see
 * column-headers.ts), in English and the main European languages.
 */
export function classifyColumns(stats: readonly ColumnStat[], _rows: number): ColumnClass[] {
  const out: ColumnClass[] = [];
  const byName = new Map<string, ColumnStat>();
  for (const s of stats) {
    const prev = byName.get(s.name);
    if (!prev) byName.set(s.name, { ...s, hits: { ...s.hits } });
    else {
      prev.nonEmpty += s.nonEmpty;
      for (const [k, v] of Object.entries(s.hits)) prev.hits[k] = (prev.hits[k] ?? 0) + v;
    }
  }
  for (const s of byName.values()) {
    const leaf = headerKey(s.name);
    const health = HEALTH.test(leaf);
    let best = '';
    let bestN = 0;
    for (const [e, n] of Object.entries(s.hits)) if (n > bestN) [best, bestN] = [e, n];
    const share = s.nonEmpty ? bestN / s.nonEmpty : 0;
    const header = HEADER.find(([re]) => re.test(leaf))?.[1];
    if (best && share >= 0.5) out.push({ name: s.name, entity: best, share: Number(share.toFixed(2)), count: bestN, headerOnly: false, health });
    else if (header) out.push({ name: s.name, entity: header, share: Number((s.nonEmpty ? (s.hits[header] ?? 0) / s.nonEmpty : 0).toFixed(2)), count: s.hits[header] ?? 0, headerOnly: false, health });
    else if (PERSON.test(leaf) && s.nonEmpty) out.push({ name: s.name, entity: 'PERSON', share: 0, count: s.nonEmpty, headerOnly: true, health });
    else if (LOCATION.test(leaf) && s.nonEmpty) out.push({ name: s.name, entity: 'LOCATION', share: 0, count: s.nonEmpty, headerOnly: true, health });
    else if (health) out.push({ name: s.name, entity: 'HEALTH_CONDITION', share: 0, count: s.nonEmpty, headerOnly: false, health });
  }
  // A bare `name` names whatever the table lists (airports, products, cities: vega's airports.csv
  // has iata,name,city,state…): it is a person's name only beside something else about people.
  const bare = (c: ColumnClass) => c.entity === 'PERSON' && BARE_NAME.test(headerKey(c.name));
  return out.some((c) => !bare(c)) ? out : out.filter((c) => !bare(c));
}
