import { describe, expect, it } from 'vitest';
import { credentialIn, isPlaceholder, maskUrlsIn } from './credentials.js';

describe('credentials: hostile values', () => {
  it('treats a very long run of one character as a filler instead of overflowing the regex stack', () => {
    const long = 'a'.repeat(20_000_000);
    expect(isPlaceholder(long)).toBe(true);
    expect(credentialIn('env', 'API_TOKEN', long)).toBeUndefined();
  });

  it('still sees a long value of mixed characters under a credential name as a credential', () => {
    const long = 'a'.repeat(1_000_000) + 'b';
    expect(isPlaceholder(long)).toBe(false);
    expect(credentialIn('env', 'API_TOKEN', long)).toEqual({ where: 'env', key: 'API_TOKEN', masked: 'aaaaa…aab' });
  });
});

describe('credentials: tokens in URLs', () => {
  const token = ['ghp', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'].join('_');

  it('masks a token given as the whole userinfo, and leaves a plain user name alone', () => {
    const masked = maskUrlsIn(`pip install git+https://${token}@github.com/acme/x.git and https://git@github.com/acme/y.git`);
    expect(masked).not.toContain(token.slice(4, 16));
    expect(masked).toContain('https://***@github.com/acme/x.git');
    expect(masked).toContain('https://git@github.com/acme/y.git');
  });

  it('does not throw on a malformed percent escape in the userinfo', () => {
    expect(() => maskUrlsIn(['https://u', '%E0%A4%A@h/x'].join(':'))).not.toThrow();
  });
});
