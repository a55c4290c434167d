import { fakeSecrets, secretNegatives } from './fakes.js';
import { Rng } from './random.js';
import * as v from './values.js';

/**
 * The synthetic labelled corpus: one line per sample, every entity the recognizers know, with
 * exact gold offsets, plus hard negatives (UUIDs, hashes, version strings, Luhn-failing numbers,
 * invalid SSN ranges, example keys) and clean files that must yield no finding at all.
 */
export interface GoldSpan {
  entity: string;
  start: number;
  end: number;
  /** For SECRET spans: the rule that must fire. */
  ruleId?: string;
}

export interface LabelledLine {
  text: string;
  spans: GoldSpan[];
}

export interface Corpus {
  lines: LabelledLine[];
  /** Clean data files (path → content) that must produce no finding. */
  clean: { path: string; content: string }[];
}

type Gen = (r: Rng) => string;
/**
 * Each entity: a value generator and sentence templates (`{}` is the value). Where the template's
 * language decides the value's shape (a German passport number after `Reisepass`), `gens` gives
 * each template its own generator, by index.
 */
const ENTITIES: Record<string, { gen: Gen; templates: string[]; gens?: Gen[] }> = {
  EMAIL_ADDRESS: { gen: v.email, templates: ['Please reach out to {} for the report.', 'contact: {}', 'Forwarded by {} on Monday.', 'cc {}; bcc nobody'] },
  PHONE_NUMBER: { gen: (r) => (r.next() < 0.5 ? v.usPhone(r) : v.intlPhone(r)), templates: ['Call me at {} after 5pm.', 'Phone: {}', 'mobile {} (preferred)', 'You can reach the clinic on {}.'] },
  CREDIT_CARD: { gen: (r) => v.creditCard(r), templates: ['Paid with card {} yesterday.', 'cc_number={}', 'The number {} was charged twice.'] },
  IBAN_CODE: { gen: v.iban, templates: ['Wire the refund to {} please.', 'IBAN: {}', 'account {} (EUR)'] },
  US_SSN: { gen: (r) => (r.next() < 0.8 ? v.ssn(r) : v.ssn(r, '')), templates: ['SSN: {}', 'Her social security number is {}.', 'ssn={}'] },
  IP_ADDRESS: { gen: (r) => (r.next() < 0.8 ? v.ipv4(r) : v.ipv6(r)), templates: ['Login from {} at 10:42.', 'client_ip={}', 'Blocked host {} after 5 attempts.'] },
  DATE_OF_BIRTH: { gen: v.date, templates: ['DOB: {}', 'Patient was born on {}.', 'date of birth {}', 'birthdate={}', '生年月日：{}', '생년월일: {}'] },
  US_PASSPORT: { gen: v.passport, templates: ['Passport number: {}', 'US passport {} expires next year.'] },
  US_DRIVER_LICENSE: { gen: v.driverLicense, templates: ["Driver's license: {}", 'DL# {}', 'driver license number {} (CA)'] },
  IT_PASSPORT: { gen: v.passportOf.it, templates: ['Passaporto n. {}', 'Numero passaporto: {} rilasciato a Roma.'] },
  PASSPORT: {
    gen: v.passportOf.de,
    templates: ['Reisepass {} gültig bis 2031.', 'N° de passeport : {}', 'Pasaporte nº {} del titular.', 'Numer paszportu {}', 'Reisepassnummer: {}', 'UK passport number {} (renewed)', 'German passport {}', 'パスポート番号：{}'],
    gens: [v.passportOf.de, v.passportOf.fr, v.passportOf.es, v.passportOf.pl, v.passportOf.de, v.passportOf.uk, v.passportOf.de, v.passportOf.it],
  },
  IN_PASSPORT: { gen: v.passportOf.in, templates: ['Indian passport {}', 'Her Indian passport number is {}.'] },
  IT_DRIVER_LICENSE: { gen: v.licenceOf.it, templates: ['Patente di guida {}', 'numero patente di guida: {} (Milano)'] },
  DRIVER_LICENSE: {
    gen: v.licenceOf.de,
    templates: ['Führerschein {} (Klasse B)', 'Permis de conduire : {}', 'Prawo jazdy {}', 'Körkort {} giltigt', 'UK driving licence {}', "French driver's licence: {}"],
    gens: [v.licenceOf.de, v.licenceOf.fr, v.driverLicense, v.driverLicense, v.licenceOf.uk, v.licenceOf.fr],
  },
  UK_NHS: { gen: v.nhs, templates: ['NHS number: {}', 'Registered with NHS no. {} at the practice.'] },
  CA_SIN: { gen: v.sin, templates: ['SIN: {}', 'Social insurance number {} on file.'] },
  IN_AADHAAR: { gen: v.aadhaar, templates: ['Aadhaar: {}', 'UIDAI Aadhaar number {} verified.'] },
  ES_NIF: { gen: v.nif, templates: ['NIF: {}', 'DNI {} del titular.', 'Customer tax id {} on invoice.'] },
  ES_NIE: { gen: v.nie, templates: ['NIE: {}', 'Número de identidad de extranjero {} del titular.', 'Residence card {} on file.'] },
  FI_PERSONAL_IDENTITY_CODE: { gen: v.fiPersonalCode, templates: ['Henkilötunnus: {}', 'hetu {} tarkistettu.', 'Employee {} joined in March.'] },
  AU_TFN: { gen: v.tfn, templates: ['TFN: {}', 'Tax file number {} supplied to the employer.'] },
  AU_ABN: { gen: v.abn, templates: ['ABN {}', 'Australian Business Number: {} (GST registered)'] },
  AU_MEDICARE: { gen: v.auMedicare, templates: ['Medicare number {}', 'medicare card {} exp 03/27'] },
  SG_NRIC_FIN: { gen: v.sgNric, templates: ['NRIC: {}', 'FIN {} on the work pass.', 'identity card no. {} (Singapore)'] },
  FR_NIR: { gen: v.nir, templates: ['NIR: {}', 'Numéro de sécurité sociale {} (carte Vitale).', 'N° INSEE {}'] },
  US_ITIN: { gen: (r) => v.itin(r), templates: ['ITIN: {}', 'Individual Taxpayer Identification Number {} issued by the IRS.', 'taxpayer id {} on the W-7'] },
  KR_RRN: { gen: (r) => v.krRrn(r), templates: ['RRN: {}', 'Resident registration number {} on file.', 'jumin {} (Seoul branch)'] },
  // One in five typed in lower case, as forms keep it.
  IN_PAN: { gen: (r) => (r.next() < 0.8 ? v.inPan(r) : v.inPan(r).toLowerCase()), templates: ['PAN: {}', 'Permanent Account Number {} linked to the account.', 'PAN card no. {} verified'] },
  SE_PERSONNUMMER: { gen: (r) => v.sePersonnummer(r), templates: ['Personnummer: {}', 'personnr {} registrerat hos Skatteverket.', 'Swedish personal identity number {} on file.'] },
  NO_FODSELSNUMMER: { gen: (r) => v.noFodselsnummer(r), templates: ['Fødselsnummer: {}', 'fnr {} registrert i Folkeregisteret.', 'D-nummer {} (utenlandsk arbeidstaker)'] },
  DK_CPR: { gen: (r) => v.dkCpr(r), templates: ['CPR-nummer: {}', 'cpr nr. {} registreret.', 'Danish CPR {} on file.'] },
  CH_AHV: { gen: (r) => v.chAhv(r), templates: ['AHV-Nr.: {}', 'Numéro AVS {} (assurance).', 'Swiss social security number {} on file.'] },
  CN_RESIDENT_ID: { gen: (r) => v.cnResidentId(r), templates: ['Resident ID: {}', 'Identity card number {} verified.', 'Customer {} registered in Shanghai.'] },
  ZA_ID_NUMBER: { gen: (r) => v.zaId(r), templates: ['ID number: {}', 'South African ID {} on the application.', 'RSA ID no. {} verified.'] },
  JP_MY_NUMBER: { gen: (r) => v.jpMyNumber(r), templates: ['My Number: {}', 'マイナンバー：{}', '個人番号 {} を確認しました。', 'Individual Number {} on file.'] },
  DE_TAX_ID: { gen: (r) => v.deTaxId(r), templates: ['Steuer-ID: {}', 'Steuerliche Identifikationsnummer {} (BZSt).', 'IdNr. {} laut Lohnsteuerbescheinigung'] },
  // Printed with its dots and dash, a Belgian number stands alone (the last template has no word).
  BE_NATIONAL_NUMBER: {
    gen: (r) => v.beNationalNumber(r),
    templates: ['Rijksregisternummer: {}', 'Numéro de registre national {} du titulaire.', 'INSZ {} ingevuld.', 'Klant {} ingeschreven in Gent.'],
    gens: [(r) => v.beNationalNumber(r), (r) => v.beNationalNumber(r), (r) => v.beNationalNumber(r), beNationalPrinted],
  },
  TR_TC_KIMLIK: { gen: (r) => v.trKimlik(r), templates: ['T.C. Kimlik No: {}', 'TC kimlik numarası {} doğrulandı.', 'TCKN {}'] },
  HR_OIB: { gen: (r) => v.hrOib(r), templates: ['OIB: {}', 'Osobni identifikacijski broj {} (Porezna uprava).', 'oib {} klijenta'] },
  RO_CNP: { gen: (r) => v.roCnp(r), templates: ['CNP: {}', 'Codul numeric personal {} al titularului.', 'cnp {} verificat'] },
  IT_FISCAL_CODE: { gen: v.codiceFiscale, templates: ['Codice fiscale: {}', 'CF {} registrato.', 'Tax code {} for the employee.'] },
  PL_PESEL: { gen: v.pesel, templates: ['PESEL: {}', 'numer PESEL {} pacjenta.'] },
  BR_CPF: { gen: (r) => (r.next() < 0.7 ? v.cpf(r) : v.cpf(r).replace(/\D/g, '')), templates: ['CPF: {}', 'CPF do titular {} confirmado.', 'Cliente com CPF {}'] },
  NL_BSN: { gen: v.bsn, templates: ['BSN: {}', 'burgerservicenummer {} van de klant.'] },
  UK_NINO: { gen: v.nino, templates: ['NI number: {}', 'National Insurance number {} on the payslip.', 'NINO {}'] },
  CRYPTO: { gen: (r) => (r.next() < 0.7 ? v.btc(r) : v.eth(r)), templates: ['Send the payment to wallet {} today.', 'BTC address {}', 'ETH wallet: {}'] },
  URL_WITH_CREDENTIALS: { gen: v.urlWithCredentials, templates: ['Upload to {} nightly.', 'endpoint = {}'] },
  US_NPI: { gen: v.npi, templates: ['NPI: {}', 'Referring provider NPI {} signed the order.'] },
  MEDICAL_LICENSE: { gen: v.dea, templates: ['DEA: {}', 'Prescriber DEA number {} on the script.', 'Controlled substance registration {} verified.'] },
  US_MBI: { gen: v.mbi, templates: ['MBI: {}', 'Medicare beneficiary identifier {} active.', 'medicare id {}'] },
  MEDICAL_RECORD_NUMBER: { gen: v.mrn, templates: ['MRN: {}', 'Medical record number {} was merged.', 'patient_id={}'] },
  HEALTH_PLAN_ID: { gen: v.healthPlanId, templates: ['Member ID: {}', 'Health plan id {} (PPO).', 'subscriber {} group 4410'] },
  ICD10_CODE: { gen: v.icd10, templates: ['Diagnosis: {}', 'dx {} confirmed at visit', 'ICD-10 {} added to the problem list.'] },
};

