import { describe, expect, it } from 'vitest';
import { SecretEngine } from './engine.js';
import { builtinSecretRules } from './rules/index.js';
import { Rng } from '../testing/random.js';

const engine = new SecretEngine(builtinSecretRules);
const rng = new Rng(11);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A PEM block built from parts at test time, so the repo holds no key-shaped text. */
function pem(label: string, body: string, headers = ''): string {
  const edge = (word: string) => ['-----', word, ' ', label, '-----'].join('');
  return [edge('BEGIN'), headers, body, edge('END')].filter(Boolean).join('\n');
}

function randomBody(lines: number): string {
  return Array.from({ length: lines }, () => rng.chars(64, B64)).join('\n');
}

/** An SSH wire-format string: a big-endian u32 length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/**
 * The body of an OpenSSH key laid out as `ssh-keygen` writes it (PROTOCOL.key): the
 * `openssh-key-v1` magic, cipher and KDF names, KDF options, one key, its public blob, then
 * (here) random bytes where the private section would be. The zero bytes of the lengths and the
 * empty options come out as runs of `A` in base64, as in every real key.
 */
function opensshBody(cipher: string): string {
  const random = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rng.next() * 256)));
  const encrypted = cipher !== 'none';
  const kdfOptions = encrypted ? Buffer.concat([sshString(random(16)), Buffer.from([0, 0, 0, 24])]) : Buffer.alloc(0);
  const publicBlob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(random(32))]);
  const one = Buffer.from([0, 0, 0, 1]);
  const parts = [Buffer.from('openssh-key-v1\0'), sshString(Buffer.from(cipher)), sshString(Buffer.from(encrypted ? 'bcrypt' : 'none')), sshString(kdfOptions), one, sshString(publicBlob), sshString(random(144))];
  return Buffer.concat(parts).toString('base64').match(/.{1,70}/g)!.join('\n');
}

const ids = (text: string) => engine.scan(text).map((h) => `${h.ruleId}:${h.severity}`);
const OPENSSH = ['OPENSSH', 'PRIVATE', 'KEY'].join(' ');

describe('private key blocks', () => {
  it('reports a legacy PEM key with a Proc-Type ENCRYPTED header apart, at medium', () => {
    for (const alg of ['RSA', 'EC', 'DSA']) {
      const label = `${alg} PRIVATE KEY`;
      const headers = 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,' + rng.hex(32).toUpperCase() + '\n';
      expect(ids(pem(label, randomBody(6), headers)), alg).toEqual(['private-key-legacy-encrypted:medium']);
      // The same key without the header is usable as found.
      expect(ids(pem(label, randomBody(6))), alg).toEqual([`private-key-${alg.toLowerCase()}:critical`]);
    }
  });

  it('tells an OpenSSH key with a passphrase (cipher aes256-ctr) from one without (cipher none)', () => {
    expect(ids(pem(OPENSSH, opensshBody('aes256-ctr')))).toEqual(['private-key-openssh-encrypted:medium']);
    expect(ids(pem(OPENSSH, opensshBody('chacha20-poly1305@openssh.com')))).toEqual(['private-key-openssh-encrypted:medium']);
    expect(ids(pem(OPENSSH, opensshBody('none')))).toEqual(['private-key-openssh:critical']);
    // A body that is not the v1 format is still a private key, reported as one.
    expect(ids(pem(OPENSSH, randomBody(6)))).toEqual(['private-key-openssh:critical']);
  });

  it('finds an OpenSSH key whose zero bytes read as runs of A, but still drops a placeholder body', () => {
    const body = opensshBody('none');
    expect(body).toMatch(/A{8,}/);
    expect(ids(pem(OPENSSH, body))).toEqual(['private-key-openssh:critical']);
    const placeholder = Array.from({ length: 4 }, () => 'x'.repeat(64)).join('\n');
    expect(ids(pem(OPENSSH, placeholder))).toEqual([]);
    expect(ids(pem('RSA PRIVATE KEY', placeholder))).toEqual([]);
  });
});

describe('what a key block may hold', () => {
  const label = ['RSA', 'PRIVATE', 'KEY'].join(' ');
  const edge = (word: string) => ['-----', word, ' ', label, '-----'].join('');

  it('takes a key that code wraps in escapes, quotes and joins', () => {
    const lines = Array.from({ length: 4 }, () => rng.chars(64, B64));
    const inCode = `const key = "${edge('BEGIN')}\\n" +\n  "${lines.join('\\n" +\n  "')}\\n" +\n  "${edge('END')}";`;
    expect(ids(inCode)).toEqual(['private-key-rsa:critical']);
  });

  it('does not take a BEGIN line, then prose or code, then an END line for a key', () => {
    const prose = `${edge('BEGIN')} (the header a PEM key opens with; then its base64 body; then!) ${edge('END')}`;
    expect(ids(prose)).toEqual([]);
    const ruleSource = `regex: '(${edge('BEGIN')}(?!\\\\s*' + CIPHER + '(?!' + NONE + '))[\\\\s\\\\S]{64,8192}?${edge('END')})'`;
    expect(ids(ruleSource)).toEqual([]);
  });
});

describe('a key block too short to be a key', () => {
  it('does not run on through its END line to the next block (Python test suite: badkey.pem)', () => {
    const bogus = pem('RSA PRIVATE KEY', 'Bad Key, though the cert should be OK');
    const cert = pem('CERTIFICATE', randomBody(12));
    const real = pem('RSA PRIVATE KEY', randomBody(12));
    expect(engine.scan([bogus, cert].join('\n'))).toEqual([]);
    const text = [bogus, cert, real].join('\n');
    const hits = engine.scan(text);
    expect(hits.map((h) => [h.ruleId, h.start])).toEqual([['private-key-rsa', text.lastIndexOf(real)]]);
  });
});

describe('a key block with its body elided', () => {
  it('drops the first and last characters of a key with an ellipsis between (AWS CLI Greengrass examples)', () => {
    const label = ['RSA', 'PRIVATE', 'KEY'].join(' ');
    const edge = (word: string) => ['-----', word, ' ', label, '-----'].join('');
    const head = rng.chars(60, B64);
    const tail = rng.chars(8, B64);
    const elided = `"PrivateKey": "${edge('BEGIN')}\\n${head}...${tail}\\n${edge('END')}"`;
    expect(ids(elided)).toEqual([]);
    // The same block with the characters in place is a key.
    const whole = `"PrivateKey": "${edge('BEGIN')}\\n${head}${rng.chars(64, B64)}${tail}\\n${edge('END')}"`;
    expect(ids(whole)).toEqual(['private-key-rsa:critical']);
  });
});
