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
  // `birth`: where, not when (a place is a LOCATION column by its header, see column-headers.ts).
  'birthplace',
  // `license` (a DEA number's): who holds a licence, or grants one.
  'licensee', 'licensor', 'licenser',
];

/** Whether the word of normalised text `ctx` that starts at `from` (after its space) is one of FALSE_COMPOUNDS. */
export function falseCompoundAt(ctx: string, from: number): boolean {
  for (const w of FALSE_COMPOUNDS) if (ctx.startsWith(w, from)) return true;
  return false;
}

/**
 * Words that, after a context word in a field name, make the field about a kind, a model or a
 * property of the thing rather than the thing itself: `phone_model`, `email_template`,
 * `address_space`, `ip_version`, `passport_office`, `cell_type`, `birth_weight`, `license_plate`.
 * None of these fields holds the entity's values, and a column of numbers under one of them
 * (`cell_type` codes, `passport_office` ids) was read as phone numbers or passports.
 */
const QUALIFIERS: ReadonlySet<string> = new Set([
  'type', 'types', 'kind', 'class', 'category', 'model', 'models', 'template', 'templates', 'format', 'version', 'space', 'family',
  'office', 'offices', 'server', 'servers', 'weight', 'plate', 'plates',
]);

const NUMBER_WORD = /^\d+$/;

/**
 * Context words followed by a word that makes them another thing's, whatever else may follow them:
 * a grid's or a biologist's `cell_id`, `cell_line`, `cell_count` (`cell_number` stays a phone), a
 * birth's order or rate, a software licence's key.
 */
const FALSE_PHRASES: ReadonlySet<string> = new Set([
  'cell id', 'cell ids', 'cell line', 'cell lines', 'cell count', 'cell size', 'cell culture', 'cell value', 'cell ref', 'cell reference', 'cell index', 'cell tower',
  'birth order', 'birth rate', 'birth place', 'birth country', 'birth city',
  'license key', 'licence key', 'license file', 'license text', 'license url',
]);

/**
 * What, before a birth word, makes a field the place of birth (`place_of_birth`, `lieu_de_naissance`,
 * `luogo_di_nascita`): a quasi-identifier, read as a LOCATION column by its header, but no date.
 */
const PLACE_LEADS: readonly string[] = [' place of ', ' country of ', ' city of ', ' town of ', ' lieu de ', ' pays de ', ' ville de ', ' lugar de ', ' pais de ', ' luogo di ', ' local de '];

/**
 * Whether the context word found in normalised field name `ctx` — its word from `at` (the needle's
 * leading space) to `end` (the space after it) — is made another thing's by the words around it:
 * the next word (QUALIFIERS, FALSE_PHRASES), or a place before a birth word (PLACE_LEADS).
 */
export function qualifiedAt(ctx: string, at: number, end: number): boolean {
  const nextEnd = ctx.indexOf(' ', end + 1);
  if (nextEnd > 0) {
    const next = ctx.slice(end + 1, nextEnd);
    // A qualifier with a number after it annotates the field (`server_ip (version 4)`): it is still the address.
    if (QUALIFIERS.has(next) && !NUMBER_WORD.test(ctx.slice(nextEnd + 1, ctx.indexOf(' ', nextEnd + 1)))) return true;
    if (FALSE_PHRASES.has(`${ctx.slice(ctx.lastIndexOf(' ', end - 1) + 1, end)} ${next}`)) return true;
  }
  return PLACE_LEADS.some((lead) => at >= lead.length - 1 && ctx.startsWith(lead, at - lead.length + 1));
}