export const CORPUS_ENTITIES = [...Object.keys(ENTITIES), 'SECRET'];

/** Lines that look like PII or keys but are not: every one must produce no hit. */
function negatives(r: Rng): string[] {
  const uuid = () => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-8${r.hex(3)}-${r.hex(12)}`;
  return [
    `request_id=${uuid()}`,
    `sha256: ${r.hex(64)}`,
    `commit ${r.hex(40)} merged`,
    `Upgraded numpy from v1.26.${r.int(0, 9)} to v2.${r.int(0, 3)}.${r.int(0, 9)}`,
    `Requires python >= 3.${r.int(8, 12)} and torch 2.${r.int(0, 4)}.${r.int(0, 2)}`,
    `Order ${v.creditCard(r, false)} shipped`,
    `Invalid id ${v.invalidSsn(r)} rejected by the form`,
    `Meeting moved to ${r.int(2020, 2026)}-0${r.int(1, 9)}-1${r.int(0, 9)} at 10:00`,
    `Total: $${r.int(10, 9999)}.${r.int(10, 99)} for ${r.int(1, 40)} items`,
    `Build ${r.int(1000, 9999)} finished in ${r.int(2, 59)}m${r.int(10, 59)}s`,
    `Epoch ${r.int(1, 50)}/50 loss=0.${r.digits(4)} acc=0.${r.digits(4)}`,
    `Tracking number 1Z${r.chars(16, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`,
    `Room ${r.int(100, 999)}, building ${r.chars(1, 'ABCDE')}${r.int(1, 9)}`,
    `timestamp ${1_700_000_000 + r.int(0, 99_999_999)}`,
    `color #${r.hex(6)} and rgb(${r.int(0, 255)}, ${r.int(0, 255)}, ${r.int(0, 255)})`,
    `The answer to question ${r.int(1, 40)} is option B12 in the appendix`,
    // A feature row: floats printed in full (their fraction digits pass Luhn behind a card prefix
    // one time in forty) and a row of small integers (ten digits in groups no phone is written in).
    Array.from({ length: 8 }, () => `${r.int(0, 999)}.${r.int(1, 9)}${r.digits(r.int(12, 16))}`).join(' '),
    Array.from({ length: 12 }, () => r.int(-99, 99)).join(' '),
    // National ids with their context word whose check fails or whose shape is off by one part.
    `NI number ${v.nino(r).replace(/[A-D]$/, 'E')} is not one HMRC issues`,
    `NIE ${v.nie(r, false)} (wrong letter)`,
    `hetu ${v.fiPersonalCode(r, false)} hylätty`,
    `TFN ${v.tfn(r, false)} failed the check`,
    `ABN ${v.abn(r, false)} not on the register`,
    `Medicare ${v.auMedicare(r, false)} rejected`,
    `NRIC ${v.sgNric(r, false)} does not check`,
    `Numéro de sécurité sociale ${v.nir(r, false)} refusé`,
    `ITIN ${v.itin(r, false)} has no group the IRS issues`,
    `RRN ${v.krRrn(r, false)} failed the check`,
    `PAN ${v.inPan(r, false)} has no holder type`,
    `Personnummer ${v.sePersonnummer(r, false)} är ogiltigt`,
    `Fødselsnummer ${v.noFodselsnummer(r, false)} er ugyldig`,
    `CPR ${v.dkCpr(r, false)} findes ikke`,
    `AHV-Nr. ${v.chAhv(r, false)} ungültig`,
    `Resident ID ${v.cnResidentId(r, false)} rejected`,
    `ID number ${v.zaId(r, false)} failed the check`,
    `My Number ${v.jpMyNumber(r, false)} is not valid`,
    `Steuer-ID ${v.deTaxId(r, false)} ungültig`,
    `Rijksregisternummer ${v.beNationalNumber(r, false)} ongeldig`,
    `T.C. Kimlik No ${v.trKimlik(r, false)} geçersiz`,
    `OIB ${v.hrOib(r, false)} nije valjan`,
    `CNP ${v.roCnp(r, false)} invalid`,
    // Their shapes without a word: order and invoice numbers, and valid ids that only context makes ids.
    `Dossier ${beNationalPrinted(r, false)} afgesloten`,
    `order ${r.int(1, 9)}${r.digits(11)} shipped`,
    `invoice ${r.int(1, 9)}${r.digits(10)} paid`,
    `ref ${r.pick([v.jpMyNumber, v.deTaxId, v.trKimlik, v.hrOib, v.roCnp])(r)} ok`,
    // Dates, compact timestamps and date-based order numbers: the shapes of the national ids that
    // start with a birth date, without a context word (a date's digits pass a Luhn check one in ten).
    `Order ${r.int(18, 25)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}-${r.digits(4)} shipped`,
    `Backup ${r.int(2018, 2025)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}-${pad2(r.int(0, 23))}${pad2(r.int(0, 59))} finished`,
    `batch ${pad2(r.int(1, 28))}${pad2(r.int(1, 12))}${r.int(18, 25)}${r.digits(5)} packed`,
    `event ${r.int(2018, 2025)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}${pad2(r.int(0, 23))}${pad2(r.int(0, 59))}${r.digits(4)} logged`,
    `lot ${r.int(18, 25)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}${r.digits(7)} received`,
    // A product code in a PAN's shape, without the word.
    `part ${r.chars(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}P${r.chars(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(4)}${r.chars(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')} in stock`,
    // The other written forms of national ids, beside their context word, where the value is not one.
    // A prefix HMRC never issues:
    `NI number ${r.pick(['GB', 'NK', 'TN', 'ZZ', 'QQ', 'DA'])} ${r.digits(6)} ${r.pick(['A', 'B', 'C', 'D'])} is not one HMRC issues`,
    // an old eight-digit TFN failing its check:
    `TFN ${v.tfn(r, false, 8)} failed the check`,
    // a Medicare card with an IRN of 0 (no holder is the card's 0th):
    `Medicare ${irnZero(r)} rejected`,
    // an NIR whose separators change kind:
    `NIR ${mixedNir(r)} refusé`,
    // a lower-case NRIC with no context word (weaker evidence than upper case, so it needs one).
    `ticket ${v.sgNric(r, true, true)} closed`,
    // A package's version list (NuGet's HarfBuzzSharp: versions past 9 are no longer one-digit majors).
    versionRun(r),
    // A version on the line after an address word (git's shortlog: one change a line).
    `Update my e-mail address\nPrepare for ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
    // A section number past 9 (PDF's `section 14.8.4.2`).
    `See section ${r.int(11, 31)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} of the specification`,
    // A list of test numbers that ends in a North American shape.
    `failed tests: ${Array.from({ length: 6 }, () => r.int(100, 999)).join(' ')} ${r.pick(['212', '415', '617', '303'])} ${r.int(2, 9)}${r.digits(2)} ${r.digits(4)}`,
    // A large number in space-separated thousands is no ABN, TFN or Medicare number, even beside the word.
    `ABN register holds ${r.int(10, 99)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} records; TFN ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
    ...secretNegatives(r),
  ];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A Belgian national number in its printed form, `YY.MM.DD-SSS.CC` (`valid = false`: its check changed). */
function beNationalPrinted(r: Rng, valid = true): string {
  let n = v.beNationalNumber(r, valid);
  while (!n.includes('.')) n = v.beNationalNumber(r, valid);
  return n;
}

/** A valid Medicare card number followed by an Individual Reference Number of 0, bare or spaced. */
function irnZero(r: Rng): string {
  const card = v.auMedicare(r).replace(/\D/g, '').slice(0, 10);
  return r.next() < 0.5 ? `${card}0` : `${card.slice(0, 4)} ${card.slice(4, 9)} ${card[9]} 0`;
}

/** A valid NIR in its seven groups with one separator of another kind (`1 85 05.78 006 084 36`). */
function mixedNir(r: Rng): string {
  let n = v.nir(r);
  while (n.length !== 21) n = v.nir(r);
  return n.slice(0, 7) + (n[7] === '.' ? '-' : '.') + n.slice(8);
}

/** A run of four-part versions as a registry lists them: one under 10, then builds of a later major. */
function versionRun(r: Rng): string {
  const [major, minor, patch, build] = [r.int(11, 31), r.int(0, 9), r.int(0, 9), r.int(100, 300)];
  const builds = [build, build + 1, build + r.int(2, 99)].map((b) => `${major}.${minor}.${patch}.${b}`);
  return `SkiaSharp ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(1, 9)} ${builds.join(' ')}`;
}

const FILLER = ['', 'Note: ', 'Update - ', '> ', '* ', 'ticket 44: '];

/** Generates the corpus: `perEntity` samples of each entity, `negativeRounds` rounds of hard negatives. */
export function generateCorpus(opts: { perEntity?: number; negativeRounds?: number; seed?: number } = {}): Corpus {
  const r = new Rng(opts.seed ?? 20240501);
  const per = opts.perEntity ?? 200;
  const lines: LabelledLine[] = [];
  for (const [entity, { gen, templates, gens }] of Object.entries(ENTITIES)) {
    for (let i = 0; i < per; i++) {
      const value = (gens?.[i % templates.length] ?? gen)(r);
      const t = r.pick(FILLER) + templates[i % templates.length]!;
      const start = t.indexOf('{}');
      const spans: GoldSpan[] = [{ entity, start, end: start + value.length }];
      // A URL with a password is also a secret, on purpose: both detectors must fire.
      if (entity === 'URL_WITH_CREDENTIALS') {
        const ps = start + value.indexOf(':', 8) + 1;
        spans.push({ entity: 'SECRET', ruleId: 'http-basic-auth-url', start: ps, end: start + value.indexOf('@') });
      }
      lines.push({ text: t.replace('{}', value), spans });
    }
  }
  // Two entities in one line, to test overlap handling and offsets after the first value.
  for (let i = 0; i < per; i++) {
    const e = v.email(r);
    const p = v.usPhone(r);
    const text = `Contact ${e} or call ${p} today.`;
    lines.push({ text, spans: [{ entity: 'EMAIL_ADDRESS', start: 8, end: 8 + e.length }, { entity: 'PHONE_NUMBER', start: text.indexOf(p), end: text.indexOf(p) + p.length }] });
  }
  const secretRounds = Math.max(1, Math.round(per / 10));
  for (let k = 0; k < secretRounds; k++) {
    for (const s of fakeSecrets(r)) {
      const start = s.line.indexOf(s.value);
      lines.push({ text: s.line, spans: [{ entity: 'SECRET', start, end: start + s.value.length, ruleId: s.ruleId }] });
    }
  }
  for (let k = 0; k < (opts.negativeRounds ?? Math.max(5, per / 4)); k++) for (const n of negatives(r)) lines.push({ text: n, spans: [] });
  return { lines, clean: cleanFiles(r) };
}

/** Clean datasets: realistic, full of numbers, ids and dates, with no personal data or secrets. */
function cleanFiles(r: Rng): { path: string; content: string }[] {
  // `wheel_version`: date-based four-part versions (PyPI's `24.11.1.2`), which are public addresses by their numbers.
  const csv = ['sku,product,price,released,version,wheel_version,checksum,embedding_0'];
  const jsonl: string[] = [];
  const md = ['# Product catalogue', '', 'This corpus is used to ground the support assistant.', ''];
  for (let i = 0; i < 200; i++) {
    const sku = `SKU-${r.digits(6)}`;
    const product = r.pick(['kettle', 'lamp', 'desk', 'chair', 'router', 'monitor', 'headset']);
    csv.push(`${sku},${product} ${r.pick(['pro', 'mini', 'max'])},${r.int(5, 900)}.${r.int(10, 99)},${r.int(2015, 2025)}-0${r.int(1, 9)}-1${r.int(0, 9)},v${r.int(1, 4)}.${r.int(0, 20)}.${r.int(0, 9)},${r.int(18, 26)}.${r.int(1, 12)}.${r.int(1, 28)}.${r.int(1, 200)},${r.hex(64)},0.${r.int(1, 9)}${r.digits(15)}`);
    jsonl.push(JSON.stringify({ id: `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-9${r.hex(3)}-${r.hex(12)}`, text: `The ${product} ${r.pick(['ships in', 'weighs', 'lasts'])} ${r.int(1, 30)} ${r.pick(['days', 'kg', 'hours'])} and works with firmware ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.`, label: r.pick(['positive', 'neutral', 'negative']), score: Number(r.next().toFixed(3)) }));
    if (i < 40) md.push(`- **${product} ${i}**: rated ${r.int(1, 5)}/5 in ${r.int(2019, 2025)}, batch ${r.digits(5)}.`);
  }
  return [
    { path: 'data/clean/catalogue.csv', content: csv.join('\n') + '\n' },
    { path: 'data/clean/reviews.jsonl', content: jsonl.join('\n') + '\n' },
    { path: 'data/clean/catalogue.md', content: md.join('\n') + '\n' },
  ];
}
