import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/**
 * Lines from real text (Debian changelogs and READMEs, node_modules docs, package registries'
 * version lists, botocore's examples) that were reported, each beside the hit it must still make.
 */
describe('PII precision on real text', () => {
  it('reads a four-part version, section number or OID as no address without a context word', () => {
    for (const t of [
      '    XFree86 4.3.99.16 Bring the tree up to the approximate',
      '    Requires inputproto 1.9.99.15',
      'ca.uhn.hapi.fhir:org.hl7.fhir.utilities\t7.0.5\t6.9.4.1 6.9.5 6.9.12',
      'RFC-5321 section 4.5.3.1. “Size Limits and Minimums” still says:',
      "as well as numerical forms (e.g. '2.5.4.3'). If $no_name is 1",
      'AWSSDK.SQS\t4.0.100.25\tApache-2.0',
      '@minecraft/server-admin\t1.0.0-beta.preview.1.19.50.25\t56773',
      'org.graalvm.sdk:jniutils\t25.5.5.0.3\t23.1.8 25.0.3 25.0.4 25.0.4.1 25.0.4.1.1 25.0.5 25.3.4.1',
      'harfbuzzsharp\t7.3.0 7.3.0.3 8.3.1.1 8.3.1.5',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    // The same shape with a context word, in an address column, and an address of another shape.
    expect(entities('client ip 4.3.99.16 blocked')).toEqual(['IP_ADDRESS 4.3.99.16']);
    expect(entities('3.8.120.4', 'source_ip')).toEqual(['IP_ADDRESS 3.8.120.4']);
    expect(entities('        % telnet 131.155.70.19 111')).toEqual(['IP_ADDRESS 131.155.70.19']);
    expect(entities('allow 52.94.3.201 52.94.3.202 54.239.28.85')).toEqual(['IP_ADDRESS 52.94.3.201', 'IP_ADDRESS 52.94.3.202', 'IP_ADDRESS 54.239.28.85']);
    expect(entities('Login from 52.94.3.201 at 10:42.')).toEqual(['IP_ADDRESS 52.94.3.201']);
  });

  it('reads a run of four-part versions past 9 (NuGet\'s list) as no addresses, and a run of addresses as addresses', () => {
    for (const t of [
      'HarfBuzzSharp\t14.4.0\tMIT\t…\t7.3.0 7.3.0.3 8.3.1.1 8.3.1.5 14.2.1.203 14.2.1.204 14.2.1.205 14.2.1.300 14.4.0',
      '8.3.1.5 14.2.1.203 14.2.1.204',
      'builds 25.0.4.1, 25.0.5.2, 26.1.0.17',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    // An address context word or an address column still makes the run a finding.
    expect(entities('client ip 14.2.1.203 14.2.1.204')).toEqual(['IP_ADDRESS 14.2.1.203', 'IP_ADDRESS 14.2.1.204']);
    expect(entities('14.2.1.203 14.2.1.204', 'source_ip')).toEqual(['IP_ADDRESS 14.2.1.203', 'IP_ADDRESS 14.2.1.204']);
    // One such number alone is not a run; a run of addresses past 31, or with no one-digit middle
    // part (a subnet's first hosts), is not version-like; private ones are no one's in any case.
    expect(entities('Telegram.Bot\t22.10.3.3\tMIT')).toEqual(['IP_ADDRESS 22.10.3.3']);
    expect(entities('allow 52.94.3.201 52.94.3.202 54.239.28.85')).toEqual(['IP_ADDRESS 52.94.3.201', 'IP_ADDRESS 52.94.3.202', 'IP_ADDRESS 54.239.28.85']);
    expect(entities('sshd: refused 20.42.11.5 20.42.11.6')).toEqual(['IP_ADDRESS 20.42.11.5', 'IP_ADDRESS 20.42.11.6']);
    expect(entities('Nov 26 sshd: refused 10.0.0.1 10.0.0.2')).toEqual([]);
    // On another line a version is no neighbour.
    expect(entities('Git 1.8.1.6\n14.2.1.203 was the build')).toEqual(['IP_ADDRESS 14.2.1.203']);
  });

  it('reads no address in a version column (PyPI\'s date-based versions), unless the column also names an address', () => {
    // pypi.tsv's `version` column: `aeolus 24.11.1.2`, `agy-remote 26.9.4.111`, `aim3 18.10.29.3`.
    for (const value of ['24.11.1.2', '26.9.4.111', '18.10.29.3']) {
      expect(entities(value, 'version'), value).toEqual([]);
      expect(entities(value, 'newest_version_that_restored_alone_on_net10.0 (pre-releases only where no other is served)'), value).toEqual([]);
      expect(entities(value, 'notes'), value).toEqual([`IP_ADDRESS ${value}`]);
      expect(entities(value, 'server_ip (version 4)'), value).toEqual([`IP_ADDRESS ${value}`]);
      // The IP version of a server: no address (see false-compounds.ts).
      expect(entities(value, 'server_ip_version'), value).toEqual([]);
    }
    // Other entities in a version column are not affected.
    expect(entities('mail 52.94.3.201 or ops@example.org', 'version')).toEqual(['EMAIL_ADDRESS ops@example.org']);
  });

  it('reads a North American shape inside a list of numbers as no phone number, unless a phone word or column says so', () => {
    for (const t of [
      'IGNORED: failed tests: 101 102 103 104 105 106 571 612 1056',
      'sizes 571 612 1056 2147483647',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    expect(entities('phone numbers: 101 102 103 104 105 106 571 612 1056')).toEqual(['PHONE_NUMBER 571 612 1056']);
    expect(entities('101 102 103 104 105 106 571 612 1056', 'phone')).toEqual(['PHONE_NUMBER 571 612 1056']);
    // A number one separator away of another kind is no list of the same, and nor is a word ending in digits.
    expect(entities('ref 106, 571 612 1056')).toEqual(['PHONE_NUMBER 571 612 1056']);
    expect(entities('Suite B2 571 612 1056')).toEqual(['PHONE_NUMBER 571 612 1056']);
    expect(entities('leave a message at 571 612 1056 or later')).toEqual(['PHONE_NUMBER 571 612 1056']);
  });

  it("reads a regulation's clause number as no phone number (DFARS in licence texts), and a phone beside it as one", () => {
    expect(entities(' in Clause 252.227-7013 (c) (1) of DFARs.  Notwithstanding the')).toEqual([]);
    expect(entities('as defined in FAR 2.101, or DFARS 252.227-7014 (June 1995), as applicable')).toEqual([]);
    expect(entities('see section 252.227-7013, or call 317-278-4100')).toEqual(['PHONE_NUMBER 317-278-4100']);
  });

  it('reads a section number past 9 as no address, the word right before it', () => {
    for (const t of [
      '    such (see section 14.8.4.2 "Grouping Elements" of the PDF',
      '- bpo-33433: For IPv4 mapped IPv6 addresses (:rfc:`4291` Section 2.5.5.2),',
      'as required by § 22.4.1.7 of the standard',
      // The second is no section's neighbour but a version-like one's.
      'sections 14.8.4.3, 14.8.4.4 and 14.8.5',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    // The word elsewhere in the line names no section.
    expect(entities('[network] section: host 52.94.3.201')).toEqual(['IP_ADDRESS 52.94.3.201']);
    expect(entities('the cross-section 52.94.3.201 log')).toEqual(['IP_ADDRESS 52.94.3.201']);
  });

  it('reads a row of small numbers as no phone number, even beside a word like cells (PSPP manual)', () => {
    expect(entities('MATRIX DATA\nVARIABLES=f1 var01 TO var04\n/FACTOR=f1\n/CELLS=2\n/CONTENTS=(MEAN SD N) CORR.\nBEGIN DATA.\n0 34 35 36 37\n0 22 11 55 66\n')).toEqual([]);
    // A French number, and its freephone form, beside a phone word, still are.
    expect(entities('tél. 01 42 68 53 00')).toEqual(['PHONE_NUMBER 01 42 68 53 00']);
    expect(entities('tél. 0 800 472 913')).toEqual(['PHONE_NUMBER 0 800 472 913']);
  });

  it('reads a URL with credentials to a domain reserved for documentation as an example (Node.js docs)', () => {
    for (const t of ["const myURL = new URL('https://abc:xyz@example.com');", 'curl http://admin:s3cr3t@api.staging.example/v1', 'ftp://u:p4ss@files.example.org/x']) expect(entities(t), t).toEqual([]);
    expect(entities("new URL('https://abc:xyz@example.acme-corp.net')")).toEqual(['URL_WITH_CREDENTIALS https://abc:xyz@example.acme-corp.net']);
  });

  it("reads a man page's URL to a reserved domain written with roff's zero-width escape before a dot as an example (apt_auth.conf(5))", () => {
    expect(entities('deb https://apt:debian@example\\&.org/debian bookworm main')).toEqual([]);
    // The same escape in a real host's name is part of that host, and still reported.
    expect(entities('deb https://apt:debian@apt\\&.acme-corp.net/debian bookworm main')).toEqual(['URL_WITH_CREDENTIALS https://apt:debian@apt\\&.acme-corp.net']);
  });

  it("reads a URL with credentials to a host docs write for your company's (pip's docs) as an example, as the secret rules do", () => {
    const pass = ['Vq7', 'rT2', 'xL9'].join('');
    for (const t of ['pip install --index-url https://user:pass@pypi.company.com/simple pkg', `https://admin:${pass}@git.mycompany.com/repo.git`, `ftp://deploy:${pass}@files.your-domain.com/in`, `http://bob:${pass}@yourcompany.com:8080/`, `wss://svc:${pass}@api.myorg.com/ws`]) {
      expect(entities(t), t).toEqual([]);
    }
    // A real host whose name only contains such a word, or has it as a subdomain, is a real credential.
    for (const host of ['pypi.acme-company.com', 'company.com.evil.io', 'mycompany.io']) {
      expect(entities(`https://user:${pass}@${host}/simple`)).toEqual([`URL_WITH_CREDENTIALS https://user:${pass}@${host}`]);
    }
  });

  it("reads Unicode's code points and collation weights as no phone number, even beside TELEPHONE (NamesList.txt, allkeys.txt)", () => {
    expect(entities('1F4DE ; [*1709.0020.0002] # TELEPHONE RECEIVER')).toEqual([]);
    expect(entities('213B FACSIMILE SIGN (telephone fax)\n\t# 0046 0041 0058')).toEqual([]);
    // National numbers beside a phone word still are, a padded group among them too.
    expect(entities('Tel. 030 0012 3859')).toEqual(['PHONE_NUMBER 030 0012 3859']);
    expect(entities('phone: 0170 9002 0002')).toEqual(['PHONE_NUMBER 0170 9002 0002']);
  });

  it("reads four groups inside a row of code points as no card (Python's cp866 mapping table)", () => {
    expect(entities(' 2591 2592 2593 2502 2524 2561 2562 2556 2555 2563 2551 2557 255D 255C 255B 2510')).toEqual([]);
    // A card written in its four groups, alone or beside words and an expiry, still is one.
    expect(entities('card 2524 2561 2562 2556 exp 12/29')).toEqual(['CREDIT_CARD 2524 2561 2562 2556']);
    expect(entities('2524 2561 2562 2556', 'card_number')).toEqual(['CREDIT_CARD 2524 2561 2562 2556']);
  });

  it('reads a decimal number as no phone number, even where its digits make a valid one (matplotlib, GDAL data)', () => {
    // Stocks.csv's price, ozi_ellips.csv's inverse flattening: 309 and 308 are US area codes.
    const cases: [string, string][] = [['309.6171875', 'column_4'], ['308.6409971', 'INVF'], ['price 309.6171875 today', ''], ['309.6171875', 'phone']];
    for (const [t, field] of cases) {
      expect(entities(t, field), t).toEqual([]);
    }
    // Dotted groups are still a phone number's.
    expect(entities('call 309.617.1875')).toEqual(['PHONE_NUMBER 309.617.1875']);
    expect(entities('309-6171875', 'phone')).toEqual(['PHONE_NUMBER 309-6171875']);
  });

  it("reads a heading's number opening its line as no address (a manual's table of contents: PSPP's)", () => {
    const toc = ['14.2.12 Additional Notes . . . . . . . . 148', '14.2.12.1 Calling Macros from Macros . . . . . . 148', '   14.2.12.4 PRESERVE and RESTORE . . . . 149'].join('\n');
    expect(entities(toc)).toEqual([]);
    // An address opening a line before a word, not version-like (a hosts file, a log), is still one.
    expect(entities('52.94.3.201 api.acme-corp.net\n81.2.69.160 GET /index.html')).toEqual(['IP_ADDRESS 52.94.3.201', 'IP_ADDRESS 81.2.69.160']);
    // Version-like, but not opening its line: still an address.
    expect(entities('blocked 14.2.12.1 twice')).toEqual(['IP_ADDRESS 14.2.12.1']);
  });

  it("reads man pages' roff source as the text it prints: a section or heading number after roff escapes is no address", () => {
    // PostgreSQL's pages write roff's unbreakable space and zero-width escape after the word; OpenSSL's a heading in a request.
    expect(entities('see Section\\ \\&55.2.2.1 for details')).toEqual([]);
    expect(entities('.IP "5.5.1.1 \\s-1FFC\\s0 Domain Parameter Selection/Generation" 4')).toEqual([]);
    // An Info manual's section title in quotes (findutils').
    for (const t of ["11.2.2.1 'O_NOFOLLOW'\n.....................", '11.2.2.1 ‘O_NOFOLLOW’\n.....................']) expect(entities(t), t).toEqual([]);
    // An address after other words, or in a request that is no heading, still is one.
    expect(entities('the host\\ \\&52.94.3.201 answered')).toEqual(['IP_ADDRESS 52.94.3.201']);
    expect(entities('.IP "5.5.1.1 blocked" 4')).toEqual(['IP_ADDRESS 5.5.1.1']);
  });

  it("reads /usr/share/doc's standards, sections and far-off dates as what they are", () => {
    // MPFR's TODO cites the C standard beside two health words; a real code beside them stays found.
    expect(entities('See §7.12.1 "Treatment of error conditions" of ISO C11, which provides')).toEqual([]);
    expect(entities('ICD C11 nasopharynx cancer treatment diagnosis')).toEqual(['ICD10_CODE C11']);
    // libpng's manual names sections of the PNG specification; an address "of the cluster" is one.
    expect(entities('(11.3.3.2 and 11.3.3.5 of the ISO PNG specification) the PNG specification')).toEqual([]);
    expect(entities('see 4.2.1.3 of RFC 5280 for the details')).toEqual([]);
    expect(entities('the host 52.94.3.201 of the cluster answered')).toEqual(['IP_ADDRESS 52.94.3.201']);
    // Python's NEWS: timestamps that fall on year 10000, after "calls to" (a phone word).
    expect(entities('with no time zone; calls to it fall on 10000-01-01 in the local time.')).toEqual([]);
  });

  it('reads an address after a roff font change, special character or string escape without the escape in it', () => {
    const address = ['dana.whitfield', 'acme-corp.net'].join('@');
    for (const escape of ['\\fI', '\\fB', '\\f(CW', '\\(lq', '\\*(Aq', '\\f[I]', '\\&']) expect(entities(`mail ${escape}${address}\\fR now`), escape).toEqual([`EMAIL_ADDRESS ${address}`]);
    // A backslash before any other letter stays part of the text (a raw `\n` in a log line).
    expect(entities(`to \\n${address}`)).toEqual([`EMAIL_ADDRESS n${address}`]);
  });

  it("reads an address in a man page whose domain has roff's zero-width escape before a dot, and no systemd unit as one", () => {
    expect(entities('.\\" Copyright (C) 1997 Andrew Morgan (morgan@kernel\\&.org)')).toEqual(['EMAIL_ADDRESS morgan@kernel\\&.org']);
    expect(entities('Written by Takuma Yamada <tyamada@takumayamada\\&.com> and nabetaro@debian\\&.or\\&.jp')).toEqual(['EMAIL_ADDRESS tyamada@takumayamada\\&.com', 'EMAIL_ADDRESS nabetaro@debian\\&.or\\&.jp']);
    for (const t of ['systemctl stop user@1000\\&.service', 'systemctl start getty@tty1.service', 'debian-l10n-german@lists\\&.debian\\&.org']) expect(entities(t), t).toEqual([]);
  });

  it("reads a US ZIP+4 code after its state's code as no phone number, the author's phone beside it still as one (initrd(4))", () => {
    expect(entities('.\\"\tmail: 518 Kerfoot Farm RD, Wilmington, DE 19803-2444, USA\n.\\"\tphone: (302)654-5478\n')).toEqual(['PHONE_NUMBER (302)654-5478']);
  });

  it("reads the 6bone's addresses (3ffe::/16, returned in 2006) as documentation's, as 2001:db8:: is (hosts_access(5), lsof(8))", () => {
    for (const t of ["`[3ffe:505:2:1::]/64' matches every address in the range", '@[3ffe:1ebc::1]:1234 \\- Internet IPv6 host address']) expect(entities(t), t).toEqual([]);
    // A global unicast address beside them still is one.
    expect(entities('host address 2a03:2880:f10c:83:face:b00c:0:25de')).toEqual(['IP_ADDRESS 2a03:2880:f10c:83:face:b00c:0:25de']);
  });

  it('reads an address whose digits count up or down as a placeholder (ip-fou(8), lsof(8), gcloud)', () => {
    for (const t of ['# ip fou add port 7777 ipproto 47 local 1.2.3.4', 'peer address 5.6.7.8', '$ gcloud config set proxy/address 1.234.56.78', 'remote ip 4.3.2.1']) expect(entities(t), t).toEqual([]);
    // Real addresses with a context word, digits that only start to count among them.
    expect(entities('remote ip 1.2.3.5')).toEqual(['IP_ADDRESS 1.2.3.5']);
    expect(entities('remote ip 12.34.56.79')).toEqual(['IP_ADDRESS 12.34.56.79']);
  });

  it('takes an address word as context only on the address\'s own line (git\'s shortlog: one change a line)', () => {
    for (const t of [
      '      SubmittingPatches: give list and maintainer addresses\n      Prepare for 1.8.1.1\n      Git 1.8.1.1\n',
      '      Update my e-mail address\n      Start 1.5.6.5 RelNotes to describe accumulated fixes\n',
      '      Fix git-clone buglet for remote case.\n      Prepare for 1.5.1.5 Release Notes\n',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    // On its line the word still counts, and so does an address column whatever the lines.
    expect(entities('fixes\nremote address is 1.2.9.4 port 53')).toEqual(['IP_ADDRESS 1.2.9.4']);
    expect(entities('mirror\n3.8.120.4', 'source_ip')).toEqual(['IP_ADDRESS 3.8.120.4']);
    // A clear address needs no word, on any line; other entities still take context from the line before.
    expect(entities('maintainer addresses\n52.94.3.201')).toEqual(['IP_ADDRESS 52.94.3.201']);
    expect(entities('Date of birth:\n1985-03-12')).toEqual(['DATE_OF_BIRTH 1985-03-12']);
  });

  it('reads an IPv6 network with its prefix length as no address', () => {
    expect(entities('CIDR notation (for example <code>2001:bd8:1234:1a00::/64</code>).')).toEqual([]);
    expect(entities('host 2a01:bd8:1234:1a00::1 answered')).toEqual(['IP_ADDRESS 2a01:bd8:1234:1a00::1']);
  });

  it('reads no phone number in a ChangeLog date and hour, or a version beside a date, even near "called"', () => {
    for (const t of [
      'crashed the CLI (for_each_image was being called with NULL folder)\n\n2000-08-08 15:00  scottf\n',
      'call the hook\n2017-08-23 13:22  robert',
      'phone support\n1.67 2015-01-17',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    expect(entities('call me on 415-555-2671 after 2017-08-23')).toEqual(['PHONE_NUMBER 415-555-2671']);
  });

  it('takes "dl" and "diag" as column names (driver licence, diagnosis), not as words in a URL or prose', () => {
    expect(entities('      https://dl.acm.org/citation.cfm?id=2714625')).toEqual([]);
    expect(entities('D4072185', 'dl')).toEqual(['US_DRIVER_LICENSE D4072185']);
    expect(entities('D4072185', 'customer.dl_number')).toEqual(['US_DRIVER_LICENSE D4072185']);
    expect(entities('DL# D4072185 on file')).toEqual(['US_DRIVER_LICENSE D4072185']);
    // The same for "diag" and ICD-10 codes (Linux's changelog: a phone model beside a diagnostics port).
    expect(entities('  - USB: serial: option: add support for OPPO R11 diag port')).toEqual([]);
    expect(entities('R11', 'diag_code')).toEqual(['ICD10_CODE R11']);
  });

  it('reads docs\' stand-in credentials in URLs as none, and a real-looking pair as one', () => {
    for (const t of [
      '      passwords, e.g. "http://user:21@host/" (SF.net bug #1)',
      '         http_proxy="http://proxyuser:proxypass@proxyhost:port" Patch by',
      '\thttp://foo:bar@myhost.',
      'upload to https://svc:changeme@files.internal/in',
    ]) {
      expect(entities(t), t).toEqual([]);
    }
    const pass = ['Vq7', 'rT2', 'xL9'].join('');
    expect(entities(`upload to https://svc:${pass}@files.internal/in`)).toEqual([`URL_WITH_CREDENTIALS https://svc:${pass}@files.internal`]);
    expect(entities(`see http://foo:${pass}@myhost.corp.net/x`)).toEqual([`URL_WITH_CREDENTIALS http://foo:${pass}@myhost.corp.net`]);
  });
});
