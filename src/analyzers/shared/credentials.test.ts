import { describe, expect, it } from 'vitest';
import { credentialIn, isPlaceholder } from './credentials.js';

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
