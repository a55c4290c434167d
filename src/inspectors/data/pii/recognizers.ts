import { isIPv6 } from 'node:net';
import type { Severity } from '../../../core/index.js';
import { isUpper, isWordChar, type StartForm } from './candidates.js';
import { PLACEHOLDER_DOMAIN, RESERVED_DOMAIN } from '../doc-domains.js';
import { CJK_BANK_ACCOUNT, CJK_BIRTH_DATE, CJK_CARD, CJK_EMAIL, CJK_PHONE } from './cjk-words.js';
import { hasIpv6Shape, headingNumber, inVersionRun, roffHeadingNumber, publicIpv4, publicIpv6, VERSION_AFTER, VERSION_BEFORE, VERSION_SHAPED_IP, versionShaped } from './ip-address.js';
import { BARE_NANP, CLOCK_BEFORE, ISO_DATE_INSIDE, ISO6709_POINT, LISTED_NANP, nanpPossible, LONE_DIGIT_GROUP, NATIONAL_SCORE, nationalValid, northAmerican, numberBeside, phoneScore, phoneValid, SPACED_NANP, SSN_SHAPE } from './phone-number.js';
import { isPlaceholder } from '../secrets/false-positives.js';
import { ICD_CODE_SHAPE, inJoinedIdentifier } from './icd-codes.js';
import { nanpFictional } from './nanp.js';
import { roleMailbox } from './role-mailboxes.js';
import { ID_SHAPED_CARD, idContext, idLengthRun } from './card-ids.js';
import { placeholderRun, SAMPLE_RUN_ENTITIES } from './sample-ids.js';
import {
  base58CheckValid, bech32Valid, abnValid, auMedicareValid, bsnValid, cnResidentIdValid, codiceFiscaleValid, cpfValid, deaValid, fiPersonalCodeValid, FI_CENTURY, ibanValid, krRrnValid, luhn, mbiValid, nhsValid, nieValid, nifValid, nirValid, npiValid, peselValid, sgNricValid, sinValid, ssnValid, tfnValid, verhoeff, zaIdValid,
} from './checksums.js';
import { ANY_COUNTRY_LICENCE, ANY_COUNTRY_PASSPORT } from './document-countries.js';
import { NATIONAL_IDS } from './national-ids.js';
import { NATIONAL_IDS_EUROPE } from './national-ids-europe.js';
import { DRIVING_LICENCES, PASSPORTS } from './travel-documents.js';
import { AADHAAR_GROUPS, ABN_GROUPS, cardPrefix, DMY, DOT, fiscalShapeIn, groupsAt, HYPHEN, MEDICARE_GROUPS, NHS_GROUPS, nirSpacedAt, OCTETS, phoneCanScore, separated, SIN_GROUPS, SSN_GROUPS, TFN8_GROUPS, withoutExtension, YMD } from './start-checks.js';

/**
 * A pattern recognizer in Presidio's sense. `score` returns the confidence of one candidate
 * without context (null drops it: a failing checksum); `context` words near the match (or in the
 * column / field name) lift it to at least `contextScore`. Scoring policy, on purpose:
 *  - a structured id whose checksum is strong (credit card, IBAN, NIF, codice fiscale, BTC) scores
 *    high on its own;
 *  - bare digit runs whose checksum passes by chance 1 time in 10 (NHS, SIN, Aadhaar, PESEL, NPI)
 *    stay below the default threshold (0.5) unless a context word is present;
 *  - shapes with no checksum at all (dates, passport, licence, MRN, ICD-10) need context.
 */
export interface Recognizer {
  entity: string;
  /** PHI (HIPAA identifiers and health data) rather than general PII. */
  phi?: boolean;
  severity: Severity;
  /** Run only when the text has a digit (most ids) — a cheap skip for prose cells. */
  needsDigit: boolean;
  /** Literal the text must contain for the regex to run at all (`@`, `://`). */
  needs?: string;
  regex: RegExp;
  /**
   * The regex starts with a broad class, so it runs only at each occurrence of a character every
   * match holds exactly once (`@` for emails), sticky, from the one place a match holding it can
   * start (`startOf`, -1 for none) — instead of over the whole text.
   */
  anchor?: { char: string; startOf: (text: string, at: number) => number };
  /** A cheaper test than the regex that must pass first (the regex starts with a broad class). */
  gate?: (text: string) => boolean;
  /**
   * The ways a match can start (see candidates.ts): with them the regex runs, sticky, only at the
   * candidates that fit one, instead of over the whole text. Only for recognizers that need a
   * digit inside every match (candidates are found from the digits).
   */
  starts?: readonly StartForm[];
  score(match: string, text: string, start: number): number | null;
  /**
   * The recognizer's check when a random value of its shape passes it one time in ten (a single
   * check digit: DEA, NPI's Luhn, a card's Luhn). A match whose score is null because it fails
   * this check is noted (`PiiOptions.misses`): where most matches fail, the ones that pass are
   * chance — a column of student numbers shaped like DEA numbers, one in ten of them "valid".
   */
  checksum?: (match: string) => boolean;
  /**
   * What `score` returns for this match if its checks pass, known without running them: when it
   * is below the threshold and no context word lifts it, the (costly) checks are skipped.
   */
  bound?(match: string): number;
  /** The most `score` returns: below the threshold, only context can make a hit. */
  maxScore: number;
  /** The most `score` returns when the text has no letter at all (default maxScore). */
  maxScoreWithoutLetters?: number;
  context: string[];
  /**
   * Words that name this entity's column or field but mean something else in running text:
   * `dl` heads a driver-licence column, and in prose it is a download (`https://dl.acm.org/…`).
   */
  fieldOnly?: string[];
  /**
   * Words that name a column or field whose values have this entity's shape without being it:
   * PyPI's `version` column holds date-based versions (`24.11.1.2`, `26.9.4.111`) that are public
   * addresses by their numbers. A match in such a field is dropped, unless the name is also
   * context for the entity (`server_ip (version 4)`).
   */
  notInFields?: string[];
  /**
   * Context words count only on the match's own line (a field name still counts): a changelog
   * lists one change a line, and `maintainer addresses` on one line is no cue for the version
   * `Git 1.8.1.1` on the next.
   */
  contextOnLine?: boolean;
  /**
   * Phrases that, in the same window or field name, take the context words' weight away: the
   * document is another's. `UK passport` holds `passport`, and names no US passport
   * (see document-countries.ts).
   */
  contextVetoes?: string[];
  contextScore: number;
}

/** The digits of a match: most are digits only (a column of bare ids), returned as they are without a regex pass. */
function digitsOf(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return s.replace(/\D/g, '');
  }
  return s;
}

/**
 * The lengths card brands issue for the prefixes the recognizer reads: Visa 13, 16 or 19;
 * Mastercard 16; American Express 15; JCB 16–19; Diners Club 14–19; Discover 16–19. A 15-digit
 * number from 4 is an IMEI (its check digit is Luhn too), not a card.
 */
/** Whether separated digits are grouped as cards print them: fours (the last group shorter), or 4-6-5 / 4-6-4. */
function cardGrouping(m: string): boolean {
  const groups = m.split(/[ -]/).map((g) => g.length);
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (groups[2] === 5 || groups[2] === 4)) return true;
  return groups.every((n, i) => (i < groups.length - 1 ? n === 4 : n >= 1 && n <= 4));
}

function cardLength(d: string): boolean {
  const n = d.length;
  switch (d.charCodeAt(0)) {
    case 52: // 4
      return n === 13 || n === 16 || n === 19;
    case 51: // 34, 37 Amex; 35 JCB; 30, 36, 38, 39 Diners
      if (d[1] === '4' || d[1] === '7') return n === 15;
      return d[1] === '5' ? n >= 16 && n <= 19 : n >= 14 && n <= 19;
    case 54: // 6011, 65
      return n >= 16 && n <= 19;
    default: // 51–55, 22–27
      return n === 16;
  }
}

