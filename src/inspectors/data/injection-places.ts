import { MAX_INJECTION_PLACES, type InjectionOcc, type Where } from './part.js';

/**
 * Every place an injection indicator's text occurs, for its one finding: an instruction pasted
 * into 1,235 rows of a table was one finding naming the first row, and a reader fixing that row
 * believed the file clean. The finding stays one per indicator (its id is the rule, the file and
 * the text: DESIGN §3); it counts the occurrences and lists the first few places.
 */

/** Whether a further place of `occ` is still listed (its position need not be worked out otherwise). */
export function wantsPlace(occ: InjectionOcc): boolean {
  return (occ.more?.length ?? 0) < MAX_INJECTION_PLACES - 1;
}

/**
 * Adds `n` occurrences to `occ`, at `places` (listed while there is room). A place keeps no field:
 * field names come from the file and are masked where a finding's first place names one
 * (`field-names.ts`), and a repeat's field is most often the first one's.
 */
export function addPlaces(occ: InjectionOcc, n: number, places: readonly Where[]): void {
  occ.count = (occ.count ?? 1) + n;
  for (const w of places) {
    if (!wantsPlace(occ)) break;
    const { field: _field, ...place } = w;
    (occ.more ??= []).push(place);
  }
}

/** A place as a message says it: `line 9:123`, else `row 4`, else `cell 2`. */
function placeText(w: Where): string {
  if (w.line !== undefined) return `line ${w.line}${w.column !== undefined ? `:${w.column}` : ''}`;
  if (w.row !== undefined) return `row ${w.row}`;
  return w.cell !== undefined ? `cell ${w.cell}` : '?';
}

/** What a finding adds about the other places: `; 1235 times, also at line 210:146, line 318:9, …`. */
export function placesText(occ: InjectionOcc): string {
  const n = occ.count ?? 1;
  if (n < 2) return '';
  const more = occ.more ?? [];
  const listed = more.map(placeText).join(', ');
  return `; ${n} times${listed ? `, also at ${listed}${n - 1 > more.length ? ', …' : ''}` : ''}`;
}
