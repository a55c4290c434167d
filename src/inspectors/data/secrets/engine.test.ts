import { describe, expect, it } from 'vitest';
import { SecretEngine } from './engine.js';
import { builtinSecretRules } from './rules/index.js';
import { parseUserRulesYaml } from './user-rules.js';
import { fakeSecrets, secretNegatives } from '../testing/fakes.js';
import { Rng } from '../testing/random.js';

const engine = new SecretEngine(builtinSecretRules);

describe('secret rules', () => {
  it('has at least 150 rules, all compiling, unique ids, keywords on every rule', () => {
    expect(builtinSecretRules.length).toBeGreaterThanOrEqual(150);
    expect(engine.invalid).toEqual([]);
    expect(new Set(builtinSecretRules.map((r) => r.id)).size).toBe(builtinSecretRules.length);
    for (const r of builtinSecretRules) expect(r.keywords.length, r.id).toBeGreaterThan(0);
  });

  it('never starts a regex with a broad character class (anchored on a literal or keyword)', () => {
    for (const r of builtinSecretRules) {
      const src = r.regex.replace(/^(?:\\b|\(\?<[=!][^)]*\)|\(\?:\^\|\\n\)|\(|\[\?&\])+/, '');
      expect(/^(?:\[|\\[dwsS.])/.test(src) && !r.regex.startsWith('(?<='), `${r.id}: ${r.regex}`).toBe(false);
    }
  });

  it('finds every fake key at the right offset', () => {
    for (const s of fakeSecrets(new Rng(7))) {
      const hits = engine.scan(`x = 1\n${s.line}\n`);
      const hit = hits.find((h) => h.ruleId === s.ruleId);
      expect(hit, `${s.ruleId} in ${s.line.slice(0, 40)}`).toBeDefined();
      expect(hit!.value).toBe(s.value);
      expect(`x = 1\n${s.line}\n`.slice(hit!.start, hit!.end)).toBe(s.value);
    }
  });

  it('ignores example keys, placeholders, integrity hashes, UUIDs, commits and base64 images', () => {
    for (const n of secretNegatives(new Rng(3))) expect(engine.scan(n), n.slice(0, 60)).toEqual([]);
  });

  it('ignores values published in specifications and docs, but not the same shapes with other values', () => {
    // RFC 6749's Basic credentials and tokens, Stripe's documentation test key, and jwt.io's and
    // PyJWT's sample tokens, as docstrings and tests quote them (oauthlib, zod, PyJWT on this machine).
    const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = (claims: object, sig: string) => [b64url({ alg: 'HS256', typ: 'JWT' }), b64url(claims), sig].join('.');
    const r = new Rng(21);
    const sig = r.chars(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
    const published = [
      ['Authorization: Basic ', 'czZCaGRSa3F0', 'MzpnWDFmQmF0M2JW'].join(''),
      ['Location: http://example.com/cb#access_token=', '2YotnFZFEjr1', 'zCsicMWpAA'].join(''),
      ['"refresh_token":"', 'tGzv3JOkF0XG', '5Qx2TlKWIA"'].join(''),
      ['stripe.api_key = "', ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'), '"'].join(''),
      `token = ${jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, sig)}`,
      `token = ${jwt({ sub: '1234567890', name: 'John Doe', admin: true, iat: 1516239022 }, sig)}`,
      `>>> print(encoded)\n${jwt({ some: 'payload' }, sig)}`,
      // joserfc's README: claims made of the words samples are written in.
      `token = ${jwt({ k: 'value' }, sig)}`,
      `token = ${jwt({ foo: 'bar', hello: 'world' }, sig)}`,
    ];
    for (const text of published) expect(engine.scan(text), text.slice(0, 50)).toEqual([]);
    // The same shapes with other values are still keys.
    const own = [
      ['Authorization: Basic ', Buffer.from(`svc-${r.chars(8, 'abcdefgh')}:${r.chars(14, 'ABCDEFGHJKLMNPQRSTxyz23456789')}`).toString('base64')].join(''),
      ['stripe.api_key = "', ['sk', 'test', r.chars(24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')].join('_'), '"'].join(''),
      `token = ${jwt({ sub: 'u-7741', role: 'admin', exp: 1893456000 }, sig)}`,
      `token = ${jwt({ k: 'value', user: 'u-7741' }, sig)}`,
    ];
    for (const text of own) expect(engine.scan(text), text.slice(0, 50)).toHaveLength(1);
  });

  it('judges every key in a long base64 run by where the run began, in one pass over the run', () => {
    // Token shapes joined by '/' (itself a base64 character): one run. Inside a data URI every one
    // is payload; the same run after a plain '=' is a list of keys. Each match used to walk back
    // over the whole run (8,000 of them in 328 KB took 12 s).
    const r = new Rng(4);
    const token = () => ['gh', 'p_', r.chars(36, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')].join('');
    const run = Array.from({ length: 3000 }, token).join('/');
    expect(engine.scan(`<img src="data:image/png;base64,${run}">`)).toEqual([]);
    const plain = engine.scan(`keys=${run}\nmore: data:image/png;base64,${token()}/${token()}\nlast ${token()}`);
    expect(plain).toHaveLength(3001);
    expect(plain.every((h) => h.ruleId === 'github-pat')).toBe(true);
  });

  it('still finds keys in text where their keyword occurs tens of thousands of times', () => {
    // Past 10,000 offsets of a keyword in one text its rules scan the whole text; before, every
    // further offset was confirmed again (a run of 21+ 'A's in base64 images: each one an X
    // bearer-token keyword hit).
    const fakes = fakeSecrets(new Rng(12));
    const openai = fakes.find((f) => f.ruleId === 'openai-project-key')!.value;
    const noise = ['sk', '-'].join('').repeat(30_000);
    const hits = engine.scan(`${noise} key: ${openai} ${'A'.repeat(40_000)}\n`);
    expect(hits.filter((h) => h.ruleId === 'openai-project-key').map((h) => h.value)).toEqual([openai]);
    const bearer = ['A'.repeat(21), new Rng(5).chars(40, 'abcdefghijklmnopqrstuvwxyz0123456789%')].join('');
    const image = `"image/png": "iVBORw0KGgo${'A'.repeat(30_000)}="`;
    expect(engine.scan(`${image}\n${image}\nauth = ${bearer}\n`).map((h) => h.value)).toContain(bearer);
  });

  it('skips keyword-context rules in lockfile mode but keeps prefixed ones', () => {
    const r = new Rng(1);
    const line = `datadog_api_key = "${r.hex(32)}"`;
    expect(engine.scan(line).map((h) => h.ruleId)).toContain('datadog-api-key');
    expect(engine.scan(line, { skipGeneric: true })).toEqual([]);
  });

  it('pairs an AWS access key id with its secret', () => {
    const r = new Rng(9);
    const id = ['AKIA', r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('');
    const secret = r.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
    const ids = engine.scan(`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`).map((h) => h.ruleId);
    expect(ids).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
  });

  it('loads user rules in the same YAML shape and rejects bad ones', () => {
    const rules = parseUserRulesYaml('rules:\n  - id: acme-internal\n    keywords: [acme_]\n    regex: "\\\\b(acme_[a-z0-9]{24})\\\\b"\n    severity: critical\n', 'rules.yaml');
    const e = new SecretEngine(rules);
    const v = ['acme', '_', new Rng(2).chars(24, 'abcdefghijklmnopqrstuvwxyz0123456789')].join('');
    expect(e.scan(`token: ${v}`).map((h) => [h.ruleId, h.severity])).toEqual([['acme-internal', 'critical']]);
    expect(() => parseUserRulesYaml('rules:\n  - id: x\n', 'bad.yaml')).toThrow(/bad.yaml: rule 0/);
    expect(new SecretEngine([{ id: 'broken', provider: 'x', description: '', keywords: ['k'], regex: '(' }]).invalid[0]?.id).toBe('broken');
  });

  it('drops a user rule match whose whole text matches an allowlist matchRegex (key and value, any case)', () => {
    const yaml = 'rules:\n  - id: acme-pass\n    keywords: [acme_pass]\n    regex: "acme_pass\\\\w*\\\\s*=\\\\s*(\\\\S{8,})"\n    allowlist:\n      matchRegexes: ["^acme_pass_hint\\\\s*="]\n';
    const e = new SecretEngine(parseUserRulesYaml(yaml, 'rules.yaml'));
    const v = new Rng(4).chars(16);
    expect(e.scan(`acme_pass = ${v}`).map((h) => h.value)).toEqual([v]);
    expect(e.scan(`ACME_PASS_HINT = ${v}`)).toEqual([]);
  });

  it('finds a CircleCI token in a status badge URL, where READMEs leave them', () => {
    const token = Array.from({ length: 40 }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('');
    const readme = `[![CircleCI](https://circleci.com/gh/acme/tool.svg?style=svg&${'circle'}-token=${token})](https://circleci.com/gh/acme/tool)`;
    expect(engine.scan(readme).map((h) => [h.ruleId, h.value])).toEqual([['circleci-token-in-url', token]]);
    expect(engine.scan(`circle-token=${token}0`)).toEqual([]);
  });

  it('returns nothing for empty input', () => {
    expect(engine.scan('')).toEqual([]);
  });
});

describe('generic assignments', () => {
  it('never read a value from the next line of an empty assignment', () => {
    expect(engine.scan('PINECONE_API_KEY=\nPINECONE_INDEX=acme-support-kb-production\nLANGCHAIN_API_KEY=\nLANGCHAIN_PROJECT=support-bot-prod-eu-west')).toEqual([]);
  });
});

describe('rule data does not flag itself', () => {
  it('lists of key names and object literals are not assignments', () => {
    expect(engine.scan("keywords: ['openai_api_key', 'ocp-apim-subscription-key', 'cognitive']")).toEqual([]);
    expect(engine.scan("{ provider: '1password', description: '1Password service-account token' }")).toEqual([]);
  });
});

describe('values assigned to a password name in real code and docs that are not passwords', () => {
  // Each line is the shape of one seen in CPython's tree and its site-packages (botocore / awscli
  // examples, typeshed stubs, moto, pydantic docs), where every hit was a false positive.
  it.each([
    ['a timestamp', '"PasswordLastUsed": "2016-09-08T21:47:36Z",'],
    ['an ARN', '"IAMCreateRootUserPassword": "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",'],
    ['a type annotation', 'def load_cert_chain(self, certfile: str, password: _PasswordType | None = None): ...'],
    ['an enum constant', '    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"'],
    ['a kebab-case phrase', '    NOPASSWORD = "no-password-required"'],
    ['the word inside lower-case words', 'Passwords="enterapasswordhere",Type=password'],
    ['a .netrc line built from a template', "u'machine {hostname} login token password {auth_token}'"],
    ['a lower-case hex id under a "segment" name', '"SegmentId": "b66c9e42f71444b2aa2e0ffc1df28f60",'],
    ['a docs connection string with the password "pass"', "m = Model(db='postgres://user:pass@localhost:5432/foobar')"],
    ['a docs proxy URL with the password "password"', ':param proxy_url: The proxy url, i.e. https://username:password@proxy.com'],
    ['a docs proxy URL with "proxypass"', '\t# export http_proxy="http://proxyuser:proxypass@proxyhost:port".'],
    ['a connection string whose password is already masked', "db_url: 'postgresql://app:***@db/x'"],
    ['a docs connection string with "somepassword"', "const config = parse('postgres://someuser:somepassword@somehost:381/somedatabase')"],
    ['a setting about passwords', '#password_encryption = scram-sha-256\t# scram-sha-256 or (deprecated) md5'],
    ['a password verifier, not a password', '--device-secret-verifier-config PasswordVerifier=TXlWZXJpZmllclN0cmluZw,Salt=TXlTUlBTYWx0'],
    ['a password file path', 'password_file: /run/secrets/db_password_v2'],
    ['a docs password made of words ending in the word', '          "Password": "SomeKindOfPassword123!@#",'],
    ['a ChangeLog entry for a source file named after the word (shadow\'s)', '\t* src/gpasswd.c: s/die/catch_signals/'],
    // CPython's configparser test data: Samba's commented expect pattern for passwd's prompts.
    ['an expect pattern of words between wildcards', ';*passwd:*all*authentication*tokens*updated*successfully*'],
    // shadow's ChangeLog: a sed substitution that rewrote a README's sample password.
    ['a sed expression that names the key twice', '\t* README: s#password: cvs#password: [empty password]#'],
    ['the working directory in an environment dump', "  PWD: '/Users/maciej',"],
    // pdf.js's worker and viewer (node_modules): minified code and a localisation file in a string.
    ['a minified default taken from an option', 'this.id=e.id||"";this.passwordChar=e.passwordChar||"*";this.use=e.use||""'],
    ['a UI label in a localisation string', 'Please try again.\\npdfjs-password-ok-button = OK\\npdfjs-password-cancel-button = Cancel\\n'],
    // Vim's own runtime files: netrw's help, its plugin, rust.vim and a syntax file's URL pattern.
    ['a .netrc placeholder in capitals, quoted', '\tmachine HOSTNAME login USERID password "PASSWORD"'],
    ['a .netrc placeholder in braces, quoted', '\tmachine {full machine name} login {user-id} password "{password}"'],
    ['a .netrc placeholder quoted inside code (this very file, read raw)', `  ['x', 'machine HOSTNAME login USERID password "PASSWORD"'],`],
    ['a Vim script variable', '  let s:netrw_hup[host].passwd = s:netrw_passwd'],
    ['a Vim script argument', "\tlet pwd = a:dict.istemp ? a:dict.tmpdir : ''"],
    ['a syntax file\'s pattern for FTP URLs', 'syn match\trebolURL\t"ftp://\\(\\k\\+:\\k\\+@\\)\\=\\k\\+\\(\\.\\k\\+\\)*"'],
    // bash-completion's mvn: a list of -D options, the one after password= read as its value.
    ['the next option in a list of them', '__mvncomp "username= message= passphrase= password= scmVersion= $(__mvnlist_prefix \'scmVersionType=\')" "-D"'],
    // pip's RECORD: a base64url digest that happens to hold `fw_` (a Fireworks key's prefix) after a `-`.
    // /usr/share/doc: pip's authentication docs and socat's FTP example.
    ['a .netrc entry for a documentation host', 'machine example.com\nlogin daniel\npassword qwerty'],
    ['a connection string to a documentation host', `DATABASE_URL=postgres://app:${['Hx9', 'vQ2', 'mLp'].join('')}@db.staging.example.org:5432/app`],
    ['a URL with credentials for a reserved test domain', `https://ci:${['Hx9', 'vQ2', 'mLp'].join('')}@registry.corp.test/v2/`],
    ['the anonymous FTP convention', 'passwd="anonymous@domain.org"'],
    // CPython's urllib docstring: German for "secret" and "watchword", as `secret_password` in English.
    ['a docs password made of the words for secret and password in another language', "                          passwd='geheim$parole')"],
    ['a capitalised phrase about the password (botocore\'s Storage Gateway examples)', '"LocalConsolePassword": "PassWordMustBeAtLeast6Chars.",'],
    ['a PascalCase phrase opening with "I" (pydantic\'s docs)', '#> {"password":"IAmSensitive","password_bytes":"IAmSensitiveBytes"}'],
    // pip's authentication docs: a percent-encoded password for "your company's" index.
    ['a URL with credentials for a placeholder company host', 'https://user:he%2F%2Fo@pypi.company.com/simple'],
    ['a URL with credentials for "your domain", hyphenated', `ftp://deploy:${['Hx9', 'vQ2', 'mLp'].join('')}@files.your-domain.com/in`],
    ['a proxy URL with credentials for "my org"', `export HTTPS_PROXY=http://deploy:${['Hx9', 'vQ2', 'mLp'].join('')}@proxy.myorg.com:3128`],
    // The Google Cloud SDK's code and help texts, and Erlang/OTP's eldap.
    ['a URL to where the password is kept', 'root_principal_password_uri: gs://bucket/password.encrypted'],
    ['a Secret Manager resource name', "--sasl-password='projects/123/secrets/my-secret/versions/1'"],
    ['a function whose result is the token', 'oauth_token = _ParseHttpTargetOAuthArgs(args, messages)'],
    ['a path to the client secrets file', 'GOOGLE_OAUTH2_CLIENT_SECRETS_JSON=/path/to/client-secret.json'],
    ['a private constant', 'private_key_password = _PASSWORD_DEFAULT'],
    ['a namespaced constant in a record definition', 'oldPasswd = asn1_NOVALUE,'],
    ['a product\'s default login on a curl line (RabbitMQ\'s API docs)', 'C:\\> curl -i -u guest:guest http://localhost:15672/api/vhosts'],
    // Man pages' roff source (MySQL's, wget's and pspp-convert's synopses, gcloud's examples, passwd(5) and
    // getpw(3), apt_auth.conf(5) and apt.conf(5)).
    ['a placeholder in roff italics', 'shell> \\fBmysql \\-\\-user=\\fR\\fB\\fIuser_name\\fR\\fR\\fB \\-\\-password=\\fR\\fB\\fIyour_password\\fR\\fR'],
    ['an option and its placeholder in roff fonts', '.IP "\\fB\\-\\-password=\\fR\\fIpassword\\fR" 4'],
    ['words joined by roff hyphens', '    \\-\\-pvk\\-password=my\\-pvk\\-password'],
    ["a record's fields in order", '.B name:passwd:uid:gid:gecos:dir:shell'],
    ["a group record's fields", 'group_name:password:GID:user_list'],
    ["a server line's fields, a colon closing them (GnuPG's Info manual)", '     HOSTNAME:PORT:USERNAME:PASSWORD:BASE_DN:FLAGS:'],
    ['a .netrc entry for a reserved domain with a roff escape', 'machine example\\&.org login apt password debian'],
    ['a URL with credentials for a reserved domain with a roff escape', 'deb https://apt:debian@example\\&.org/debian bookworm main'],
    ["a URL's syntax with optional parts", 'ftp://[[user][:pass]@]host[:port]/\\&. Per host proxies can also be specified'],
    ['a labelled digest in a wheel RECORD', ['pip/_vendor/platformdirs/version.py,sha256=qaN-fw', '_htIgKUVXoAuAEVgKxQu3tZ9qE2eiKkWIS7LA,160'].join('')],
  ])('%s', (_what, line) => {
    expect(engine.scan(line)).toEqual([]);
  });

  it('still reports real-looking passwords beside them, weak ones included', () => {
    const value = ['Tr0ub4dor', '&3xK9'].join('');
    expect(engine.scan(`DB_PASSWORD = "${value}"`).map((h) => h.value)).toEqual([value]);
    expect(engine.scan(`url = 'postgres://app:${'letm'}ein@db.internal:5432/prod'`).map((h) => h.ruleId)).toEqual(['postgres-connection-string']);
    expect(engine.scan(`db_password: ${'password'}123`).map((h) => h.ruleId)).toEqual(['generic-password']);
    // A key that only starts like a setting name still holds a password.
    expect(engine.scan(`password_prod = "${value}"`).map((h) => h.value)).toEqual([value]);
    expect(engine.scan(`PASSWORD_MANAGER_MASTER: ${value}`).map((h) => h.value)).toEqual([value]);
    expect(engine.scan(`passwd.cfg: ${value}`).map((h) => h.value)).toEqual([value]);
    // A password that ends in '=' is still one when more than a name stands before it.
    const netrc = ['Hx9', 'vQ2', 'mLp'].join('');
    expect(engine.scan(`machine ftp.acme-corp.net login deploy password "${netrc}"`).map((h) => h.ruleId)).toEqual(['netrc-password']);
    expect(engine.scan(`get ${['ftp', '://deploy'].join('')}:${netrc}@files.acme-corp.net/x.tgz`).map((h) => h.ruleId)).toEqual(['ftp-credentials-url']);
    // A host that only contains a reserved name is a real one.
    expect(engine.scan(`DATABASE_URL=postgres://app:${netrc}@db.example.com.evil.io:5432/app`).map((h) => h.ruleId)).toEqual(['postgres-connection-string']);
    expect(engine.scan(`https://ci:${netrc}@registry.test.acme-corp.net/v2/`).map((h) => h.ruleId)).toEqual(['http-basic-auth-url']);
    // The words for secret and password beside a real password, a phrase that only starts like one,
    // and a host that only contains a placeholder company's name are still reported.
    expect(engine.scan(`passwd='geheim$${netrc}'`).map((h) => h.ruleId)).toEqual(['generic-password']);
    expect(engine.scan(`"Password": "${'Pass'}word2024Secure!"`).map((h) => h.ruleId)).toEqual(['generic-password']);
    expect(engine.scan(`https://user:${netrc}@pypi.acme-company.com/simple`).map((h) => h.ruleId)).toEqual(['http-basic-auth-url']);
    expect(engine.scan(`https://user:${netrc}@company.com.evil.io/simple`).map((h) => h.ruleId)).toEqual(['http-basic-auth-url']);
    // A password beside a URL-shaped or constant-shaped one, and a key name that only mentions a file, still count.
    expect(engine.scan(`keystore_password: ${netrc}/${netrc}`).map((h) => h.ruleId)).toEqual(['generic-password']);
    expect(engine.scan(`curl -u admin:${netrc} http://localhost:15672/api/vhosts`).map((h) => h.ruleId)).toEqual(['curl-basic-auth']);
    const apiKey = ['Hx9', 'vQ2', 'mLp', '7Rd', 'kQ8', 'wZ3', 'nB'].join('');
    expect(engine.scan(`FILE_API_KEY = "${apiKey}"`).map((h) => h.ruleId)).toEqual(['generic-api-key']);
    // A password with a wildcard or two in it is not an expect pattern.
    expect(engine.scan(`password = ${netrc}*Qz*${netrc}`).map((h) => h.ruleId)).toEqual(['generic-password']);
    // A password in a man page's roff source, a host with roff's escape that is no reserved one.
    expect(engine.scan(`\\-\\-password=${netrc}7Rd`).map((h) => h.ruleId)).toEqual(['generic-password']);
    expect(engine.scan(`deb https://apt:${netrc}@apt\\&.acme-corp.net/debian`).map((h) => h.ruleId)).toEqual(['http-basic-auth-url']);
    expect(engine.scan(`ftp://deploy:${netrc}@files.acme-corp.net/in`).map((h) => h.ruleId)).toEqual(['ftp-credentials-url']);
    const padded = ['c2VjcmV0', 'LXZhbHVl='].join('');
    expect(engine.scan(`password=${padded}`).map((h) => h.value)).toEqual([padded]);
  });
});

describe('passwords where gitleaks finds them and the assignment rules did not', () => {
  const pw = ['Hx9', 'vQ2', 'mLp', '7Rd'].join('');
  const found = (text: string) => engine.scan(text).map((h) => [h.ruleId, h.value]);

  it('finds a password on a curl command line, quoted or not, and not a placeholder there', () => {
    expect(found(`curl -s -u "deploy:${pw}" https://ci.acme-corp.net/api`)).toEqual([['curl-basic-auth', pw]]);
    expect(found(`curl --user ops:${pw} https://ci.acme-corp.net/api`)).toEqual([['curl-basic-auth', pw]]);
    for (const text of ['curl -u USERNAME:PASSWORD https://x', 'curl -u "$USER:$PASS" https://x', 'curl -u user:$TOKEN https://x', 'curl -u admin:<password> https://x', 'curl -u api:YOUR_API_KEY https://x', 'curl -u user:pass http://x']) {
      expect(engine.scan(text), text).toEqual([]);
    }
  });

  it('finds a password in an XML element (Maven settings.xml), not a reference or a hint there', () => {
    expect(found(`<server>\n  <id>releases</id>\n  <password>${pw}</password>\n</server>`)).toEqual([['xml-password-element', pw]]);
    expect(found(`<keyStorePassword>${pw}</keyStorePassword>`)).toEqual([['xml-password-element', pw]]);
    for (const text of ['<password>${env.MAVEN_PASSWORD}</password>', `<passwordHint>${pw}</passwordHint>`, '<password>{{ vault_password }}</password>']) {
      expect(engine.scan(text), text).toEqual([]);
    }
  });
});
