/**
 * Known false-positive shapes, handled on purpose rather than by lowering every rule's recall:
 * documentation example keys, placeholders, integrity hashes in lockfiles, UUIDs standing alone,
 * base64 payloads of inline images, and test fixtures (kept, but at low severity).
 */

/** Values vendors publish as examples, and the words people type instead of a key. */
const PLACEHOLDER = /example|sample|your[_-]?(?:api[_-]?)?(?:key|token|secret)|xxxx|XXXX|\*\*\*\*|<[a-z_-]+>|\$\{|\{\{|placeholder|changeme|insert[_-]?here|dummy|redacted|abcdefghij|0123456789|1234567890|(?:invalid|fake|bogus)[_-]?(?:api[_-]?)?(?:key|token|secret|pass(?:word)?)|not[_-]?a[_-]?real/i;

/**
 * A test's stand-in that names the variable it fills (`'client_secret': 'AUTH_CLIENT_SECRET_value'`,
 * gsutil's tests): an identifier in capitals and underscores, then `_value`.
 */
const NAMED_STAND_IN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:value|VALUE)$/;

/**
 * Values published in specifications and vendor docs, copied into code comments, docstrings and
 * tests everywhere: the AWS documentation key pair, RFC 6749's client credentials (`s6BhdRkqt3:
 * gX1fBat3bV` in a Basic header), access and refresh tokens, and Stripe's documentation test key.
 * Written in parts so this file is not itself a secret scanner's hit.
 */
const KNOWN_EXAMPLES = new Set([
  ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCY', 'EXAMPLEKEY'].join('/'),
  ['czZCaGRSa3F0', 'MzpnWDFmQmF0M2JW'].join(''),
  ['2YotnFZFEjr1', 'zCsicMWpAA'].join(''),
  ['tGzv3JOkF0XG', '5Qx2TlKWIA'].join(''),
  ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
]);

/**
 * Claims of the sample tokens docs print (jwt.io's `John Doe`, PyJWT's `{"some": "payload"}`):
 * whatever the header and signature, a token carrying them is a documentation example.
 */
const EXAMPLE_JWT_PAYLOADS: readonly RegExp[] = [/^\{"sub":"1234567890","name":"John Doe",/, /^\{"some":"payload"\}$/];

/**
 * The words a README puts in a sample token's claims (joserfc's `{"k": "value"}`, `{"foo": "bar"}`):
 * a token whose every claim is a string among them carries nothing an issuer would sign for a user.
 */
const EXAMPLE_CLAIM_VALUE = /^(?:value|payload|bar|baz|foo|hello|world|data|test|example|sample)$/i;

/** Whether a JWT-shaped value's payload is one of the published samples, or made of sample words only. */
function isExampleJwt(value: string): boolean {
  if (!value.startsWith('eyJ')) return false;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[1]!.length > 4096) return false;
  const payload = Buffer.from(parts[1]!, 'base64url').toString('utf8');
  return EXAMPLE_JWT_PAYLOADS.some((re) => re.test(payload)) || hasOnlySampleClaims(payload);
}

function hasOnlySampleClaims(payload: string): boolean {
  let claims: unknown;
  try {
    claims = JSON.parse(payload);
  } catch {
    return false;
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return false;
  const values = Object.values(claims);
  return values.length > 0 && values.length <= 4 && values.every((v) => typeof v === 'string' && EXAMPLE_CLAIM_VALUE.test(v));
}

/**
 * The words docs write where a password goes (`postgres://user:pass@localhost`,
 * `https://username:password@proxy.com`, `someuser:somepassword@somehost`,
 * `proxyuser:proxypass@proxyhost`: letters ending in the word), and a password
 * already masked (`app:***@db`): a whole value, any case. Weak but real passwords (`letmein`,
 * `password123`) are still reported.
 */
const PASSWORD_WORD = /^(?:[a-z]*(?:pass|passw(?:or)?d|pwd)|(?:some|my|your)?(?:pw|secret)|\*{3,}|•{3,})$/i;

/**
 * The same words in the languages docs are written in, alone or two joined by one character:
 * CPython's urllib docstring passes `passwd='geheim$parole'` (German for "secret" and "watchword"),
 * as an English one would write `secret_password`. A phrase, not a password anyone chose.
 */
const SECRET_WORD = '(?:secret|pass(?:word|wd)?|pwd|geheim|parole|passwort|kennwort|wachtwoord|mot[_-]?de[_-]?passe|motdepasse|contrase(?:n|ñ)a|clave|secreto|segreto|senha|segredo|sekret|has(?:l|ł)o|salasana|l(?:o|ö)senord)';
const SECRET_WORDS = new RegExp(`^${SECRET_WORD}(?:[^A-Za-z0-9]?${SECRET_WORD})?$`, 'i');

/** Base64 short enough to be a `user:password` pair (a Basic header's or a Docker `auth` value). */
const PAIR_BASE64 = /^[A-Za-z0-9+/]{8,172}={0,2}$/;
/** RFC 7617's own example password (`Aladdin:open sesame`), copied into docs and tests. */
const EXAMPLE_PAIR_PASSWORDS = new Set(['open sesame']);

/**
 * A Basic credential is base64 of `user:password`, so the placeholder words sit encoded: docs send
 * `user:password`, `admin:secret` or RFC 7617's `Aladdin:open sesame` in their Authorization
 * headers and Docker `auth` values. Decoded, a pair whose password is such a word is a placeholder
 * like any other.
 */
function isPlaceholderPair(value: string): boolean {
  if (!PAIR_BASE64.test(value)) return false;
  const pair = Buffer.from(value, 'base64').toString('latin1').replace(/\r?\n$/, '');
  const colon = pair.indexOf(':');
  if (colon < 1 || !/^[\x20-\x7e]+$/.test(pair)) return false;
  const password = pair.slice(colon + 1);
  return EXAMPLE_PAIR_PASSWORDS.has(password) || PASSWORD_WORD.test(password) || PLACEHOLDER.test(password);
}

/** True when the value is a documented example, a placeholder or a run of one character. */
export function isPlaceholder(value: string, prefixLength = 0): boolean {
  if (KNOWN_EXAMPLES.has(value) || isExampleJwt(value)) return true;
  if (PASSWORD_WORD.test(value) || SECRET_WORDS.test(value)) return true;
  if (PLACEHOLDER.test(value) || NAMED_STAND_IN.test(value)) return true;
  if (isPlaceholderPair(value)) return true;
  // A long run of one character (`sk-aaaaaaaa…`) is a template, not a key — past the format's own
  // prefix: an X bearer token opens with 21 `A`s by design, and every one was dropped as a template.
  const rest = prefixLength ? value.slice(prefixLength) : value;
  if (!isKeyBlock(value)) return ANY_RUN.test(rest);
  return NON_ZERO_RUN.test(rest) || (value.startsWith('-----BEGIN ') && ELIDED.test(value));
}

/**
 * An ellipsis in a key block's body: docs print the first and last characters of a key and elide the
 * rest (`MIIEowIABAKCAQEAqKpR...fvY4+te` in the AWS CLI's Greengrass examples). Base64 holds no dots, and
 * three in a row stand in no header a key block carries.
 */
const ELIDED = /\.{3}/;

const ANY_RUN = /(.)\1{7,}/;
/**
 * In a key block's base64, zero bytes (lengths, empty fields, padding) read as runs of `A`: an
 * OpenSSH key with no passphrase holds `AAAAAAAAAAAB…` by its layout, and every one (ssh-keygen's
 * default, ed25519 included) was dropped as a template. Other runs still mark a placeholder body.
 */
const NON_ZERO_RUN = /([^A])\1{7,}/;
/** A PEM block or a PuTTY key file: the rules that report those take the whole block as the value. */
function isKeyBlock(value: string): boolean {
  return value.startsWith('-----BEGIN ') || value.startsWith('PuTTY-User-Key-File-');
}

const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A bare UUID is an identifier unless a provider-specific rule said otherwise. */
export function isBareUuid(value: string): boolean {
  return UUID_ONLY.test(value);
}

/** Lockfiles hold thousands of integrity hashes and resolved URLs; only prefixed-token rules run there. */
const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock',
  'cargo.lock', 'go.sum', 'composer.lock', 'gemfile.lock', 'packages.lock.json', 'gradle.lockfile', 'flake.lock', 'conda-lock.yml', 'mix.lock', 'pubspec.lock',
]);
export function isLockfile(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  return LOCKFILES.has(name);
}

/** Test code and fixtures: secrets there are usually fakes, so they are reported at low severity. */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|testdata|mocks?)(?:\/|$)|[._-](?:test|spec)\.[a-z]+$|(?:^|\/)test(?:_[^/]+|\.[a-z0-9]+)$/i;
/**
 * For a dataset in a data folder, `test` names a split, not a test: `data/test.csv`,
 * `data/x_test.jsonl` and `dataset/test/part-0.parquet` hold real records. Only the folders test code
 * keeps its fixtures in say so there.
 */