/** The shapes the CPF and National Insurance start forms check before their regexes run. */
/**
 * A Finnish code with the plain dash whose birth year is before 1932: the shape of a date-prefixed
 * order or invoice number (`240714-4818`, 14 July 2024 written YYMMDD, read as DDMMYY gives a year
 * of 1901–1931), which passes the mod-31 check one time in 31. A living person with such a code is
 * over 94, so it stands alone no more and needs a context word.
 */
function datePrefixedLike(code: string): boolean {
  return code.charCodeAt(6) === 45 /* - */ && Number(code.slice(4, 6)) < 32;
}

const CPF_SHAPE = /^\d{3}\.\d{3}\.\d{3}-\d{2}(?!\d)/;
const NINO_AT = /^[A-Z]{2}\d{6}[A-D]$/;
const NINO_SUFFIX_APART_AT = /^[A-Z]{2}\d{6} [A-D]$/;
const NINO_SPACED_AT = /^[A-Z]{2} (?:\d{6} ?[A-D]|\d{2} \d{2} \d{2} [A-D])/;

const fixed = (n: number) => () => n;

/** A character of an e-mail local part, which is also the class the pattern's lookbehind rejects: [A-Za-z0-9._%+-]. */
function isLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/**
 * Where an e-mail address holding the `@` at `at` must start: the pattern's lookbehind allows no
 * local-part character before the start, so it is the start of the run of them before the `@` —
 * if that run is 1–64 characters long and opens with a letter or digit; else no address holds it.
 */
export function emailStart(text: string, at: number): number {
  let s = at;
  while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) if (at - --s > 64) return -1;
  s += roffEscapeTail(text, s);
  if (s >= at) return -1;
  const c = text.charCodeAt(s);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? s : -1;
}

/**
 * How many characters of the run of local-part characters at `s` belong to a roff escape before it
 * (the pattern's lookbehind skips them too): a font change `\fI`, `\f(CW`, a special character
 * `\(lq` or a string `\*(Aq` — man pages write `\fIbug-tar@gnu.org\fR`, whose address is no
 * `fIbug-tar@…`. A backslash before any other letter (`\njohn@…`, a raw `\n`) is left alone.
 */
function roffEscapeTail(text: string, s: number): number {
  const before = text.charCodeAt(s - 1);
  // `\f` and a one-character font name.
  if (before === 92) return text.charCodeAt(s) === 102 && isLocalChar(text.charCodeAt(s + 1)) ? 2 : 0;
  // `\(xx`, `\f(xx`, `\*(xx`: a two-character name after the parenthesis.
  if (before !== 40) return 0;
  const b2 = text.charCodeAt(s - 2);
  return b2 === 92 || ((b2 === 102 || b2 === 42) && text.charCodeAt(s - 3) === 92) ? 2 : 0;
}

/**
 * Where the scheme before the `://` at `at` starts (the run of letters before it, at most six: no
 * scheme the URL pattern knows is longer); -1 when there is none. The pattern's own `\b` and
 * scheme list then decide, so the match is the one a global scan finds.
 */
export function schemeStart(text: string, at: number): number {
  let s = at;
  while (s > 0 && at - s < 7 && isLetter(text.charCodeAt(s - 1))) s--;
  return s === at ? -1 : s;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Whether `://` starts somewhere in [from, end - 3]. */
function schemeBetween(text: string, from: number, end: number): boolean {
  for (let i = from; i + 3 <= end; i++) if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) return true;
  return false;
}

/** The word for a section or clause of a document or regulation right before a number (`before` is lower case, ten characters): `DFARS 252.227-7014`, `48 CFR 12.212`. */
const SECTION_BEFORE = /(?:(?:^|[^\w-])(?:sections?|clause|dfars|cfr)|§)\s*$/;
/**
 * A standards body's name right before a code-shaped value (ICD10_CODE): `ISO C11` is the C
 * language standard — MPFR's TODO cites it beside "Treatment of error conditions", two health words.
 */
const STANDARD_BEFORE = /(?:\bISO(?:\/IEC)?|\bANSI)\s$/;
/** A systemd unit's name after its instance (EMAIL_ADDRESS): the types that are no top-level domain. */
const SYSTEMD_UNIT = /\.(?:service|socket|timer|mount|automount|slice|scope|swap|device)$/i;
/** A US ZIP+4 code, and a state's two capitals before it (PHONE_NUMBER). */
const ZIP_PLUS_FOUR = /^\d{5}-\d{4}$/;
const STATE_BEFORE = /(?:^|[^A-Za-z])[A-Z]{2},? $/;
/** A dotted number's document after it: `of` a specification, standard or RFC, other section numbers between (IP_ADDRESS). */
const SECTION_OF_AFTER = /^(?:\s*(?:,|and|or|to|through|-)\s*\d+(?:\.\d+)+)*\s+of\s+(?:the\s+)?(?:RFC\s*\d|(?:[\w/-]+\s+){0,3}(?:specification|standard|spec|recommendation)\b)/i;
/** SECTION_BEFORE's word with roff escapes after it (`Section\ \&24.2.2.3`), on a longer stretch. */
const SECTION_BEFORE_ROFF = /(?:^|[^\w-])sections?(?:\s|\\[ &~0^|])+$/;

/**
 * A host reserved for documentation (`http://abc:xyz@example.com` in Node's URL docs) or one docs
 * write for "your company's" (`https://user:pass@pypi.company.com/simple` in pip's): no one's
 * credentials, as the secret rules hold for the same URLs.
 */
const DOC_HOST = new RegExp(`^(?:${RESERVED_DOMAIN}|${PLACEHOLDER_DOMAIN})\\.?$`, 'i');

/** A host name that stands for one in docs (`http://user:21@host/`, `…@proxyhost:port`). */
const PLACEHOLDER_HOST = /^(?:my|your|some|proxy)?(?:host(?:name)?|server)\.?$/i;

/**
 * A recognizer as an object of the one shape they all share (every optional field present, in one
 * order): the scan reads their fields at every candidate and match, and objects of a few dozen
 * shapes turn each of those reads into a slow lookup.
 */
function uniform(r: Recognizer): Recognizer {
  return {
    entity: r.entity, phi: r.phi, severity: r.severity, needsDigit: r.needsDigit, needs: r.needs, regex: r.regex, anchor: r.anchor, gate: r.gate, starts: r.starts,
    score: SAMPLE_RUN_ENTITIES.has(r.entity) ? withoutPlaceholders(r.score) : r.score, checksum: r.checksum, bound: r.bound, maxScore: r.maxScore, maxScoreWithoutLetters: r.maxScoreWithoutLetters, context: r.context, fieldOnly: r.fieldOnly, notInFields: r.notInFields, contextOnLine: r.contextOnLine, contextVetoes: r.contextVetoes, contextScore: r.contextScore,
  };
}

/** A score that drops a value whose digits are a placeholder run (`Y1234567X`, see sample-ids.ts) before any check. */
function withoutPlaceholders(score: Recognizer['score']): Recognizer['score'] {
  return (m, text, start) => (placeholderRun(m) ? null : score(m, text, start));
}

/**
 * Words naming a phone number, for both phone recognizers. The European words ASCII-folded
 * (`teléfono`, `komórka`), each as running text writes it: a compound (`telefonnummer`) or a case
 * ending (`telefonu`) is no inflection the text test reads. `handy` and `portable` name a column
 * (`fieldOnly`), and in English prose they are adjectives.
 */
const PHONE_FIELD_ONLY = ['handy', 'portable'];
const PHONE_CONTEXT = [
  'phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'fax', 'contact',
  'telefon', 'telefonnummer', 'telefonu', 'telefono', 'telefonico', 'telefone', 'telefoon', 'telefoonnummer', 'rufnummer', 'handynummer',
  'mobil', 'mobilnummer', 'mobiltelefon', 'movil', 'celular', 'cellulare', 'telemovel', 'mobiel', 'komorka', 'komorkowy',
  'numero de portable', 'tlf', 'tfno', 'puh', 'puhelin', 'puhelinnumero', 'matkapuhelin', 'kontakt', 'contacto', 'contatto', 'contato',
  // Russian and Ukrainian declined as a label writes them (`номер телефона`), and Greek; `й` folds to `и`.
  'телефон', 'телефона', 'тел', 'моб', 'мобильныи', 'мобильного', 'сотовыи', 'мобільнии', 'τηλεφωνο', 'τηλ', 'κινητο', ...CJK_PHONE,
];

