import { PLACEHOLDER_DOMAIN, RESERVED_DOMAIN } from '../../doc-domains.js';
import { assigned, type SecretRuleDef } from '../rule-types.js';

/**
 * Values that are code, not secrets, for the keyword-assignment rules: Vim script's scoped
 * variables (`s:netrw_passwd`, `a:dict.istemp`: vim's own netrw and rust plugins), calls and brackets
 * (`z.string()`), member access (`config.password`), PascalCase type names (`AuthenticationPassword`), also when its first word is `I` or `A`
 * (`IAmSensitiveBytes`: pydantic's docs print it as a password's value).
 */
const CODE_SHAPES = ['^[abglstvw]:[A-Za-z_][\\w#.]*$', '[()\\[\\]{}<>]', '\\|\\||&&|\\?\\?', '=[^=]', '^[A-Za-z_$][\\w$]*\\.[A-Za-z_$][\\w$.]*$', '^(?:[A-Z][a-z]+|[AI](?=[A-Z][a-z]))(?:[A-Z][a-z0-9]*)+$', '^(?:true|false|null|none|undefined)$'];

/**
 * Values assigned to a `password` name that are not passwords, each seen in quantity in real code
 * and docs (CPython and its site-packages: botocore / awscli examples, typeshed stubs, moto):
 * timestamps (`"PasswordLastUsed": "2016-…Z"`), ARNs (`…/IAMCreateRootUserPassword`), type names
 * in annotations (`password: _PasswordType`), enum constants (`FORCE_CHANGE_PASSWORD`), kebab-case
 * phrases (`no-password-required`), lower-case words around the word itself
 * (`enterapasswordhere`, `generatedwebdavpassword1`; `password123` alone is a weak password and
 * stays), capitalised words ending in the word itself (`SomeKindOfPassword123!@#` in botocore's IAM
 * examples, `MyPassword1`), file paths (`PWD: '/Users/…'`, the shell's working directory) and
 * text running on past an escaped line break (`OK\npdfjs-password-cancel-button`: a localisation
 * file inside a JavaScript string), the name of the next option in a list of them
 * (`password= scmVersion=`: bash-completion's mvn), a capitalised phrase about the password
 * (`PassWordMustBeAtLeast6Chars.` in botocore's Storage Gateway examples), and, from the Google Cloud
 * SDK and Erlang/OTP: constants (`_PASSWORD_DEFAULT`, `asn1_NOVALUE`), a Secret Manager resource
 * name (`projects/123/secrets/my-secret/versions/1`) and a URL that holds no credentials
 * (`gs://bucket/password.encrypted`), and an expect pattern of words between wildcards (Samba's
 * `passwd chat = *New*UNIX*password*`; `;*passwd:*all*authentication*tokens*updated*successfully*`
 * in CPython's configparser tests).
 */
const PASSWORD_LOOKALIKES = ['^\\*?(?:[A-Za-z]{2,}\\*){3,}', '^(?:[A-Z][a-z]+)+Pass(?:word|wd)', '^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d|$)', '^arn:', '^_+[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*$', '^_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$', '^[a-z][a-z0-9]*_[A-Z]{2,}[A-Z0-9_]*$', '^[a-z][a-z0-9_-]*(?:/[a-z0-9_.-]+){3,}$', '^[a-z][a-z0-9+.-]{1,15}://[^\\s:@]*$', '^[a-z]+(?:-[a-z]+)+$', '^[a-z]+pass(?:word|wd)[a-z0-9]*$', '^pass(?:word|wd)[a-z]+[0-9]*$', '^(?:~?/|\\.{1,2}/|[A-Za-z]:[\\\\/])[\\w.-]', '\\\\[nrt][A-Za-z]', '^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*=$', '^(?:[A-Z][a-z]+)*Pass[Ww](?:or)?d(?:[A-Z][a-z0-9]*){2,}[.!]?$'];

/**
 * Key names that are about a password rather than holding one: the keyword followed only by
 * words such as these up to the `=` or `:` (`password_encryption = scram-sha-256`,
 * `PasswordLastUsed`, `password_min_length`, `PasswordVerifier=`, `password_file`). The value is a
 * setting, a date, a number, a path or a hash. Also a file named after the word, before a ChangeLog colon.
 */
