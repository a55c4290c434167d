/**
 * The domains RFC 2606 and RFC 6761 reserve for documentation and tests: `example.com`,
 * `example.org`, `example.net` and their subdomains, and any name under `.example`, `.test` or
 * `.invalid`. A credential for such a host is no one's: the secret rules (a URL's or a `.netrc`'s
 * host) and the PII recognizer of URLs with credentials both leave them, from this one source.
 * Regex source, no anchors: each caller says where the host starts and ends.
 */
export const RESERVED_DOMAIN = '(?:[a-z0-9-]+\\.)*(?:example\\.(?:com|org|net)|[a-z0-9-]+\\.(?:example|test|invalid))';

/**
 * The host names docs write for "your company's server" (pip's `https://user:he%2F%2Fo@pypi.company.com`,
 * `proxy.myorg.com`, `db.yourdomain.com`, `your-domain.com`): never where a real credential points.
 * Only the whole registrable name: `acme-company.com` is a real host. The secret rules (a URL's or
 * a `.netrc`'s host) and the PII recognizer of URLs with credentials both leave them. Regex source,
 * no anchors, as RESERVED_DOMAIN.
 */
export const PLACEHOLDER_DOMAIN = '(?:[a-z0-9-]+\\.)*(?:(?:(?:my|your)-?)?(?:company|domain)|(?:my|your)-?(?:org|corp|site|server|host|website|app))\\.(?:com|org|net)';