export const recognizers: Recognizer[] = ([
  {
    entity: 'EMAIL_ADDRESS', severity: 'medium', needsDigit: false, needs: '@', anchor: { char: '@', startOf: emailStart },
    // A man page's roff source may put its zero-width `\&` before a dot of the domain
    // (`morgan@kernel\&.org`, `nabetaro@debian\&.or\&.jp`): the address is still whole.
    // A roff escape right before it (`\fIbug-tar@gnu.org`, `\(lqname@host`) is not part of it.
    regex: /(?:(?<![\w.%+-])(?<!\\[f*]?\()(?!(?<=\\)f[A-Za-z0-9._%+-])|(?<=\\f[A-Za-z0-9._%+-]|\\[f*]?\([A-Za-z0-9._%+-]{2}))[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:(?:\\&)?\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(?:\\&)?\.[A-Za-z]{2,24}(?![\w-])/g,
    score: (match, text, start) => {
      const m = match.includes('\\&') ? match.replace(/\\&/g, '') : match;
      // A file name (`icon@2x.png`, `sprites@2x.json`: an image's retina sizes), or a name under
      // `.tld`, the word docs write for a top-level domain (`user@domain.tld`): none is delegated.
      // A package and its version (`pkg:maven/org.wildfly.common/wildfly-common@1.7.0.Final`, a
      // CycloneDX SBOM's purl): a host opens with two labels of digits, a version's.
      // A systemd template unit's instance (`user@1000.service`, `getty@tty1.service`) is no address either.
      if (/\.(?:png|jpe?g|gif|svg|webp|js|ts|py|css|json|tld)$/i.test(m) || SYSTEMD_UNIT.test(m) || /@\d+\.\d+\./.test(m) || roleMailbox(m)) return null;
      // `scheme://user:password@host` is a credential in a URL (the secret rules' and
      // URL_WITH_CREDENTIALS' business), not an email address. Without a `://` before it, it is not.
      const from = Math.max(0, start - 200);
      // Only the 200 characters before the match are read: an indexOf from there ran on to the end
      // of the text for every address, quadratic in a block full of them.
      if (!schemeBetween(text, from, start)) return 0.9;
      return /[a-z][a-z0-9+.-]*:\/\/[^\s/@]*:?$/i.test(text.slice(from, start)) ? null : 0.9;
    },
    maxScore: 0.9,
    // Written ASCII-folded, as normalise reads text (see fold.ts): `courriel`, `sähköposti`.
    // Russian, Ukrainian and Greek as normalise reads them (accents dropped, see fold.ts).
    context: [
      'email', 'e-mail', 'mail', 'contact', 'correo', 'courriel', 'e-post', 'epost', 'posta elettronica', 'correio eletronico', 'sahkoposti',
      'почта', 'эл почта', 'электронная почта', 'пошта', 'ел пошта', 'ταχυδρομειο', 'ηλεκτρονικο ταχυδρομειο', ...CJK_EMAIL,
    ],
    contextScore: 1,
  },
  {
    entity: 'CREDIT_CARD', severity: 'high', needsDigit: true,
    // Not the digits of a decimal fraction: 2.4 % of random floats printed in full (`0.4167181677746181`)
    // have 13–19 fraction digits that pass Luhn behind a card prefix, and a feature table is full of them.
    // Nor a URL path segment or an id's suffix (`/testcase-detail/5390364397928448`,
    // `fuzzer-5390364397928448`: OSS-Fuzz ids, 16 digits from 5 or 6, pass Luhn one time in ten).
    regex: /(?<!\d[.,]|[/-])\b(?:4\d{3}|5[1-5]\d{2}|2[2-7]\d{2}|3[47]\d{2}|35(?:2[89]|[3-8]\d)|3(?:0[0-59]|[689]\d)\d|6(?:011|5\d{2}))(?:[ -]?\d){9,15}\b(?!\.\d)/g,
    score: (m, text, start) => {
      const d = digitsOf(m);
      if (!cardLength(d) || !luhn(d)) return null;
      // Four groups in a row of more such groups are a table of code points or a hex dump
      // (`2502 2524 2561 2562 2556 2555`, Python's cp866 mapping), not a card.
      // So are four groups two of which are zero-padded (`2680 0028 2681 0029`, a row of Unicode's
      // BidiCharacterTest.txt): U+00xx, Latin-1, fills such tables; a card's groups are random digits.
      if (m.includes(' ') && (groupBefore(text, start) || groupAfter(text, start + m.length) || PADDED_GROUPS.test(m))) return null;
      // A national id is no card: a South African id (Luhn is its own check) or a Korean one of
      // someone born in the 1940s has thirteen digits from 4, like the Visa numbers no longer
      // issued; a Chinese resident id from Jiangxi (36) or Xinjiang (65) eighteen, like a Diners
      // or Discover number. Their dates and checks make a card that also passes them vanishingly rare.
      if (d.length === 13 ? zaIdValid(d) || krRrnValid(d) : d.length === 18 && cnResidentIdValid(d)) return null;
      // Mixed separators ("4111 1111-1111") are not how cards are written, nor groups other than
      // fours (4-6-5 and 4-6-4 for Amex and Diners): `411007-5725104` is a Korean id failing its check.
      const seps = new Set(m.replace(/\d/g, ''));
      if (seps.size > 1 || (seps.size === 1 && !cardGrouping(m)) || strokeOrder(m)) return null;
      // A 64-bit id named as one on its line (`IORegistryEntryID = 4…`, `trace_id=4…`): see card-ids.ts.
      return idLengthRun(m) && idContext(text, start, start + m.length) ? ID_SHAPED_CARD : 1;
    },
    maxScore: 1,
    starts: [
      { kind: 'digits', lead: [13, 19], next: '!', first: '23456', test: (t, text) => cardPrefix(text, t.at) },
      // Past the first run of digits the match goes on with a digit (one that ends there is the form above's).
      { kind: 'digits', lead: [4, 18], next: ' -', after: '0', first: '23456', test: (t, text) => cardPrefix(text, t.at) },
    ],
    // A column or key named an id (`id`, `entry_id`, `IORegistryEntryID`) holds ids, card-shaped
    // or not, unless its name also says card (`card_id`).
    notInFields: ['id', 'ids'],
    context: ['card', 'cardholder', 'credit', 'visa', 'mastercard', 'amex', 'cc', 'pan', 'carte bancaire', 'carte de credit', 'tarjeta', 'carta di credito', 'kreditkarte', 'cartao', 'creditcard', 'karta kredytowa', 'kortnummer', 'luottokortti', ...CJK_CARD], contextScore: 1,
  },
  {
    entity: 'IBAN_CODE', severity: 'high', needsDigit: true,
    regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    score: (m) => (ibanValid(m) ? 1 : null),
    maxScore: 1,
    starts: [{ kind: 'upper', lead: [2, 2], next: '0', after: '0', test: (t) => t.digitsAfterUpper >= 2 }],
    context: ['iban', 'bank', 'account', 'konto', 'kontonummer', 'bankverbindung', 'cuenta', 'compte', 'conto corrente', 'rekening', 'rekeningnummer', 'rachunek', 'tilinumero', ...CJK_BANK_ACCOUNT], contextScore: 1,
  },
  {
    entity: 'US_SSN', severity: 'high', needsDigit: true,
    regex: /\b\d{3}([- ]?)\d{2}\1\d{4}\b/g,
    score: (m) => {
      if (!ssnValid(digitsOf(m))) return null;
      return m.includes('-') ? 0.6 : m.includes(' ') ? 0.35 : 0.05;
    },
    maxScore: 0.6,
    starts: [{ kind: 'digits', lead: [9, 9], next: '!' }, separated(3, SSN_GROUPS)],
    context: ['ssn', 'social security', 'social_security', 'socialsecurity', 'ss#', 'ssn#'], contextScore: 0.85,
  },
  {
    entity: 'IP_ADDRESS', severity: 'low', needsDigit: true,
    regex: /\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b/g,
    score: (m, text, start) => {
      const before = text.slice(Math.max(0, start - 10), start).toLowerCase();
      const after = text.slice(start + m.length, start + m.length + 2);
      // Not an address: a version string, a longer dotted number (an OID, 1.2.3.4.5), a network
      // block (`52.94.0.0/16`), a package version with a revision or suffix (`3.16.2.1-2`,
      // `2.0.3.5~rc1`, `1.2.3.4+dfsg`).
      // The tail of a dotted name or version (`1.0.0-beta.preview.1.19.50.25`, `rev.1.178.2.223`).
      // A pre-release or build after a hyphen too (`12.4.254.14-node.11`, V8's in Node's docs).
      if (/(?:v|version|ver\.?)\s*$/.test(before) || /^\.\d/.test(after) || /\w\.$/.test(before) || /^(?:\/\d|-[a-z\d]|[~+][a-z\d])/i.test(after)) return null;
      // One of a list of versions: a two- or three-part version stands beside it (a registry's
      // `7.3.0 7.3.0.3 8.3.1.1`, `25.0.4 25.0.4.1 25.0.5`); a list of addresses has none.
      if (VERSION_BEFORE.test(text.slice(Math.max(0, start - 16), start)) || VERSION_AFTER.test(text.slice(start + m.length, start + m.length + 16))) return null;
      // Named as a version nearby (`Standards-Version to 3.9.8.0`, `policy 3.6.1.1`, `fixed in
      // 1.4.0.26`), glued to a name (`linux-2.6.8.1`) or the last groups of a dashed number
      // (`1.53.11-16.178.114.82`, a mistyped id the eval corpus makes).
      if (/[A-Za-z\d]-$/.test(before) || /(?:version|release|policy|standards|upgrad\w*|updat\w*|bump\w*|since|fixed in|sync(?:ed)? with)\b[^0-9\n]{0,12}$/i.test(text.slice(Math.max(0, start - 32), start))) return null;
      // A section or clause number (`see section 14.8.4.2 "Grouping Elements"`, `RFC 4291 Section
      // 2.5.5.2`, `§ 4.5.3.1`): the word right before it, nothing but spaces between.
      // A man page writes roff's unbreakable space and zero-width escape between (`Section\ \&55.2.2.1`,
      // PostgreSQL's), and may open a heading with a request (`.IP "5.5.1.1 \s-1FFC…`) whose name reads as `ip`.
      if (SECTION_BEFORE.test(before) || SECTION_BEFORE_ROFF.test(text.slice(Math.max(0, start - 20), start).toLowerCase()) || roffHeadingNumber(m, text, start)) return null;
      // Or a section named by the document after it (`11.3.3.2 and 11.3.3.5 of the ISO PNG
      // specification`, libpng's manual; `4.2.1.3 of RFC 5280`).
      if (SECTION_OF_AFTER.test(text.slice(start + m.length, start + m.length + 60))) return null;
      // A Debian changelog entry's header: `base-passwd (2.0.3.5) unstable; urgency=high`.
      if (/^\) [\w-]+(?: [\w-]+)*; urgency=/.test(text.slice(start + m.length, start + m.length + 60))) return null;
      if (!publicIpv4(m)) return null;
      return versionShaped(m) || inVersionRun(m, text, start) || headingNumber(m, text, start) ? VERSION_SHAPED_IP : 0.6;
    },
    maxScore: 0.6,
    starts: [{ kind: 'digits', lead: [1, 3], next: '.', after: '0', test: (t, text) => groupsAt(text, t.at, DOT, OCTETS) }],
    context: ['ip', 'address', 'host', 'client', 'remote'], notInFields: ['version'], contextOnLine: true, contextScore: 0.8,
  },
  {
    entity: 'IP_ADDRESS', severity: 'low', needsDigit: false, needs: ':', gate: hasIpv6Shape,
    regex: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4})(?![\w:])/g,
    // Not a network written with its prefix length (`2001:bd8:1234:1a00::/64` in EC2's docs).
    score: (m, text, start) => (isIPv6(m) && /[a-f]|::/i.test(m) && m.split(':').length >= 4 && publicIpv6(m) && !/^\/\d/.test(text.slice(start + m.length, start + m.length + 2)) ? 0.6 : null),
    maxScore: 0.6,
    context: ['ip', 'address', 'host', 'client'], contextOnLine: true, contextScore: 0.8,
  },
  {
    entity: 'PHONE_NUMBER', severity: 'medium', needsDigit: true,
    // An extension may follow (`415-555-2671 x204`, `…2671ext.12`): business data writes them.
    // `+34 608474537`, one separator after the calling code, is how Spain and Italy write them;
    // `(0118) 4960595`, an area code in brackets and one run, how Britain does. `+45 - 31226543`,
    // the calling code set off by a spaced hyphen: glibc's locale sources give their authors' so.
    regex: /(?<![\w+.-])(?:\+\d{1,3}(?: - |[ .-])?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,8}){1,5}(?: ?(?:[xX]|[eE]xt\.?) ?\d{1,6})?(?![\w-]|\.\d)|(?<![\w+])\+\d{8,14}\b|(?<![\w+])\+\d{1,3}(?: - |[ .-])\d{6,12}(?![\w-]|\.\d)|(?<![\w+.-])\(\d{2,4}\)[ .-]?\d{5,8}(?![\w-]|\.\d)/g,
    score: (match, text, start) => {
      // The number is judged without its extension (libphonenumber would strip it too).
      const m = withoutExtension(match);
      const d = digitsOf(m);
      if (d.length < 8 || d.length > 15) return null;
      // Dates and dotted numbers look like phone numbers to a parser, and so does a date with the
      // hour after it, or a version before it (`2017-08-23 13:22  robert`, `1.67 2015-01-17`:
      // ChangeLog headers), and a date of year 10000 (`10000-01-01`, Python's NEWS on datetime's limits).
      if (/^\d{4}[-.]\d{2}[-.]\d{2}$/.test(m) || /^\d{5}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/.test(m) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(m) || ISO_DATE_INSIDE.test(m)) return null;
      // A decimal number (`309.6171875`, a float in a statistics table, matplotlib's stock prices,
      // GDAL's ellipsoid flattenings) fits the 3-7 grouping, but no one writes a phone number so.
      if (DECIMAL.test(m)) return null;
      // A regulation's clause or section (`Clause 252.227-7013 (c) (1) of DFARS`: licence texts).
      if (SECTION_BEFORE.test(text.slice(Math.max(0, start - 12), start).toLowerCase())) return null;
      if (CLOCK_BEFORE.test(text.slice(Math.max(0, start - 5), start)) || nanpFictional(m)) return null;
      // A US ZIP+4 code after its state's code (`Wilmington, DE 19803-2444`: an author's postal
      // address in initrd(4)'s header, the phone word on the next line).
      if (ZIP_PLUS_FOUR.test(m) && STATE_BEFORE.test(text.slice(Math.max(0, start - 4), start))) return null;
      if (m.startsWith('+')) return phoneValid(m) && !ISO6709_POINT.test(m) ? phoneScore(m) : null;
      // Without `+`: a North American number, or else another country's national one (weak, see
      // NATIONAL_SCORE) of nine digits or more, not in a US SSN's 3-2-4 shape. Both can apply:
      // Reading's 0118 … reads as a US call abroad (011) first.
      if (northAmerican(m, d) && phoneValid(m)) return SPACED_NANP.test(m) && numberBeside(text, start, start + match.length) ? LISTED_NANP : phoneScore(m);
      return d.length >= 9 && !SSN_SHAPE.test(m) && !LONE_DIGIT_GROUP.test(m) && !PADDED_GROUPS.test(m) && nationalValid(m) ? NATIONAL_SCORE : null;
    },
    // libphonenumber's validation costs microseconds: a bare 10-digit number (an epoch time, an
    // order id) scores 0.3 at best, so without a context word it is never parsed.
    bound: (match) => {
      const m = withoutExtension(match);
      if (m.startsWith('+')) return phoneScore(m);
      return northAmerican(m, digitsOf(m)) ? Math.max(phoneScore(m), NATIONAL_SCORE) : NATIONAL_SCORE;
    },
    maxScore: 0.75,
    starts: [
      // 1–5 digits, a separator, a digit; or + and digits; or ( 1–4 digits ).
      { kind: 'digits', lead: [1, 5], next: ' .-', after: '0', test: (t, text) => phoneCanScore(text, t.at) },
      { kind: '+', lead: [1, 99], test: (t, text) => phoneCanScore(text, t.at) },
      { kind: '(', lead: [1, 4], test: (t, text) => t.next === 41 && phoneCanScore(text, t.at) },
    ],
    context: PHONE_CONTEXT,
    fieldOnly: PHONE_FIELD_ONLY,
    contextScore: 0.85,
  },
  {
    // A North American number kept as bare digits (`4155550123`, `14155550123`): how a phone column
    // of a database export, a spreadsheet or a statistics file holds it. Ten digits alone are as
    // often an epoch time or an order id, so it scores below the threshold: only a phone context
    // word or column makes it a hit (Presidio's matcher reads it likewise, weakly).
    entity: 'PHONE_NUMBER', severity: 'medium', needsDigit: true,
    regex: /(?<![\w+.-])1?\d{10}(?![\w-]|\.\d)/g,
    score: (m) => {
      const d = m.length === 11 ? m.slice(1) : m;
      return nanpPossible(d) && phoneValid(d) && !nanpFictional(d) ? BARE_NANP : null;
    },
    bound: () => BARE_NANP,
    maxScore: BARE_NANP,
    starts: [{ kind: 'digits', lead: [10, 11], next: '!' }],
    context: PHONE_CONTEXT,
    fieldOnly: PHONE_FIELD_ONLY,
    contextScore: 0.85,
  },
  {
    // An international number whose area code and subscriber number stand two spaces apart
    // (`+27 83  NNNNNNN`: the contact of glibc's en_ZW and en_BW locale sources), a typist's
    // slip the main pattern does not cross: two spaces also part a table's columns. Only this
    // one shape, with the `+` and libphonenumber's verdict on the digits.
    entity: 'PHONE_NUMBER', severity: 'medium', needsDigit: true,
    regex: /(?<![\w+])\+\d{1,3} \d{1,4} {2}\d{4,10}(?![\w-]|\.\d)/g,
    score: (m) => (phoneValid(m) && !nanpFictional(m) ? phoneScore(m) : null),
    maxScore: 0.75,
    starts: [{ kind: '+', lead: [1, 3], test: (t, text) => phoneCanScore(text, t.at) }],
    context: PHONE_CONTEXT,
    fieldOnly: PHONE_FIELD_ONLY,
    contextScore: 0.85,
  },
  {
    entity: 'DATE_OF_BIRTH', severity: 'medium', needsDigit: true,
    regex: /\b(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/(?:19|20)\d{2}|(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d{2})\b/g,
    score: fixed(0.15),
    maxScore: 0.15,
    starts: [
      { kind: 'digits', lead: [4, 4], next: '-', after: '0', test: (t, text) => groupsAt(text, t.at, HYPHEN, YMD) },
      { kind: 'digits', lead: [1, 2], next: '/.', after: '0', test: (t, text) => groupsAt(text, t.at, t.next, DMY) },
    ],
    // Not `né le` (French for born on): `ne le` is also `je ne le sais pas`.
    context: [
      'dob', 'birth', 'born', 'birthday', 'birthdate', 'd o b', 'date of birth',
      'geburtsdatum', 'geburtstag', 'geboren', 'geb', 'date de naissance', 'naissance', 'fecha de nacimiento', 'nacimiento', 'data di nascita', 'nascita',
      'data de nascimento', 'nascimento', 'geboortedatum', 'data urodzenia', 'urodzenia', 'urodzony', 'urodzona', 'fodelsedatum', 'fodd', 'fodselsdato', 'fodt',
      'syntymaaika', 'syntynyt', 'дата рождения', 'рождения', 'дата народження', 'народження', 'ημερομηνια γεννησης', 'γεννησης', ...CJK_BIRTH_DATE,
    ],
    contextScore: 0.85,
  },
  {
    entity: 'US_PASSPORT', severity: 'high', needsDigit: true,
    // Not an issue reference (`Closes: #123456789`) or the last group of a hyphenated id (`CVE-2017-1000409`).
    regex: /(?<![\s(]#|\d-)\b(?:[A-Z]\d{8}|\d{9})\b/g,
    score: fixed(0.05),
    maxScore: 0.05,
    starts: [
      { kind: 'digits', lead: [9, 9], next: '!' },
      { kind: 'upper', lead: [1, 1], next: '0', after: '0', test: (t) => t.digitsAfterUpper === 8 },
    ],
    // English words only: the other languages' name other countries' passports (travel-documents.ts),
    // and so does a country named before the word (`UK passport`, document-countries.ts).
    context: ['passport'], contextVetoes: ANY_COUNTRY_PASSPORT, contextScore: 0.8,
  },
  ...PASSPORTS,
  {
    entity: 'US_DRIVER_LICENSE', severity: 'high', needsDigit: true,
    // As for passports: `Closes: #1028200` and `CVE-2017-1000409` stood beside `_dl_init_` in glibc's changelog.
    regex: /(?<![\s(]#|\d-)\b(?:[A-Z]\d{7,12}|[A-Z]{2}\d{6,8}|\d{7,9})\b/g,
    score: fixed(0.05),
    maxScore: 0.05,
    starts: [
      { kind: 'digits', lead: [7, 9], next: '!' },
      { kind: 'upper', lead: [1, 1], next: '0', after: '0', test: (t) => t.digitsAfterUpper >= 7 && t.digitsAfterUpper <= 12 },
      { kind: 'upper', lead: [2, 2], next: '0', after: '0', test: (t) => t.digitsAfterUpper >= 6 && t.digitsAfterUpper <= 8 },
    ],
    // English words only, as for passports.
    context: [
      'driver license', 'drivers license', "driver's license", 'driver licence', 'driving licence', 'driver_license', 'drivers_license', 'dl#', 'dl no', 'dl number', 'license number', 'licence number',
    ],
    fieldOnly: ['dl'],
    contextVetoes: ANY_COUNTRY_LICENCE,
    contextScore: 0.75,
  },
  ...DRIVING_LICENCES,
  {
    entity: 'UK_NHS', severity: 'high', needsDigit: true,
    regex: /\b\d{3}([ -]?)\d{3}\1\d{4}\b/g,
    score: (m) => (nhsValid(digitsOf(m)) ? 0.4 : null),
    checksum: (m) => nhsValid(digitsOf(m)),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [10, 10], next: '!' }, separated(3, NHS_GROUPS)],
    context: ['nhs', 'national health'], contextScore: 0.95,
  },
  {
    // UK National Insurance number: two prefix letters HMRC issues, six digits, suffix A–D, written
    // as one word (`QQ123456C`) or spaced as HMRC prints it (`QQ 12 34 56 C`; its first word holds
    // no digit, so the candidate pass reads back from the digits for it, see candidates.ts). Forms
    // and payslips also set the prefix or the suffix apart from six digits in one run
    // (`QQ 123456 C`, `QQ123456 C`, `QQ 123456C`). No check digit: a context word or column decides.
    entity: 'UK_NINO', severity: 'high', needsDigit: true,
    regex: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?: ?\d{6} ?| \d{2} \d{2} \d{2} )[A-D]\b/g,
    score: fixed(0.3),
    maxScore: 0.3,
    starts: [
      { kind: 'upper', lead: [2, 2], next: '0', length: [9, 9], test: (t, text) => NINO_AT.test(text.slice(t.at, t.at + 9)) },
      { kind: 'upper', lead: [2, 2], next: '0', length: [8, 8], test: (t, text) => NINO_SUFFIX_APART_AT.test(text.slice(t.at, t.at + 10)) },
      { kind: 'upper', lead: [2, 2], next: ' ', after: '0', length: [2, 2], test: (t, text) => NINO_SPACED_AT.test(text.slice(t.at, t.at + 13)) },
    ],
    context: ['nino', 'national insurance', 'ni number', 'ni no', 'insurance number'], contextScore: 0.85,
  },
  {
    entity: 'CA_SIN', severity: 'high', needsDigit: true,
    regex: /\b\d{3}([ -]?)\d{3}\1\d{3}\b/g,
    score: (m) => (sinValid(digitsOf(m)) ? 0.3 : null),
    checksum: (m) => sinValid(digitsOf(m)),
    maxScore: 0.3,
    starts: [{ kind: 'digits', lead: [9, 9], next: '!' }, separated(3, SIN_GROUPS)],
    // Not `ssn`: nine digits in a column of that name are a US SSN (a SIN-valid one would win).
    context: ['sin', 'social insurance', 'social_insurance', 'numero d assurance sociale', 'national id', 'national_id'], contextScore: 0.9,
  },
  {
    entity: 'IN_AADHAAR', severity: 'high', needsDigit: true,
    regex: /\b[2-9]\d{3}([ -]?)\d{4}\1\d{4}\b/g,
    score: (m) => (verhoeff(digitsOf(m)) ? 0.4 : null),
    checksum: (m) => verhoeff(digitsOf(m)),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [12, 12], next: '!', first: '23456789' }, separated(4, AADHAAR_GROUPS, '23456789')],
    context: ['aadhaar', 'aadhar', 'uidai', 'uid'], contextScore: 0.95,
  },
  {
    entity: 'ES_NIF', severity: 'high', needsDigit: true,
    // Not the digits of a float in E notation, after a point (`6.10351563E-05` in numpy's tests)
    // or before a signed exponent (`+99585767E-22` in CPython's floating_points.txt): eight digits
    // and a letter, and one in 23 pass.
    regex: /(?<!\d[.,])\b\d{8}-?[A-Z]\b(?!(?<=E)[+-]\d)/g,
    score: (m) => (nifValid(m.replace('-', '')) ? 0.7 : null),
    maxScore: 0.7,
    starts: [{ kind: 'digits', lead: [8, 8], next: '-A' }],
    context: ['nif', 'dni', 'documento'], contextScore: 1,
  },
  {
    // A foreigner's number, Presidio's ES_NIE: X/Y/Z, 7 digits and the NIF's mod-23 letter (one
    // in 23 by chance, behind a fixed shape), so it stands alone as the NIF does.
    entity: 'ES_NIE', severity: 'high', needsDigit: true,
    regex: /\b[XYZ]\d{7}-?[A-Z]\b/g,
    score: (m) => (nieValid(m.replace('-', '')) ? 0.7 : null),
    maxScore: 0.7,
    starts: [{ kind: 'upper', lead: [1, 1], first: 'XYZ', next: '0', after: '0', test: (t) => t.digitsAfterUpper === 7 }],
    context: ['nie', 'extranjero', 'extranjeros', 'foreigner', 'documento'], contextScore: 1,
  },
  {
    // Finnish henkilötunnus (Presidio's FI_PERSONAL_IDENTITY_CODE): DDMMYY, a century sign, three
    // digits and a mod-31 check character. A real date and one chance in 31 make it stand alone,
    // as the NIF does. Not the fraction digits of a float.
    entity: 'FI_PERSONAL_IDENTITY_CODE', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]\b/g,
    score: (m) => (fiPersonalCodeValid(m) ? (datePrefixedLike(m) ? 0.4 : 0.7) : null),
    maxScore: 0.7,
    starts: [{ kind: 'digits', lead: [6, 6], next: '!A', after: '0', test: (t) => FI_CENTURY[String.fromCharCode(t.next)] !== undefined }],
    // Swedish writes the word with its article (`personbeteckningen`), which no inflection rule reads.
    context: ['hetu', 'henkilotunnus', 'sotu', 'sosiaaliturvatunnus', 'personbeteckning', 'personbeteckningen', 'personal identity code'], contextScore: 1,
  },
  {
    entity: 'IT_FISCAL_CODE', severity: 'high', needsDigit: true, gate: fiscalShapeIn,
    regex: /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/g,
    score: (m) => (codiceFiscaleValid(m) ? 0.9 : null),
    maxScore: 0.9,
    context: ['codice fiscale', 'fiscal code', 'cf'], contextScore: 1,
  },
  {
    entity: 'PL_PESEL', severity: 'high', needsDigit: true,
    regex: /\b\d{11}\b/g,
    score: (m) => (peselValid(m) ? 0.4 : null),
    checksum: peselValid,
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [11, 11], next: '!' }],
    // `ssn` and `national id` too: tables name any country's social number column so (11 digits: no US SSN).
    // The identity card (`dowód osobisty`) carries the PESEL.
    context: ['pesel', 'ssn', 'national id', 'national_id', 'dowod osobisty'], contextScore: 0.95,
  },
  {
    // Written 123.456.789-09 (distinctive with its two check digits) or bare (needs context).
    entity: 'BR_CPF', severity: 'high', needsDigit: true,
    regex: /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b|\b\d{11}\b/g,
    score: (m) => (cpfValid(digitsOf(m)) ? (m.length === 14 ? 0.6 : 0.3) : null),
    maxScore: 0.6,
    starts: [{ kind: 'digits', lead: [11, 11], next: '!' }, { kind: 'digits', lead: [3, 3], next: '.', after: '0', test: (t, text) => CPF_SHAPE.test(text.slice(t.at, t.at + 14)) }],
    // `ssn` too (11 digits: never a US SSN), as for PESEL.
    context: ['cpf', 'cadastro de pessoas', 'ssn', 'national id', 'national_id'], contextScore: 0.95,
  },
  {
    entity: 'NL_BSN', severity: 'high', needsDigit: true,
    regex: /\b\d{9}\b/g,
    score: (m) => (bsnValid(m) ? 0.2 : null),
    maxScore: 0.2,
    starts: [{ kind: 'digits', lead: [9, 9], next: '!' }],
    context: ['bsn', 'burgerservicenummer', 'sofinummer', 'national id', 'national_id'], contextScore: 0.9,
  },
  {
    // The three Australian numbers are not read after `+` (a phone number's calling code), nor
    // after or before a digit and a space, dot or comma (a longer number in groups, a decimal).
    // Australian Tax File Number (Presidio's AU_TFN): 3-3-3 or bare, weighted mod 11 — one in 11
    // by chance, so it needs a context word or column like the other nine-digit numbers. Older
    // TFNs, still held, have eight digits (3-3-2) and weights of their own.
    entity: 'AU_TFN', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b(?:\d{3} \d{3} \d{2,3}|\d{8,9})\b(?![ .,]\d)/g,
    score: (m) => (tfnValid(digitsOf(m)) ? (m.includes(' ') ? 0.4 : 0.3) : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [8, 9], next: '!' }, separated(3, SIN_GROUPS), separated(3, TFN8_GROUPS)],
    context: ['tfn', 'tax file number', 'tax file no'], contextScore: 0.95,
  },
  {
    // Australian Business Number (Presidio's AU_ABN): 2-3-3-3 as printed on invoices, or bare; mod
    // 89 is a strong check, but eleven digits with spaces are also any large number written with
    // space thousands separators, and ABNs sit on a public register: it needs context.
    entity: 'AU_ABN', severity: 'medium', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b(?:\d{2} \d{3} \d{3} \d{3}|\d{11})\b(?![ .,]\d)/g,
    score: (m) => (abnValid(digitsOf(m)) ? (m.length === 14 ? 0.4 : 0.3) : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [11, 11], next: '!' }, separated(2, ABN_GROUPS)],
    context: ['abn', 'australian business number', 'business number'], contextScore: 0.95,
  },
  {
    // Australian Medicare card number (Presidio's AU_MEDICARE): 4-5-1 as on the card, or bare;
    // the check digit is one in ten by chance, so it needs context. Holding one says a person is
    // enrolled in Australia's public health insurance, as nearly everyone is: an identifier, not
    // health information (unlike a US MBI, whose holders are the over-65s and the disabled).
    // Claim forms add the holder's Individual Reference Number (1–9): eleven digits in a row, or
    // after the card's groups with a space or a dash (`2123 45670 1 1`, `2123 45670 1-1`; not `-0`).
    entity: 'AU_MEDICARE', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b[2-6](?:\d{3} \d{5} \d(?:[ -][1-9])?|\d{9}[1-9]?)\b(?![ .,-]\d)/g,
    score: (m) => (auMedicareValid(digitsOf(m)) ? (m.includes(' ') ? 0.4 : 0.3) : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [10, 11], next: '!', first: '23456' }, separated(4, MEDICARE_GROUPS, '23456')],
    // US data says "Medicare" as often (CMS files, claims): there a ten-digit number from 2 is an
    // organisation's NPI or a phone number, one in ten passes this check, and their own context
    // words (npi, provider, phone) must win over this one — so it lifts to 0.8, below theirs.
    context: ['medicare'], contextScore: 0.8,
  },
  {
    // Singapore NRIC / FIN (Presidio's SG_NRIC_FIN): S T F G M, seven digits, a mod-11 check
    // letter — one in eleven by chance, so it needs a context word or column. Written in lower case
    // (`s1234567d`, as typed into forms) it is weaker still: any nine-character word of that shape
    // in a code base or a log has it, so it scores lower, and only context makes it a hit.
    entity: 'SG_NRIC_FIN', severity: 'high', needsDigit: true,
    regex: /\b(?:[STFGM]\d{7}[A-Z]|[stfgm]\d{7}[a-z])\b/g,
    score: (m) => (sgNricValid(m.toUpperCase()) ? (isUpper(m.charCodeAt(0)) ? 0.4 : 0.2) : null),
    maxScore: 0.4,
    starts: [
      { kind: 'upper', lead: [1, 1], first: 'STFGM', next: '0', after: '0', length: [9, 9], test: (t) => t.digitsAfterUpper === 7 },
      // A lower-case word's token has no leading run: `next` is its first letter, `after` the digit.
      { kind: 'lower', first: 'stfgm', after: '0', length: [9, 9] },
    ],
    context: ['nric', 'fin', 'uin', 'identity card', 'ic number', 'ic no'], contextScore: 0.95,
  },
  {
    // French NIR (numéro de sécurité sociale; Presidio has no entity for it: FR_NIR is ours).
    // Thirteen digits and a mod-97 key: written in its seven groups (`1 85 05 78 006 084 36`) it
    // stands alone; bare (fifteen digits, like an IMEI or any long id) or with only the key apart
    // it needs a context word or column. Not after `+`, nor inside a longer grouped number. The
    // seven groups are also written with dots or dashes (`1.85.05.78.006.084.36`), one kind in a
    // number: no version or date has seven parts with a two-digit month and three-digit ones.
    entity: 'FR_NIR', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,-]?)\b[1-478](?:([ .-])\d{2}\1\d{2}\1(?:\d{2}|2[AB])\1\d{3}\1\d{3}\1\d{2}|\d{4}(?:\d{2}|2[AB])\d{6} ?\d{2})\b(?![ .,-]\d)/g,
    score: (m) => (nirValid(m.replace(/[ .-]/g, '')) ? (m.length === 21 ? 0.7 : 0.4) : null),
    maxScore: 0.7,
    starts: [
      { kind: 'digits', lead: [15, 15], next: '!', first: '123478' },
      { kind: 'digits', lead: [13, 13], next: ' ', after: '0', first: '123478' },
      // Corsica: the département's A or B ends the leading digits of the word.
      { kind: 'digits', lead: [6, 6], next: 'A', first: '123478', length: [15, 15], test: (t) => t.next === 65 || t.next === 66 },
      { kind: 'digits', lead: [6, 6], next: 'A', first: '123478', length: [13, 13], test: (t) => t.next === 65 || t.next === 66 },
      { kind: 'digits', lead: [1, 1], next: ' .-', after: '0', first: '123478', test: (t, text) => nirSpacedAt(text, t.at) },
    ],
    context: ['nir', 'insee', 'securite sociale', 'secu', 'carte vitale', 'ssn', 'social security'], contextScore: 0.95,
  },
  ...NATIONAL_IDS,
  ...NATIONAL_IDS_EUROPE,
  {
    entity: 'CRYPTO', severity: 'medium', needsDigit: true,
    regex: /\b(?:bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\b/g,
    score: (m) => (m.startsWith('bc1') ? (bech32Valid(m) ? 1 : null) : base58CheckValid(m) ? 1 : null),
    maxScore: 1,
    // The match is the whole word (every character is a word character, \b on both sides): its
    // leading digits are followed by a letter, or they are all of it.
    starts: [
      { kind: 'digits', first: '13', next: 'Aa', length: [26, 35] },
      { kind: 'digits', first: '13', lead: [26, 35], next: '!', length: [26, 35] },
      { kind: 'lower', first: 'b', length: [14, 74], test: (t, text) => text.startsWith('bc1', t.at) },
    ],
    context: ['wallet', 'bitcoin', 'btc'], contextScore: 1,
  },
  {
    entity: 'CRYPTO', severity: 'medium', needsDigit: true,
    regex: /\b0x[a-fA-F0-9]{40}\b/g,
    score: fixed(0.3),
    maxScore: 0.3,
    starts: [{ kind: 'digits', lead: [1, 1], first: '0', next: 'a', length: [42, 42], test: (t, text) => text.charCodeAt(t.at + 1) === 120 }],
    context: ['wallet', 'eth', 'ethereum', 'address'], contextScore: 0.8,
  },
  {
    entity: 'URL_WITH_CREDENTIALS', severity: 'high', needsDigit: false, needs: '://', anchor: { char: '://', startOf: schemeStart },
    // Web and file-transfer URLs only; database connection strings are the secret rules' job.
    // A man page's host may hold roff's zero-width `\&` before a dot (`example\&.org`): part of it.
    regex: /\b(?:https?|s?ftp|wss?|webdav):\/\/[^\s:/@'"<>]{1,64}:[^\s:/@'"<>]{1,128}@(?:[A-Za-z0-9.-]|\\&(?=\.))+/gi,
    score: (m) => {
      const userAt = m.indexOf('://') + 3;
      const colon = m.indexOf(':', userAt);
      const at = m.lastIndexOf('@');
      const pass = m.slice(colon + 1, at);
      // One or two characters (`https://a:b@…`, a URL standard's example) are no password, as the
      // secret rules read none shorter than three.
      if (pass.length < 3 || /^(?:\*+|x+|password|pass|secret|\$\{?.*|<.*>|\{\{.*)$/i.test(pass) || isPlaceholder(pass)) return null;
      // Docs' stand-ins: `foo:bar@`, and a host that is a word for one (`user:21@host/`,
      // `proxyuser:proxypass@proxyhost:port`, `foo:bar@myhost`: curl's and Debian's changelogs).
      if (/^foo$/i.test(m.slice(userAt, colon)) && /^bar$/i.test(pass)) return null;
      const host = m.slice(at + 1);
      return PLACEHOLDER_HOST.test(host) || DOC_HOST.test(host) ? null : 0.9;
    },
    maxScore: 0.9,
    context: [], contextScore: 0.9,
  },
  {
    entity: 'US_NPI', phi: true, severity: 'high', needsDigit: true,
    regex: /\b[12]\d{9}\b/g,
    score: (m) => (npiValid(m) ? 0.35 : null),
    checksum: npiValid,
    maxScore: 0.35,
    starts: [{ kind: 'digits', lead: [10, 10], next: '!', first: '12' }],
    context: ['npi', 'provider', 'prescriber', 'physician', 'national provider'], contextScore: 0.95,
  },
  {
    entity: 'MEDICAL_LICENSE', phi: true, severity: 'high', needsDigit: true,
    regex: /\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b/g,
    score: (m) => (deaValid(m) ? 0.6 : null),
    checksum: deaValid,
    maxScore: 0.6,
    starts: [
      { kind: 'upper', lead: [2, 2], first: 'ABCDEFGHJKLMPRSTUX', next: '0', after: '0', test: (t) => t.digitsAfterUpper === 7 },
      { kind: 'upper', lead: [1, 1], first: 'ABCDEFGHJKLMPRSTUX', next: '0', after: '0', test: (t, text) => t.digitsAfterUpper === 8 && text.charCodeAt(t.at + 1) === 57 },
    ],
    context: ['dea', 'license', 'prescriber', 'registration'], contextScore: 1,
  },
  {
    entity: 'US_MBI', phi: true, severity: 'high', needsDigit: true,
    regex: /\b[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}\b/g,
    score: (m) => (mbiValid(m) ? 0.6 : null),
    maxScore: 0.6,
    starts: [{ kind: 'digits', lead: [1, 1], first: '123456789', next: 'A', after: '0A' }],
    context: ['mbi', 'medicare', 'beneficiary', 'beneficiaries'], contextScore: 0.95,
  },
  {
    entity: 'MEDICAL_RECORD_NUMBER', phi: true, severity: 'high', needsDigit: true,
    regex: /\b(?:MRN[-:# ]{0,2}\d{5,10}|[A-Z]{0,3}-?\d{6,10})\b/g,
    score: (m) => (/^MRN/.test(m) ? 0.85 : 0),
    maxScore: 0.85,
    maxScoreWithoutLetters: 0,
    starts: [
      { kind: 'digits', lead: [6, 10], next: '!' },
      { kind: 'upper', lead: [1, 3], next: '0-' },
      { kind: 'upper', lead: [3, 3], next: ' :#', test: (t, text) => text.startsWith('MRN', t.at) },
      { kind: '-', lead: [6, 10], next: '!' },
    ],
    context: ['mrn', 'medical record', 'medical_record', 'chart number', 'patient id', 'patient_id', 'record number'], contextScore: 0.8,
  },
  {
    entity: 'HEALTH_PLAN_ID', phi: true, severity: 'high', needsDigit: true,
    regex: /\b[A-Z]{2,4}-?\d{6,12}\b/g,
    score: fixed(0),
    maxScore: 0,
    starts: [{ kind: 'upper', lead: [2, 4], next: '0-', after: '0' }],
    context: ['member id', 'member_id', 'memberid', 'health plan', 'health_plan', 'insurance id', 'subscriber', 'policy number', 'plan id', 'plan_id', 'group number'], contextScore: 0.75,
  },
  {
    entity: 'ICD10_CODE', phi: true, severity: 'medium', needsDigit: true,
    regex: new RegExp(`\\b${ICD_CODE_SHAPE}\\b`, 'g'),
    score: (m, text, start) => (inJoinedIdentifier(text, start, start + m.length) || STANDARD_BEFORE.test(text.slice(Math.max(0, start - 10), start)) ? null : m.includes('.') ? 0.3 : 0.15),
    maxScore: 0.3,
    starts: [{ kind: 'upper', lead: [1, 1], first: 'ABCDEFGHIJKLMNOPQRSTVWXYZ', next: '0', after: '0A' }],
    // `diag` heads diagnosis columns; in prose it is diagnostics (`OPPO R11 diag port`, Linux's changelog).
    context: ['icd', 'diagnosis', 'diagnoses', 'diagnosed', 'diagnostic', 'dx', 'condition', 'icd10', 'icd_10'], fieldOnly: ['diag'], contextScore: 0.8,
  },
] satisfies Recognizer[]).map(uniform);

/**
 * Two later groups zero-padded to four digits: code points (`0046 0041 0058`, F-A-X in Unicode's
 * NamesList.txt) and collation weights (`1709.0020.0002` in allkeys.txt, beside TELEPHONE
 * RECEIVER), which Japan's and Germany's plans take for national numbers, and which a 2-series
 * Mastercard's four groups can be. A trunk zero opens a national number; its later groups do not
 * each begin with two.
 */
const PADDED_GROUPS = /\D00\d\d\D(?:.*\D)?00\d\d(?:\D|$)/;

/**
 * A CJK character's stroke order as input and collation tables write it: one run of the five
 * stroke kinds numbered 1–5 (`# 341124311214544` beside each character in glibc's cns11643_stroke,
 * where one in ten passes Luhn behind a Visa or Amex prefix). A card's random digits avoid 0 and
 * 6–9 once in 30,000; the test numbers people plant (4111111111111111, 4242…, 5555555555554444)
 * do, but with two digits where a character's strokes are of three kinds or more.
 */
function strokeOrder(m: string): boolean {
  return /^[1-5]+$/.test(m) && new Set(m).size >= 3;
}

/** A four-character hex or digit group, one space before `at`, standing as a word of its own. */
function groupBefore(text: string, at: number): boolean {
  return at >= 5 && text.charCodeAt(at - 1) === 32 && HEX_GROUP.test(text.slice(at - 5, at - 1)) && (at < 6 || !isWordChar(text.charCodeAt(at - 6)));
}

/** A four-character hex or digit group, one space after `end`, standing as a word of its own. */
function groupAfter(text: string, end: number): boolean {
  return text.charCodeAt(end) === 32 && HEX_GROUP.test(text.slice(end + 1, end + 5)) && (end + 5 >= text.length || !isWordChar(text.charCodeAt(end + 5)));
}
const HEX_GROUP = /^[0-9A-Fa-f]{4}$/;

/** Digits, one dot, digits: a decimal number. */
const DECIMAL = /^\d+\.\d+$/;

/** Entities that identify a person on their own (the "identifiers" half of a PHI classification). */
export const DIRECT_IDENTIFIERS = new Set([
  'EMAIL_ADDRESS', 'PHONE_NUMBER', 'US_SSN', 'DATE_OF_BIRTH', 'US_PASSPORT', 'US_DRIVER_LICENSE', 'IT_PASSPORT', 'IT_DRIVER_LICENSE', 'IN_PASSPORT', 'PASSPORT', 'DRIVER_LICENSE', 'UK_NHS', 'CA_SIN', 'IN_AADHAAR',
  'ES_NIF', 'ES_NIE', 'FI_PERSONAL_IDENTITY_CODE', 'AU_TFN', 'AU_MEDICARE', 'SG_NRIC_FIN', 'FR_NIR', 'IT_FISCAL_CODE', 'PL_PESEL', 'BR_CPF', 'NL_BSN', 'UK_NINO',
  'US_ITIN', 'KR_RRN', 'IN_PAN', 'SE_PERSONNUMMER', 'NO_FODSELSNUMMER', 'DK_CPR', 'CH_AHV', 'CN_RESIDENT_ID', 'ZA_ID_NUMBER',
  'JP_MY_NUMBER', 'DE_TAX_ID', 'BE_NATIONAL_NUMBER', 'TR_TC_KIMLIK', 'HR_OIB', 'RO_CNP', 'MEDICAL_RECORD_NUMBER', 'US_MBI', 'HEALTH_PLAN_ID', 'PERSON', 'CREDIT_CARD', 'IBAN_CODE',
]);
/** Entities that are health information (the other half). */
export const HEALTH_ENTITIES = new Set(['ICD10_CODE', 'US_NPI', 'MEDICAL_LICENSE', 'US_MBI', 'MEDICAL_RECORD_NUMBER', 'HEALTH_PLAN_ID', 'HEALTH_CONDITION']);