const PASSWORD_SETTING_KEYS = [
  // A source file named after the word, in a ChangeLog entry (`* src/gpasswd.c: s/die/catch_signals/`).
  '^(?:password|passwd|pwd)[\\w-]*\\.(?:c|h|cc|cpp|cxx|hh|hpp|py|js|ts|go|rs|java|rb|pl|pm|sh|in|am|ac|txt|md|rst|[1-9])[ \\t]*:',
  '^(?:password|passwd|pwd)(?:[_.-]?(?:encryption|policy|length|min|max|last|used|type|field|label|prompt|reset|expir(?:y|es|ation)?|age|changed|required|strength|rotation|reuse|regex|pattern|hint|verifier|hash|file|path|dir|uri|url|json|command|cmd|auth|enabled|mode|char|chars|button|ok|cancel|title|text|message|msg|placeholder|toggle|input|dialog|form|submit|error|invalid|incorrect|wrong|forgot|show|hide|visible|visibility))+["\']?[ \\t]*(?:=|:|=>|:=)',
];

/**
 * An OpenSSH key's base64 body opens with `openssh-key-v1\0` and the cipher name's length: these
 * 24 characters. A key with no passphrase names the cipher `none`, which continues them as `BG5vbmU`;
 * any other cipher (`aes256-ctr` …) means the key is encrypted with a passphrase. A legacy PEM key says
 * so in a `Proc-Type: 4,ENCRYPTED` header. Either is still worth rotating, but it is not a key
 * anyone can use as found: it is reported apart, at medium, as PKCS#8's `ENCRYPTED PRIVATE KEY` is.
 */
/**
 * What may stand between a key block's BEGIN and END lines: base64, whitespace, the header fields
 * of a legacy or PGP block (`DEK-Info: AES-128-CBC,…`, `Version: GnuPG v2`), and what code wraps a
 * key in (`\n` escapes, quotes, `+` joins). `[\s\S]` took anything: a scanner's own rule source, a
 * BEGIN line then prose then an END line, read as a key. Never a boundary (`-----`): a block too
 * short to be a key (Python's test `badkey.pem`: `Bad Key, though the cert should be OK`) ran on
 * through its END line and a certificate to the next block's END.
 */
const PEM_BODY = '(?:(?!-----)[A-Za-z0-9+/=\\s\\\\"\',:.-])';

const OPENSSH_CIPHER_AT = 'b3BlbnNzaC1rZXktdjEAAAAA';
const OPENSSH_NO_CIPHER = 'BG5vbmU';

/**
 * A `.netrc` password that stands for one, quoted or not: `{password}`, `$PASS`, `<secret>`, and a
 * word in capitals (`"PASSWORD"`, `YOUR_PASSWORD`: vim's netrw help shows both forms), quoted in
 * code too (`'… password "PASSWORD"'],`: the value runs on to the next space).
 */
const NETRC_PLACEHOLDERS = ['^["\']?[{$%<]', '^["\']?[A-Z][A-Z_]{3,}["\']?$', '^["\'][A-Z][A-Z_]{3,}["\'][^\\w]*$'];
/**
 * A credential for a host that cannot exist: the names RFC 2606 and RFC 6761 reserve for
 * documentation (`example.com`, `example.org`, `example.net`, and anything under `.example`,
 * `.test` or `.invalid`). pip's documentation shows `machine example.com login daniel password
 * qwerty`; a real `.netrc` or connection string never points there. Matched on the whole match:
 * the URL rules end at the host (and port), the `.netrc` rule's match opens with `machine HOST`.
 */
const RESERVED_HOST = `(?:@|^machine\\s+)${RESERVED_DOMAIN}(?![a-z0-9.-])`;
/** A credential for a host that stands for "your company's" (see PLACEHOLDER_DOMAIN). */
const PLACEHOLDER_HOST = `(?:@|^machine\\s+)${PLACEHOLDER_DOMAIN}(?![a-z0-9.-])`;
/** The password anonymous FTP asks for by convention: `anonymous@…`, `ftp@…`, `guest@…` (socat's ftp example). */
const ANONYMOUS_FTP = '^(?:anonymous|ftp|guest)@';
/**
 * A URL's syntax with its optional parts in brackets (`ftp://[[user][:pass]@]host[:port]/`, apt.conf(5)):
 * no user name opens with a bracket (an IPv6 host's comes after the `@`).
 */
