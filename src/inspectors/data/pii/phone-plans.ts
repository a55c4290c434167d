import { createRequire } from 'node:module';
import { Metadata, type MetadataJson } from 'libphonenumber-js/core';

/**
 * libphonenumber-js's numbering plans (the `min` metadata, which `parsePhoneNumberFromString`
 * uses) with their patterns compiled once per calling code, and the library's validity verdict
 * computed from them. The library builds `^(?:pattern)$` from a multi-kilobyte pattern string on
 * every test, and a number is tested against several types' patterns (and, where countries share a
 * calling code, several countries'): in a contact list, phone validation was most of the scan. The
 * steps here are the library's (parse → getCountryByCallingCode → isValidNumber → getNumberType);
 * tests compare the verdicts with the library's on numbers drawn for every calling code.
 */

interface TypeDef {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
/** The numbering-plan methods used here (they exist at runtime; the library's types list fewer). */
interface PlanApi {
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  type(t: string): TypeDef | undefined;
}

/** FIXED_LINE first, then the library's NON_FIXED_LINE_PHONE_TYPES: any one makes a number valid. */
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** One country's plan, compiled. */
interface Country {
  leading?: RegExp;
  national: RegExp;
  /** The plan lists number types (most do; a few have the national pattern only). */
  hasTypes: boolean;
  types: { re: RegExp; lengths?: number[] }[];
}

/** The countries sharing one calling code (the main one first) and the main plan's national prefix. */
interface CallingCode {
  countries: Country[];
  /** `^(?:national prefix for parsing)`, when the plan has one. */
  prefix?: RegExp;
  /** Whether the main plan has a national-prefix transform rule. */
  transform: boolean;
}

type Json = MetadataJson & { country_calling_codes: Record<string, string[]>; nonGeographic?: Record<string, unknown> };

let json: Json | undefined;
let metadata: Metadata | undefined;
const compiled = new Map<string, CallingCode | null>();

function meta(): { json: Json; m: Metadata } {
  json ??= createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as Json;
  metadata ??= new Metadata(json);
  return { json, m: metadata };
}

function compileCountry(m: Metadata): Country {
  const plan = m.numberingPlan as unknown as PlanApi;
  const leading = plan.leadingDigits();
  const types: Country['types'] = [];
  for (const t of TYPES) {
    const def = plan.type(t);
    if (!def || !def.pattern()) continue;
    types.push({ re: new RegExp(`^(?:${def.pattern()})$`), lengths: def.possibleLengths() });
  }
  const hasTypes = (m as unknown as { hasTypes(): boolean }).hasTypes();
  return { leading: leading ? new RegExp(`^(?:${leading})`) : undefined, national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`), hasTypes, types };
}

/**
 * The compiled plans of a calling code; null when the code is unknown or non-geographic (`001`,
 * whose plan the library selects differently: such numbers are left to the library).
 */
export function callingCode(code: string): CallingCode | null {
  let c = compiled.get(code);
  if (c !== undefined) return c;
  const { json: j, m } = meta();
  const list = j.country_calling_codes[code];
  if (!list || list.includes('001')) c = null;
  else {
    const countries = list.map((country) => {
      m.selectNumberingPlan(country as never);
      return compileCountry(m);
    });
    m.selectNumberingPlan(list[0] as never);
    const npfp = (m.numberingPlan as unknown as PlanApi).nationalPrefixForParsing();
    const transform = !!(m as unknown as { nationalPrefixTransformRule(): string | undefined }).nationalPrefixTransformRule();
    c = { countries, prefix: npfp ? new RegExp(`^(?:${npfp})`) : undefined, transform };
  }
  compiled.set(code, c);
  return c;
}

/** The library's getNumberType !== undefined: the national pattern and one type's pattern, at one of its lengths. */
function hasType(c: Country, nn: string): boolean {
  if (!c.national.test(nn)) return false;
  for (const t of c.types) if ((!t.lengths || t.lengths.includes(nn.length)) && t.re.test(nn)) return true;
  return false;
}

/** isValidNumber once the country is chosen: a type must match, or, in a plan without types, the national pattern. */
function validIn(c: Country, nn: string): boolean {
  return c.hasTypes ? hasType(c, nn) : c.national.test(nn);
}

/**
 * Whether the library calls national number `nn` valid under calling code `cc` (whose plans are
 * `code`). The country is the library's: the only one, or the first whose leading digits start
 * the number, or (without leading digits) for which the number has a type; when none is, the
 * calling code's main plan judges.
 */
export function validUnder(code: CallingCode, nn: string): boolean {
  const { countries } = code;
  if (countries.length === 1) return validIn(countries[0]!, nn);
  for (const c of countries) {
    if (c.leading) {
      if (c.leading.test(nn)) return validIn(c, nn);
    } else if (hasType(c, nn)) return true;
  }
  return validIn(countries[0]!, nn);
}

/** The library's shortest and longest national significant numbers (MIN/MAX_LENGTH_FOR_NSN). */
const MIN_NSN = 2;
const MAX_NSN = 17;

/**
 * The library's verdict for a number written `+` then digits with `( ) - . space` between them,
 * decided here when that is certain; undefined leaves it to the library: another character, a
 * non-geographic code, or digits the national-prefix rule would rewrite (people do write
 * `+44 (0)20 …`; the library's stripping of that prefix has conditions not repeated here).
 */
export function internationalValid(m: string): boolean | undefined {
  if (m.charCodeAt(0) !== 43 /* + */ || m.length > 250) return undefined;
  let digits = '';
  for (let i = 1; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += m[i];
    else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return undefined;
  }
  if (digits.length < 3) return undefined;
  // A calling code never starts with 0; it is the first 1–3 digits that name one.
  if (digits.charCodeAt(0) === 48) return false;
  const j = meta().json;
  for (let len = 1; len <= 3; len++) {
    const cc = digits.slice(0, len);
    // Non-geographic codes (+800, +882 …) are calling codes with no country: the library's.
    if (j.nonGeographic?.[cc]) return undefined;
    if (!j.country_calling_codes[cc]) continue;
    const code = callingCode(cc);
    if (!code) return undefined;
    const nn = digits.slice(len);
    if (code.prefix) {
      const p = code.prefix.exec(nn);
      // An empty match without a captured group changes nothing; anything else may rewrite the number.
      if (p && (p[0] !== '' || (code.transform && p.length > 1 && p[p.length - 1] !== undefined))) return undefined;
    }
    if (nn.length < MIN_NSN || nn.length > MAX_NSN) return false;
    return validUnder(code, nn);
  }
  return false;
}
