/**
 * A dot of a host name, or one a man page writes after roff's zero-width `\&` (`example\&.org`:
 * the escape keeps a line-initial or sentence-end dot from being read as one). Regex source.
 */
const DOT = '(?:\\\\&)?\\.';

/**
 * The eleven test top-level names IANA put in the root for the 2007 IDN evaluation (withdrawn in
 * 2013: no one's hosts), in the ASCII form URLs carry: "test" in Arabic, Persian, Chinese (two scripts),
 * Russian, Hindi, Greek, Korean, Yiddish, Japanese and Tamil. The WHATWG URL standard's examples,
 * and Node's URL docs after them, write `https://a:b@測試?abc#foo`, which parses to `xn--g6w251d`.
 */
const IDN_TEST_TLDS = 'xn--(?:kgbechtv|hgbk6aj7f53bba|0zwm56d|g6w251d|80akhbyknj4f|11b5bs3a9aj6g|jxalpdlp|9t4b11yi5a|deba0ad|zckzah|hlcj6aya9esc7a)';

/**
 * The domains RFC 2606 and RFC 6761 reserve for documentation and tests: `example.com`,
 * `example.org`, `example.net` and their subdomains, and any name under `.example`, `.test` or
 * `.invalid`; and the IDN test names, alone or under them. A credential for such a host is no
 * one's: the secret rules (a URL's or a `.netrc`'s host) and the PII recognizer of URLs with
 * credentials both leave them, from this one source. Regex source, no anchors: each caller says
 * where the host starts and ends.
 */
export const RESERVED_DOMAIN = `(?:[a-z0-9-]+${DOT})*(?:example${DOT}(?:com|org|net)|[a-z0-9-]+${DOT}(?:example|test|invalid)|${IDN_TEST_TLDS})`;

/**
 * The host names docs write for "your company's server" (pip's `https://user:he%2F%2Fo@pypi.company.com`,
 * `proxy.myorg.com`, `db.yourdomain.com`, `your-domain.com`): never where a real credential points.
 * Only the whole registrable name: `acme-company.com` is a real host. The secret rules (a URL's or
 * a `.netrc`'s host) and the PII recognizer of URLs with credentials both leave them. Regex source,
 * no anchors, as RESERVED_DOMAIN.
 */
export const PLACEHOLDER_DOMAIN = `(?:[a-z0-9-]+${DOT})*(?:(?:(?:my|your)-?)?(?:company|domain)|(?:my|your)-?(?:org|corp|site|server|host|website|app))${DOT}(?:com|org|net)`;