const OPTIONAL_PARTS = '://\\[';
/** A value holding a regex escape (`\\k\\+`: a syntax file's pattern for the URL), not a password. */
const REGEX_ESCAPES = '\\\\[kdwsSW()+*?=]';

/**
 * A value in a man page's roff source: a font escape in it (`--password=\fIpassword\fR`, MySQL's
 * and wget's synopses: the italic word is what to type in its place), or words joined by roff's
 * escaped hyphen (`my\-pvk\-password`, gcloud's examples). A password holds neither.
 */
const ROFF_MARKUP = ['\\\\f(?:[BIRPC]|\\(|\\[)', '^[a-z]+(?:\\\\-[a-z]+)+$'];
/**
 * A record's fields named in order after the password's (`name:passwd:uid:gid:gecos:dir:shell` in
 * getpw(3), `group_name:password:GID:user_list` in group(5), newusers(8)'s `pw_passwd:pw_uid:…`,
 * dirmngr's `HOSTNAME:PORT:USERNAME:PASSWORD:BASE_DN:FLAGS:` in GnuPG's manual):
 * names, no digit, as letters alone are no password here either (`^[A-Za-z]{8,15}$`).
 */
const FIELD_LIST = '^[A-Za-z_]+(?::[A-Za-z_]+)+:?$';

/** What a value read after a `password` name may be that is no password: references, code, settings, phrases. */
// A value that names the key again, set (`cvs#password:` in a sed expression that rewrites `password: cvs`): text about passwords.
const PASSWORD_VALUE_ALLOWED = [...ROFF_MARKUP, FIELD_LIST, '(?:pass(?:word|wd)?|pwd)[:=]', '^\\$\\{?[A-Za-z_]', '^%\\(?[A-Za-z_]', '^(?:os|process|env|config|settings|self|this)\\.', '^\\*+$', '^<[^>]+>$', '^\\{\\{', '^(?:none|null|true|false|undefined|required|optional|string|password)$', '\\($', 'getenv', 'environ', '^[a-z]+(?:_[a-z]+)+$', '^[a-z]+(?:[A-Z][a-z]+)+$', ...CODE_SHAPES, '^[A-Za-z]{8,15}$', ANONYMOUS_FTP, ...PASSWORD_LOOKALIKES];

/**
 * A curl login whose password is its user name: a product's default account as its docs show it
 * (RabbitMQ's `curl -u guest:guest http://localhost:15672/api/…`, `admin:admin`), not a secret anyone set.
 */
const SAME_USER_AND_PASSWORD = '(?:-u|--user)(?:=|[ \\t]{1,5})["\']?([^\\s:"\']+):\\1["\']?$';

/**
 * A key name that says its value is where the secret is kept, not the secret: a file, a path, a URL
 * (`GOOGLE_OAUTH2_CLIENT_SECRETS_JSON=/path/to/client-secret.json` in oauth2client's docs).
 */
const SECRET_LOCATION_KEY = '^[\\w.-]*?[_.-](?:json|file|path|dir|url|uri)["\']?[ \\t]*(?:=|:|=>|:=)';

