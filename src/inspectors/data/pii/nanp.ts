import { createRequire } from 'node:module';
import { Metadata, type MetadataJson } from 'libphonenumber-js/core';

/**
 * libphonenumber-js's validity verdict for a ten-digit North American number, computed from the
 * library's own metadata (the `min` set, which `parsePhoneNumberFromString` uses) with patterns
 * compiled once. The library compiles `^(?:pattern)$` from a multi-kilobyte pattern string on every
 * test, and a +1 number is tested against up to 25 countries' patterns: in a contact list, phone
 * validation was half the scan. The steps are the library's: the first NANP country whose leading
 * digits start the number, or (without leading digits) for which the number has a type, is the
 * number's country; the number is valid when it has a type there — it matches the country's
 * national pattern and one type's pattern at one of that type's lengths — or, in a plan without
 * type metadata, when it matches the national pattern. A test compares the two
 * on tens of thousands of numbers, so a library upgrade that changes the rules shows there.
 */

interface TypeDef {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
/** The numbering-plan methods used here (they exist at runtime; the library's types list fewer). */
interface Plan {
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(t: string): TypeDef | undefined;
}

const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

interface Country {
  leading?: RegExp;
  national: RegExp;
  /** The plan lists number types (most do; a few Caribbean plans have the national pattern only). */
  hasTypes: boolean;
  types: { re: RegExp; lengths?: number[] }[];
}

let countries: Country[] | undefined;

function load(): Country[] {
  const json = createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as MetadataJson & { country_calling_codes: Record<string, string[]> };
  const m = new Metadata(json);
  return json.country_calling_codes['1']!.map((code) => {
    m.selectNumberingPlan(code as never);
    const plan = m.numberingPlan as unknown as Plan;
    const leading = plan.leadingDigits();
    const types: Country['types'] = [];
    for (const t of TYPES) {
      const def = plan.type(t);
      if (!def || !def.pattern()) continue;
      types.push({ re: new RegExp(`^(?:${def.pattern()})$`), lengths: def.possibleLengths() });
    }
    const hasTypes = (m as unknown as { hasTypes(): boolean }).hasTypes();
    return { leading: leading ? new RegExp(`^(?:${leading})`) : undefined, national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`), hasTypes, types };
  });
}

function hasType(c: Country, nn: string): boolean {
  if (!c.national.test(nn)) return false;
  for (const t of c.types) if ((!t.lengths || t.lengths.includes(nn.length)) && t.re.test(nn)) return true;
  return false;
}

/** Whether libphonenumber calls the national number `nn` (ten digits, the first 2–9) valid in the +1 plan. */
export function nanpValid(nn: string): boolean {
  countries ??= load();
  for (const c of countries) {
    // Chosen by its leading digits, the country's verdict stands: with types, a type must match;
    // without, the national pattern alone (the library's isValid without type metadata).
    if (c.leading) {
      if (c.leading.test(nn)) return c.hasTypes ? hasType(c, nn) : c.national.test(nn);
    } else if (hasType(c, nn)) return true;
  }
  // No country: the default one (the US, first in the list) has already said no.
  return false;
}

/**
 * The ten digits of a number written with digits and `( ) - . space` only, after an optional `+1`
 * or trunk `1`, starting 2–9: the form the library reads as exactly those ten digits in the +1
 * plan. Else undefined, and the library decides.
 */
export function plainNanpDigits(m: string): string | undefined {
  let digits = '';
  let i = m.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  if (i === 1 && m.charCodeAt(1) !== 49) return undefined;
  for (; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += m[i];
    else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return undefined;
  }
  if (digits.length === 11 && digits.charCodeAt(0) === 49) digits = digits.slice(1);
  return digits.length === 10 && digits.charCodeAt(0) >= 50 ? digits : undefined;
}
