/**
 * What the IP_ADDRESS recognizers (recognizers.ts) ask of a dotted quad or a colon-hex run: whether
 * it can name a subscriber, and the shapes that say it is a version, a section number or a list of
 * versions rather than an address.
 */

/** Public DNS resolvers everyone configures (Google, Cloudflare, Quad9, OpenDNS). */
const WELL_KNOWN_RESOLVERS = new Set(['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220']);

/**
 * Whether a dotted quad can name one subscriber on the internet, which is what makes an IP address
 * personal data: not the unspecified, private (RFC 1918), loopback, link-local, documentation
 * (RFC 5737) or multicast / reserved / netmask (224 and up) ranges, nor a network or broadcast
 * address, nor a well-known public resolver. API docs, configs and logs are full of `10.0.0.1`,
 * `192.0.2.15`, `255.255.255.0`, `127.0.0.1` and `8.8.8.8`.
 */
export function publicIpv4(m: string): boolean {
  const [a = 0, b = 0, c = 0, d = 0] = m.split('.', 4).map(Number);
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  // A network or broadcast address (`52.94.0.0`, `81.2.69.255`) names a block, not a host; so does
  // every four-part version that ends in zeros (`DNG 1.1.0.0`).
  if (d === 0 || d === 255) return false;
  if ((a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return false;
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  return !WELL_KNOWN_RESOLVERS.has(m) && !countingAddress(m);
}

/**
 * An address whose digits count up or down (`1.2.3.4`, `5.6.7.8`, `4.3.2.1`, `1.234.56.78`,
 * `12.34.56.78`): what docs write for "an address goes here" (ip-fou(8), lsof(8), gcloud's
 * `proxy/address 1.234.56.78`). No subscriber is told apart by it: a public address drawn at random
 * is so shaped a few times in 10⁹.
 */
function countingAddress(m: string): boolean {
  const digits = m.replace(/\./g, '');
  const step = digits.charCodeAt(1) - digits.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < digits.length; i++) if (digits.charCodeAt(i) - digits.charCodeAt(i - 1) !== step) return false;
  return true;
}

/**
 * The same resolvers' IPv6 addresses, and the addresses `example.com` and `example.org` have
 * resolved to (Node's `dns` docs print a lookup of them), in the canonical form `canonicalIpv6` writes.
 */
const WELL_KNOWN_IPV6 = new Set(
  ['2001:4860:4860::8888', '2001:4860:4860::8844', '2606:4700:4700::1111', '2606:4700:4700::1001', '2620:fe::fe', '2620:fe::9', '2620:119:35::35', '2620:119:53::53', '2606:2800:220:1:248:1893:25c8:1946', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'].map(
    (a) => canonicalIpv6(a),
  ),
);

/**
 * Whether an IPv6 address can name a subscriber: global unicast (2000::/3, the only block IANA
 * hands out for the Internet), not documentation (2001:db8::/32) nor the 6bone's (3ffe::/16), nor a well-known public resolver
 * (`2001:4860:4860::8888`, written with or without its zeros). Outside 2000::/3 lie loopback,
 * link-local, unique-local and multicast, and unassigned space docs fill with made-up ranges
 * (`1111:0000:0000:0000:0000:0000:0000:0111` in AWS WAF's, `8592:757c:efae:4e45::` in Node's).
 */
export function publicIpv6(m: string): boolean {
  const first = m.toLowerCase().split(':', 2);
  const a = first[0] === '' ? 0 : parseInt(first[0]!, 16);
  const b = first[1] ? parseInt(first[1], 16) : 0;
  if ((a & 0xe000) !== 0x2000) return false;
  // The 6bone's 3ffe::/16 (RFC 2471), returned in 2006 (RFC 3701) and never given out since: docs
  // of that time write it as 2001:db8:: is written now (hosts_access(5), lsof(8)).
  return !(a === 0x2001 && b === 0x0db8) && a !== 0x3ffe && !WELL_KNOWN_IPV6.has(canonicalIpv6(m));
}

/** An IPv6 address as eight groups in lower case without leading zeros (`::` expanded), for comparing spellings. */
function canonicalIpv6(m: string): string {
  const [head = '', tail] = m.toLowerCase().split('::', 2);
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
/** An IPv6 address has `::` or a colon between hex digits three times in a row; prose rarely does. */
export function hasIpv6Shape(text: string): boolean {
  if (text.includes('::')) return true;
  // Three colons at least (a timestamp's two are not enough).
  const second = text.indexOf(':', text.indexOf(':') + 1);
  if (second < 0 || text.indexOf(':', second + 1) < 0) return false;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    if (!isHex(text.charCodeAt(i - 1)) || !isHex(text.charCodeAt(i + 1))) continue;
    let colons = 0;
    for (let j = i; j < i + 40 && j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 58) colons++;
      else if (!isHex(c)) break;
    }
    if (colons >= 3) return true;
  }
  return false;
}
/** A two- or three-part version just before or after a match, whitespace between. */
export const VERSION_BEFORE = /(?:^|\s)\d{1,4}(?:\.\d{1,4}){1,2}\s+$/;
export const VERSION_AFTER = /^\s+\d{1,4}(?:\.\d{1,4}){1,2}(?:\s|$)/;

