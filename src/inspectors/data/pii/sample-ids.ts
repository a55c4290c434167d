/**
 * The digits docs and forms write for "a number goes here": `Y1234567X` after "Example:" in
 * Route 53 Domains' docs, `756.1234.5678.97`, `+1 (800) 123-4567`, `987654321`, `000000000`. The
 * writer makes the check digit fit, so a checksum does not tell them from a person's number, and
 * the word beside them (`NIE`) lifts them as it would a real one. Presidio's US_SSN recognizer
 * drops `123456789` and `98765432` likewise, whatever the context; this is the same rule for every
 * national id and phone number. A run of seven digits stepping by one the same way, or one digit
 * seven times, comes by chance about 3 times in 10⁶ per place in a number: a person's id is almost
 * never one. Passports and driving licences are read the same way: `E12345678`, `X00000000` and
 * `D1234567` are what a form's example or a test fixture writes for a document number (a letter
 * prefix, then a placeholder run), and their context word (`passport`, `driver's license`) would
 * otherwise lift them to a finding; no such number carries a check that could tell.
 */

/** The entities whose values are dropped when their digits are a placeholder run. */
export const SAMPLE_RUN_ENTITIES = new Set([
  'PHONE_NUMBER', 'US_SSN', 'US_ITIN', 'UK_NHS', 'UK_NINO', 'CA_SIN', 'IN_AADHAAR', 'ES_NIF', 'ES_NIE', 'FI_PERSONAL_IDENTITY_CODE', 'IT_FISCAL_CODE',
  'PL_PESEL', 'BR_CPF', 'NL_BSN', 'AU_TFN', 'AU_ABN', 'AU_MEDICARE', 'SG_NRIC_FIN', 'FR_NIR', 'KR_RRN', 'JP_MY_NUMBER', 'SE_PERSONNUMMER',
  'NO_FODSELSNUMMER', 'DK_CPR', 'CH_AHV', 'CN_RESIDENT_ID', 'ZA_ID_NUMBER', 'DE_TAX_ID', 'BE_NATIONAL_NUMBER', 'TR_TC_KIMLIK', 'HR_OIB', 'RO_CNP',
  'US_PASSPORT', 'IT_PASSPORT', 'IN_PASSPORT', 'PASSPORT', 'US_DRIVER_LICENSE', 'IT_DRIVER_LICENSE', 'DRIVER_LICENSE',
]);

/** How many digits in a row make a placeholder run. */
const RUN = 7;

/** Digits a letter-prefixed document number that is all a counting run holds, at the least (`AB123456`, `D12345`). */
const PREFIXED_RUN = 5;
const COUNTING = '0123456789';

/**
 * Whether the digits of `value`, separators skipped, hold RUN or more in a row stepping by +1, by
 * -1 or by 0 — or, behind letters, are nothing but counting from 0 or 1 (`AB123456`: a form's
 * licence example; six digits are too few for the run alone, and no issuer numbers so).
 */
export function placeholderRun(value: string): boolean {
  return digitRun(value) || prefixedCount(value);
}

function prefixedCount(value: string): boolean {
  const c = value.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  const digits = value.replace(/\D/g, '');
  return digits.length >= PREFIXED_RUN && (COUNTING.startsWith(digits) || COUNTING.startsWith(`0${digits}`));
}

function digitRun(value: string): boolean {
  let prev = -1;
  let step = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    const s = d - prev;
    if (run >= 2 && s === step) {
      if (++run >= RUN) return true;
    } else if (run >= 1 && s >= -1 && s <= 1) {
      // The run breaks here, and a new one starts with the last digit (`11234567`: 1 2 3…).
      step = s;
      run = 2;
    } else run = 1;
    prev = d;
  }
  return false;
}
