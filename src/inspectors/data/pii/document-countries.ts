/**
 * Countries named in English before a passport or a driving licence (`UK passport 123456789`,
 * `German passport C01X00T47`, `French driving licence …`). English context words give Presidio's
 * US names (travel-documents.ts), but a country named before the word says the document is that
 * country's: the phrase picks its recognizer, with the country's number shape where one is known,
 * and keeps the US ones from reading the number (their `contextVetoes`). `US passport`,
 * `American passport` and a bare `passport` stay US.
 */

/** A country's words as English puts them before a document: its adjective and its name. */
export const UK = ['uk', 'british', 'united kingdom', 'britain', 'great britain'];
export const GERMANY = ['german', 'germany'];
export const FRANCE = ['french', 'france'];
export const SPAIN = ['spanish', 'spain'];
export const ITALY = ['italian', 'italy'];
export const INDIA = ['indian', 'india'];
/**
 * The countries whose numbers are read in the shapes in use across many countries (a letter or
 * two and six to eight digits, nine digits): no shape of their own is checked.
 */
export const OTHER_COUNTRIES = [
  'canadian', 'canada', 'australian', 'australia', 'new zealand', 'irish', 'ireland', 'dutch', 'netherlands', 'belgian', 'belgium', 'swiss', 'switzerland',
  'austrian', 'austria', 'portuguese', 'portugal', 'polish', 'poland', 'swedish', 'sweden', 'norwegian', 'norway', 'danish', 'denmark', 'finnish', 'finland',
  'greek', 'greece', 'czech', 'romanian', 'romania', 'hungarian', 'hungary', 'russian', 'russia', 'ukrainian', 'ukraine', 'turkish', 'turkey', 'israeli', 'israel',
  'chinese', 'china', 'japanese', 'japan', 'korean', 'korea', 'singaporean', 'singapore', 'filipino', 'philippine', 'pakistani', 'pakistan',
  'brazilian', 'brazil', 'mexican', 'mexico', 'south african', 'south africa', 'nigerian', 'nigeria', 'eu', 'european',
];

/** The ways English names a driving licence: `French driving licence`, `Canadian driver's license`. */
const LICENCE_WORDS = ['driving licence', 'driving license', 'driver licence', 'driver license', 'drivers licence', 'drivers license', "driver's licence", "driver's license"];

/** `UK passport`, `British passport` … for each of `countries`. */
export const passportPhrases = (countries: readonly string[]): string[] => countries.map((c) => `${c} passport`);
/** `French driving licence`, `French driver's license` … for each of `countries`. */
export const licencePhrases = (countries: readonly string[]): string[] => countries.flatMap((c) => LICENCE_WORDS.map((w) => `${c} ${w}`));

const ALL = [UK, GERMANY, FRANCE, SPAIN, ITALY, INDIA, OTHER_COUNTRIES].flat();
/** Every country phrase before `passport`: what keeps US_PASSPORT's `passport` from counting. */
export const ANY_COUNTRY_PASSPORT = passportPhrases(ALL);
/** The same before a driving licence, for US_DRIVER_LICENSE. */
export const ANY_COUNTRY_LICENCE = licencePhrases(ALL);
