import { describe, expect, it } from 'vitest';
import { maskValue } from './mask.js';

describe('maskValue', () => {
  it('keeps a few characters either side, fewer for short values', () => {
    expect(maskValue('abcdefghijklmnopqrstuvwxyz')).toBe('abcde…xyz');
    expect(maskValue('abcdefghij')).toBe('ab…ij');
    expect(maskValue('abcdef')).toBe('a…f');
    expect(maskValue('1234')).toBe('1…');
    expect(maskValue('x')).toBe('…');
  });

  it('names a PEM block by its BEGIN line and masks only its body', () => {
    // Built from parts: a key-shaped block in the repo would trip secret scanners.
    const body = ['MIIE', 'pAIBAAKCAQEA', 'x'.repeat(60)].join('') + '\n' + 'y'.repeat(40) + 'Q==';
    const label = ['RSA', 'PRIVATE', 'KEY'].join(' ');
    const pem = `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
    const masked = maskValue(pem);
    expect(masked).toBe(`-----BEGIN ${label}----- MIIEp…Q==`);
    expect(masked).not.toContain('xxxxx');
  });

  it('leaves header fields out of the masked body and copes with a bare BEGIN line', () => {
    const label = ['EC', 'PRIVATE', 'KEY'].join(' ');
    const pem = `-----BEGIN ${label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\nAbCdEfGhIjKlMnOpQrStUv\n-----END ${label}-----`;
    expect(maskValue(pem)).toBe(`-----BEGIN ${label}----- AbCdE…tUv`);
    expect(maskValue(`-----BEGIN ${label}-----`)).toBe(`-----BEGIN ${label}-----…`);
  });
});
