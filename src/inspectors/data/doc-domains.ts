/**
 * The domains RFC 2606 and RFC 6761 reserve for documentation and tests: `example.com`,
 * `example.org`, `example.net` and their subdomains, and any name under `.example`, `.test` or
 * `.invalid`. A credential for such a host is no one's: the secret rules (a URL's or a `.netrc`'s
 * host) and the PII recognizer of URLs with credentials both leave them, from this one source.
 * Regex source, no anchors: each caller says where the host starts and ends.
 */
export const RESERVED_DOMAIN = '(?:[a-z0-9-]+\\.)*(?:example\\.(?:com|org|net)|[a-z0-9-]+\\.(?:example|test|invalid))';