/** Private keys, tokens with a self-describing shape, connection strings and generic assignments. */
export const keyRules: SecretRuleDef[] = [
  { id: 'private-key-rsa', provider: 'pem', description: 'RSA private key (PEM)', keywords: ['BEGIN RSA PRIVATE KEY'], regex: '(-----BEGIN RSA PRIVATE KEY-----(?!\\s*Proc-Type:\\s*4,ENCRYPTED)' + PEM_BODY + '{64,8192}?-----END RSA PRIVATE KEY-----)', severity: 'critical' },
  { id: 'private-key-ec', provider: 'pem', description: 'EC private key (PEM)', keywords: ['BEGIN EC PRIVATE KEY'], regex: '(-----BEGIN EC PRIVATE KEY-----(?!\\s*Proc-Type:\\s*4,ENCRYPTED)' + PEM_BODY + '{64,4096}?-----END EC PRIVATE KEY-----)', severity: 'critical' },
  { id: 'private-key-dsa', provider: 'pem', description: 'DSA private key (PEM)', keywords: ['BEGIN DSA PRIVATE KEY'], regex: '(-----BEGIN DSA PRIVATE KEY-----(?!\\s*Proc-Type:\\s*4,ENCRYPTED)' + PEM_BODY + '{64,4096}?-----END DSA PRIVATE KEY-----)', severity: 'critical' },
  { id: 'private-key-openssh', provider: 'ssh', description: 'OpenSSH private key', keywords: ['BEGIN OPENSSH PRIVATE KEY'], regex: '(-----BEGIN OPENSSH PRIVATE KEY-----(?!\\s*' + OPENSSH_CIPHER_AT + '(?!' + OPENSSH_NO_CIPHER + '))' + PEM_BODY + '{64,8192}?-----END OPENSSH PRIVATE KEY-----)', severity: 'critical' },
  { id: 'private-key-pkcs8', provider: 'pem', description: 'PKCS#8 private key (PEM, also inside GCP service-account JSON)', keywords: ['BEGIN PRIVATE KEY'], regex: '(-----BEGIN PRIVATE KEY-----' + PEM_BODY + '{64,8192}?-----END PRIVATE KEY-----)', severity: 'critical' },
  { id: 'private-key-legacy-encrypted', provider: 'pem', description: 'Passphrase-protected private key (PEM, Proc-Type 4,ENCRYPTED; still sensitive, passphrase may be nearby)', keywords: ['BEGIN RSA PRIVATE KEY', 'BEGIN EC PRIVATE KEY', 'BEGIN DSA PRIVATE KEY'], regex: '(-----BEGIN (?:RSA|EC|DSA) PRIVATE KEY-----\\s*Proc-Type:\\s*4,ENCRYPTED' + PEM_BODY + '{64,8192}?-----END (?:RSA|EC|DSA) PRIVATE KEY-----)', severity: 'medium' },
  { id: 'private-key-openssh-encrypted', provider: 'ssh', description: 'Passphrase-protected OpenSSH private key (still sensitive, passphrase may be nearby)', keywords: ['BEGIN OPENSSH PRIVATE KEY'], regex: '(-----BEGIN OPENSSH PRIVATE KEY-----\\s*' + OPENSSH_CIPHER_AT + '(?!' + OPENSSH_NO_CIPHER + ')' + PEM_BODY + '{32,8192}?-----END OPENSSH PRIVATE KEY-----)', severity: 'medium' },
  { id: 'private-key-encrypted', provider: 'pem', description: 'Encrypted private key (PEM; still sensitive, passphrase may be nearby)', keywords: ['BEGIN ENCRYPTED PRIVATE KEY'], regex: '(-----BEGIN ENCRYPTED PRIVATE KEY-----' + PEM_BODY + '{64,8192}?-----END ENCRYPTED PRIVATE KEY-----)', severity: 'medium' },
  { id: 'private-key-pgp', provider: 'pgp', description: 'PGP private key block', keywords: ['BEGIN PGP PRIVATE KEY BLOCK'], regex: '(-----BEGIN PGP PRIVATE KEY BLOCK-----' + PEM_BODY + '{64,16384}?-----END PGP PRIVATE KEY BLOCK-----)', severity: 'critical' },
  { id: 'private-key-putty', provider: 'ssh', description: 'PuTTY private key file', keywords: ['PuTTY-User-Key-File-'], regex: '(PuTTY-User-Key-File-\\d+: [\\s\\S]{32,4096}?Private-MAC: [a-f0-9]{40,64})', severity: 'critical' },
  { id: 'jwt', provider: 'jwt', description: 'JSON Web Token', keywords: ['eyJ'], regex: '\\b(eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,})(?![A-Za-z0-9_-])', entropy: 3, severity: 'medium' },
  { id: 'postgres-connection-string', provider: 'postgresql', description: 'PostgreSQL connection string with a password', keywords: ['postgres://', 'postgresql://', 'postgresql+'], regex: 'postgres(?:ql)?(?:\\+[a-z0-9]+)?://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'mysql-connection-string', provider: 'mysql', description: 'MySQL / MariaDB connection string with a password', keywords: ['mysql://', 'mysql+', 'mariadb://'], regex: '(?:mysql|mariadb)(?:\\+[a-z0-9]+)?://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'mongodb-connection-string', provider: 'mongodb', description: 'MongoDB connection string with a password', keywords: ['mongodb://', 'mongodb+srv://'], regex: 'mongodb(?:\\+srv)?://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'redis-connection-string', provider: 'redis', description: 'Redis connection string with a password', keywords: ['redis://', 'rediss://'], regex: 'rediss?://[^\\s:/@"\'<>]{0,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'amqp-connection-string', provider: 'amqp', description: 'AMQP (RabbitMQ) connection string with a password', keywords: ['amqp://', 'amqps://'], regex: 'amqps?://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'mssql-connection-string', provider: 'mssql', description: 'SQL Server / ADO.NET connection string with a password', keywords: ['password=', 'pwd='], regex: '(?:Server|Data Source)=[^;"\'\\n]{1,255};[^"\'\\n]{0,255}?(?:Password|Pwd)=([^;"\'\\s]{3,128})', flags: 'i' },
  { id: 'jdbc-connection-string', provider: 'jdbc', description: 'JDBC URL with a password', keywords: ['jdbc:'], regex: 'jdbc:[a-z0-9]+:(?:thin:)?[^\\s"\'<>]{0,255}?(?:password=|:)([^\\s;&:/@"\'<>]{3,128})(?:@|[;&"\'\\s]|$)', flags: 'i', entropy: 2 },
  { id: 'snowflake-connection-string', provider: 'snowflake', description: 'Snowflake connection string with a password', keywords: ['snowflake://'], regex: 'snowflake://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@', flags: 'i', allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'ftp-credentials-url', provider: 'ftp', description: 'FTP / SFTP URL with a password', keywords: ['ftp://', 'sftp://'], regex: '(?:sftp|ftp)://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[^\\s/"\'<>]{1,255}', flags: 'i', allowlist: { regexes: [REGEX_ESCAPES], matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST, OPTIONAL_PARTS] } },
  { id: 'http-basic-auth-url', provider: 'generic', description: 'HTTP(S) URL with a user and password', keywords: ['http://', 'https://'], regex: 'https?://[A-Za-z0-9._~%!$&*+;=-]{1,64}:([A-Za-z0-9._~%!$&*+;=-]{3,128})@(?:[A-Za-z0-9.-]|\\\\&(?=\\.)){1,255}', flags: 'i', entropy: 2, severity: 'medium', generic: true, allowlist: { matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'basic-auth-header', provider: 'generic', description: 'HTTP Basic Authorization header', keywords: ['basic '], regex: 'Authorization["\']?\\s*[:=]\\s*["\']?Basic ([A-Za-z0-9+/]{12,}={0,2})', flags: 'i', entropy: 3, generic: true },
  { id: 'bearer-token-header', provider: 'generic', description: 'HTTP Bearer Authorization header with a literal token', keywords: ['bearer '], regex: 'Authorization["\']?\\s*[:=]\\s*["\']?Bearer ([A-Za-z0-9._~+/-]{20,}={0,2})', flags: 'i', entropy: 3.5, generic: true, severity: 'medium' },
  { id: 'kubeconfig-token', provider: 'kubernetes', description: 'Kubernetes kubeconfig user token', keywords: ['token:'], regex: 'token:(?<=(?:^|\\n)\\s+token:)\\s*["\']?([A-Za-z0-9._-]{40,})', entropy: 3.5, generic: true },
  { id: 'docker-config-auth', provider: 'docker', description: 'Docker config.json registry auth', keywords: ['"auth"'], regex: '"auths?"\\s*:\\s*\\{[^}]{0,200}"auth"\\s*:\\s*"([A-Za-z0-9+/]{16,}={0,2})"', entropy: 3 },
  { id: 'npmrc-auth-token', provider: 'npm', description: '.npmrc registry auth token', keywords: ['_authToken='], regex: '_authToken=([A-Za-z0-9._-]{20,})', entropy: 3 },
  { id: 'pypirc-password', provider: 'pypi', description: '.pypirc password', keywords: ['[pypi]', 'repository'], regex: '\\[(?:pypi|testpypi)\\][^\\[]{0,300}?\\npassword\\s*[:=]\\s*(\\S{8,})', entropy: 3 },
  { id: 'netrc-password', provider: 'generic', description: '.netrc machine password', keywords: ['machine '], regex: 'machine\\s+\\S+\\s+login\\s+\\S+\\s+password\\s+(\\S{6,})', entropy: 2.5, allowlist: { regexes: NETRC_PLACEHOLDERS, matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST] } },
  { id: 'htpasswd-hash', provider: 'generic', description: 'htpasswd / crypt password hash', keywords: ['$apr1$', '$2y$', '$2a$', '$6$'], regex: '(?<=(?:^|\\n)[A-Za-z0-9._-]{1,64}:)(\\$(?:apr1|2[ayb]|6)\\$[./A-Za-z0-9$]{20,})', severity: 'medium' },
  assigned('generic-password', 'generic', 'Password assigned in code or config', ['password', 'passwd', 'pwd', 'db_pass'], '[^\\s"\'`;,]{8,64}', { entropy: 3.2, severity: 'medium', allowlist: { regexes: PASSWORD_VALUE_ALLOWED, matchRegexes: PASSWORD_SETTING_KEYS } }),
  // Maven's settings.xml, Tomcat's and other servers' XML configs: `<password>…</password>`, also a
  // name ending in the word (`<keyStorePassword>`). gitleaks' generic rule takes `>` as an assignment.
  { id: 'xml-password-element', provider: 'generic', description: 'Password in an XML element (Maven settings.xml, server configs)', keywords: ['password', 'passwd'], regex: '(?<=<[A-Za-z_][\\w.:-]{0,30}|<)(?:password|passwd)>[ \\t]*([^<\\s]{8,64})[ \\t]*</(?:[A-Za-z_][\\w.:-]{0,30})?(?:password|passwd)>', flags: 'i', entropy: 3.2, severity: 'medium', generic: true, allowlist: { regexes: PASSWORD_VALUE_ALLOWED } },
  // A password on a curl command line (`curl -u deploy:… https://…`), in scripts, CI files and READMEs:
  // gitleaks' curl-auth-user. The user may be quoted with the password or stand alone before it.
  { id: 'curl-basic-auth', provider: 'generic', description: 'Password on a curl command line (-u / --user user:password)', keywords: ['curl'], regex: 'curl\\b[^\\n]{0,200}?[ \\t](?:-u|--user)(?:=|[ \\t]{1,5})["\']?[^\\s:"\'$]{1,64}:([^\\s"\'`]{3,128})["\']?(?=[\\s;|&)]|$)', entropy: 2, severity: 'medium', generic: true, allowlist: { regexes: ['^[A-Z][A-Z0-9_]*$', '^[$<{%]', ...PASSWORD_LOOKALIKES], matchRegexes: [RESERVED_HOST, PLACEHOLDER_HOST, SAME_USER_AND_PASSWORD] } },
  assigned('generic-api-key', 'generic', 'High-entropy value assigned to an api key / token / secret name', ['api_key', 'apikey', 'api-key', 'secret_key', 'access_token', 'auth_token', 'client_secret', 'secret-key', 'private_token'], '[A-Za-z0-9_+/.-]{20,128}={0,2}', { entropy: 3.7, severity: 'medium', allowlist: { regexes: ['^(?:os|process|env|config|settings|self|this)\\.', '^[a-z]+(?:_[a-z]+)+$', '^[A-Z]+(?:_[A-Z0-9]+)+$', '^[a-z]+(?:[A-Z][a-z0-9]+)+$', '^[a-z]+(?:\\.[a-z_]+)+$', ...CODE_SHAPES], matchRegexes: [SECRET_LOCATION_KEY] } }),
];
