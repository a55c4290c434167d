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

/** Header names → what the column holds. Value checks confirm the ones that can be validated. */
const HEADER: [RegExp, string][] = [
  [/^(?:ssn|social[-_ ]?security(?:[-_ ]?(?:no|number))?|us[-_]?ssn)$/i, 'US_SSN'],
  [/^(?:dob|date[-_ ]?of[-_ ]?birth|birth[-_ ]?date|birthdate|birthday)$/i, 'DATE_OF_BIRTH'],
  [/^(?:e?-?mail(?:[-_ ]?address)?|email)$/i, 'EMAIL_ADDRESS'],
  [/^(?:phone|phone[-_ ]?(?:no|number)|mobile|cell|telephone|tel)$/i, 'PHONE_NUMBER'],
  [/^(?:npi|provider[-_ ]?npi|npi[-_ ]?number)$/i, 'US_NPI'],
  [/^(?:mrn|medical[-_ ]?record(?:[-_ ]?(?:no|number))?)$/i, 'MEDICAL_RECORD_NUMBER'],
  [/^(?:mbi|medicare[-_ ]?(?:id|number|mbi))$/i, 'US_MBI'],
  [/^(?:member[-_ ]?id|health[-_ ]?plan[-_ ]?id|insurance[-_ ]?id|subscriber[-_ ]?id)$/i, 'HEALTH_PLAN_ID'],
  [/^(?:icd[-_ ]?10|icd|diagnosis[-_ ]?code|dx[-_ ]?code)$/i, 'ICD10_CODE'],
  [/^(?:credit[-_ ]?card|card[-_ ]?number|cc[-_ ]?number|pan)$/i, 'CREDIT_CARD'],
  [/^(?:iban|bank[-_ ]?account)$/i, 'IBAN_CODE'],
  [/^(?:ip|ip[-_ ]?address|client[-_ ]?ip|remote[-_ ]?addr)$/i, 'IP_ADDRESS'],
  [/^(?:passport|passport[-_ ]?(?:no|number))$/i, 'US_PASSPORT'],
  [/^(?:cpf|cpf[-_ ]?(?:no|number))$/i, 'BR_CPF'],
  [/^(?:bsn|burgerservicenummer)$/i, 'NL_BSN'],
  [/^(?:nie|nie[-_ ]?(?:no|number))$/i, 'ES_NIE'],
  [/^(?:tfn|tax[-_ ]?file[-_ ]?(?:no|number))$/i, 'AU_TFN'],
  [/^(?:abn|australian[-_ ]?business[-_ ]?number)$/i, 'AU_ABN'],
  // Not a bare `fin` (a TCP flag, a fish's): only its values can say a column of that name holds FINs.
  [/^(?:nric|nric[-_ ]?fin|nric[-_ ]?(?:no|number)|fin[-_ ]?(?:no|number))$/i, 'SG_NRIC_FIN'],
  // Not `insee`: French open data names its commune codes so.
  [/^(?:nir|num[eé]ro[-_ ]?(?:de[-_ ]?)?s[eé]curit[eé][-_ ]?sociale)$/i, 'FR_NIR'],
  [/^(?:hetu|henkil[oö]tunnus|personal[-_ ]?identity[-_ ]?code)$/i, 'FI_PERSONAL_IDENTITY_CODE'],
  [/^(?:driver'?s?[-_ ]?licen[cs]e|dl[-_ ]?number|license[-_ ]?number)$/i, 'US_DRIVER_LICENSE'],
  [/^(?:itin|itin[-_ ]?(?:no|number)|individual[-_ ]?taxpayer[-_ ]?(?:id|identification[-_ ]?number))$/i, 'US_ITIN'],
  // The Hangul and Han headers too: context words are Latin, folded to ASCII (pii/fold.ts), headers are not.
  [/^(?:rrn|resident[-_ ]?registration[-_ ]?(?:no|number)|jumin[-_ ]?(?:no|number|deungnok[-_ ]?beonho)|주민등록번호|주민번호)$/i, 'KR_RRN'],
  // Not a bare `pan`: a card column's primary account number (CREDIT_CARD above).
  [/^(?:pan[-_ ]?(?:no|number|card)|permanent[-_ ]?account[-_ ]?(?:no|number))$/i, 'IN_PAN'],
  [/^(?:personnummer|personnr|pnr|samordningsnummer)$/i, 'SE_PERSONNUMMER'],
  [/^(?:f[oø]dselsnummer|foedselsnummer|fnr|d[-_ ]?nummer)$/i, 'NO_FODSELSNUMMER'],
  [/^(?:cpr|cpr[-_ ]?(?:nr|no|nummer|number))$/i, 'DK_CPR'],
  [/^(?:ahv|avs|ahvn13|(?:ahv|avs)[-_ ]?(?:nr|no|nummer|number|num[eé]ro)|num[eé]ro[-_ ]?(?:ahv|avs)|sozialversicherungsnummer)$/i, 'CH_AHV'],
  [/^(?:shenfenzheng|sfz(?:hm)?|resident[-_ ]?identity[-_ ]?(?:card[-_ ]?)?(?:no|number)|身份证(?:号|号码)?|公民身份号码)$/i, 'CN_RESIDENT_ID'],
  [/^(?:(?:rsa|sa|za|south[-_ ]?african)[-_ ]?id(?:[-_ ]?(?:no|number))?)$/i, 'ZA_ID_NUMBER'],
];
const PERSON = /^(?:(?:first|last|full|given|family|middle|patient|customer|user|member|sur)[-_ ]?name|name|surname|patient|full_name)$/i;
const LOCATION = /^(?:address|street(?:[-_ ]?address)?|home[-_ ]?address|address[-_ ]?line[-_ ]?\d?|mailing[-_ ]?address)$/i;
const HEALTH = /^(?:diagnosis|diagnoses|condition|conditions|icd[-_ ]?10|icd|dx|medication|medications|drug|prescription|procedure|treatment|symptoms?|allergies|lab[-_ ]?results?|clinical[-_ ]?notes?|triage[-_ ]?notes?)$/i;

/**
 * Classifies each column: a value-based class wins when at least half the non-empty values
 * validate; otherwise the header decides (that is how names and addresses are caught). Columns
 * with neither stay out of the list.
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
    const leaf = leafOf(s.name);
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
  const bare = (c: ColumnClass) => c.entity === 'PERSON' && BARE_NAME.test(leafOf(c.name));
  return out.some((c) => !bare(c)) ? out : out.filter((c) => !bare(c));
}

/** A column's own name: past a field path's last `.` (`person.name`) or a workbook sheet's `!` (`Customers!name`). */
function leafOf(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf('!')) + 1).trim();
}

/** Headers that say "a name" without saying whose. */
const BARE_NAME = /^name$/i;