const TEST_FOLDER = /(?:^|\/)(?:tests|__tests__|spec|fixtures?|testdata|mocks?)\//i;

/** Whether a file is test code or a fixture; `datasetSplit`: a dataset in a data folder (see TEST_FOLDER). */
export function isTestPath(relPath: string, datasetSplit = false): boolean {
  return (datasetSplit ? TEST_FOLDER : TEST_PATH).test(relPath);
}

/**
 * True when the match at `start` sits inside something that is not a secret: an integrity hash
 * (`sha512-…`), or the payload of a `data:…;base64,` URI (inline images and fonts are megabytes
 * of random-looking base64 in which every prefix rule eventually matches by chance).
 */
export function insideNonSecretContext(text: string, start: number, runs: Base64Runs = new Base64Runs()): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  if (/sha(?:1|256|384|512)-$/i.test(before)) return true;
  // Where the run of base64 characters around this match began, and whether a data URI opened it.
  const i = runs.startOf(text, start);
  // A digest labelled with its algorithm (`sha256=` in a wheel's RECORD, `sha512-` in SRI): the
  // label's letters, digits and `=`/`-` are base64 characters, so the run starts at the label.
  if (HASH_LABEL.test(text.slice(i, Math.min(i + 8, start)))) return true;
  return text.charCodeAt(i - 1) === 44 /* , */ && /;base64$/i.test(text.slice(Math.max(0, i - 8), i - 1)) && /data:[a-z]+\/[a-z0-9.+-]+(?:;[a-z-]+=[^;,]*)*;base64$/i.test(text.slice(Math.max(0, i - 200), i - 1));
}

const HASH_LABEL = /^(?:sha(?:1|224|256|384|512)|md5|blake2[bs]?)[-=]/i;

function isBase64Char(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 45 || c === 95;
}

/**
 * Where runs of base64 characters begin, for the matches of one text (one per scan: it remembers
 * the last run it walked). A rule's matches come in increasing order, so the next one in the same
 * run reuses its start instead of walking back over the whole run again — which made a long line
 * of `/`-joined tokens quadratic (8,000 GitHub-token shapes in 328 KB: 12 s).
 */
export class Base64Runs {
  private start = 0;
  /** The characters from `start` up to `to` are all base64 ones (-1: nothing walked yet). */
  private to = -1;

  /** Offset where the run of base64 characters that reaches `at` begins. */
  startOf(text: string, at: number): number {
    if (this.to >= 0 && at >= this.to) {
      let i = this.to;
      while (i < at && isBase64Char(text.charCodeAt(i))) i++;
      if (i === at) {
        this.to = at;
        return this.start;
      }
    }
    let i = at;
    while (i > 0 && isBase64Char(text.charCodeAt(i - 1))) i--;
    this.start = i;
    this.to = at;
    return i;
  }
}