/**
 * What a version-shaped address scores: below the threshold, so only a context word (`ip`,
 * `host`, `client` …) or an address column makes it a hit.
 */
export const VERSION_SHAPED_IP = 0.3;

/**
 * An address shaped like a four-part version or a section number: a first part under 10 and
 * another under 10 (`4.3.99.16`, `1.9.99.15`, `2.21.7.1`, section `4.5.3.1`, the OID `2.5.4.3`).
 * Nine in ten four-part IPv4 hits in Debian's changelogs and the package registries' version lists
 * were this; a public address drawn at random is so shaped about once in 200 (Amazon's 3.0.0.0/8
 * more often: those need their context word).
 */
export function versionShaped(ip: string): boolean {
  const parts = ip.split('.');
  if (parts[0]!.length !== 1) return false;
  return parts[1]!.length === 1 || parts[2]!.length === 1 || parts[3]!.length === 1;
}

/** A four-part dotted number standing as a token right before or after a match, on the same line. */
const DOTTED_BEFORE = /(?:^|[^\w.])(\d{1,3}(?:\.\d{1,3}){3}),?[ \t]+$/;
const DOTTED_AFTER = /^,?[ \t]+(\d{1,3}(?:\.\d{1,3}){3})(?!\w|\.\d)/;

/**
 * A four-part dotted number that reads as a version: a first part under 32 and a one-digit minor
 * or patch part (`14.2.1.203`, `25.0.4.1`, `8.3.1.5`). All 314 members of the runs of four-part
 * numbers in the package registries' version lists and Debian's changelogs are so shaped; a
 * public address with a first part under 32 has a one-digit second or third part about one time
 * in thirteen (the last part is left out: a subnet's first hosts, `20.42.11.5 20.42.11.6`, have
 * one), so a run of real addresses from 3.0.0.0/8 or 20.0.0.0/8 mostly keeps its findings.
 */
function versionLike(dotted: string): boolean {
  const parts = dotted.split('.');
  return Number(parts[0]) < 32 && (parts[1]!.length === 1 || parts[2]!.length === 1);
}

/**
 * Whether a version-like address stands in a run of version-like four-part numbers on its line
 * (`HarfBuzzSharp … 8.3.1.5 14.2.1.203 14.2.1.204`): a list of a package's versions, where the
 * versions under 10 were already read as such (versionShaped) and the rest were not. A list of
 * addresses (`allow 52.94.3.201 52.94.3.202`) is not version-like, and `10.0.0.1 10.0.0.2` is
 * private anyway; an address context word or column still makes such a run a finding.
 */
export function inVersionRun(m: string, text: string, start: number): boolean {
  if (!versionLike(m)) return false;
  const before = DOTTED_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
  if (before && versionLike(before[1]!)) return true;
  const after = DOTTED_AFTER.exec(text.slice(start + m.length, start + m.length + 24));
  return !!after && versionLike(after[1]!);
}

/**
 * Whether a version-like address opens its line as a heading's number does (`14.2.12.1 Calling
 * Macros`, a manual's table of contents: PSPP's gave 54 "addresses" on one page): only spaces
 * before it on the line, a capitalised word right after it. A hosts file names lower-case hosts,
 * a log's address is rarely version-like (its first part under 32 and a one-digit second or third
 * part), and an address context word or column still makes one a finding.
 */
export function headingNumber(m: string, text: string, start: number): boolean {
  if (!versionLike(m)) return false;
  for (let i = start - 1; i >= 0 && i >= start - 16; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c !== 32 && c !== 9) return false;
    if (i === start - 16) return false;
  }
  return HEADING_TITLE.test(text.slice(start + m.length, start + m.length + 16));
}

/**
 * Whether a version-like address is a heading's number as a man page's roff request opens it
 * (`.IP "5.5.1.1 \s-1FFC\s0 Domain Parameter Selection/Generation" 4`, OpenSSL's pages): the
 * request's name (`.IP`) is no address word, so such a number is none whatever its line holds.
 */
export function roffHeadingNumber(m: string, text: string, start: number): boolean {
  return versionLike(m) && ROFF_REQUEST_LEAD.test(text.slice(Math.max(0, start - 6), start)) && HEADING_TITLE.test(text.slice(start + m.length, start + m.length + 16));
}

/** A roff request opening its line, its argument quoted or not (`.IP "`, `.SS `). */
const ROFF_REQUEST_LEAD = /(?:^|\n)\.[A-Za-z]{1,2}[ \t]+"?$/;
/** A capitalised title after a heading's number, roff's size and font escapes (`\s-1FFC`) or a quote (`11.2.2.1 ‘O_NOFOLLOW’`, an Info manual's) before it. */
const HEADING_TITLE = /^[ \t]+(?:\\(?:s[-+]?\d|f[BIRP]))*['‘"“]?\p{Lu}/u;
