/**
 * Words that start with a context word and are other words. A field name may run a context word
 * on into the next (`phonenumber`, `mobilnummer`, `cardholder`: context.ts's hasContext takes any
 * continuation there), so `mobility_score` read as a mobile number's column and `callback_url` as a
 * phone's. Listed by their start, ASCII-folded: each covers its family (`mobilite`, `mobilitat`,
 * `mobility`). Running text needs no list: there a context word must end its word or take an
 * inflection (context.ts's INFLECTIONS), which none of these is.
 */
export const FALSE_COMPOUNDS: readonly string[] = [
  // `mobil` (de, sv, da, no): mobility, mobilité, Mobilität, mobilisation, mobilier (furniture).
  'mobilit', 'mobilis', 'mobiliz', 'mobilier',
  // `cell`: a sheet's or a grid's cells, a cellar.
  'cells', 'cellar',
  // `call`: code's callbacks and allocators.
  'callback', 'calloc',
  // `phone`: linguistics' phonemes and phonetics.
  'phonem', 'phonet',
  // `condition` (ICD-10): a build's or a formula's conditionals.
  'conditional',
];

/** Whether the word of normalised text `ctx` that starts at `from` (after its space) is one of FALSE_COMPOUNDS. */
export function falseCompoundAt(ctx: string, from: number): boolean {
  for (const w of FALSE_COMPOUNDS) if (ctx.startsWith(w, from)) return true;
  return false;
}
