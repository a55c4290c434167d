import { describe, expect, it } from 'vitest';
import { charsetDecoder } from './mime-decode.js';

describe('IBM855, a code page TextDecoder does not have', () => {
  it('decodes DOS Cyrillic by its table, ASCII as it is (bytes as Python\'s cp855 codec writes them)', () => {
    const bytes = Uint8Array.from([0x3c, 0x61, 0x3e, 213, 214, 235, 214, 227, 229, 183, 32, 166, 212, 222, 0x3c, 0x2f, 0x61, 0x3e]);
    for (const label of ['IBM855', 'cp855']) expect(charsetDecoder(label)?.decode(bytes), label).toBe('<a>Новости дня</a>');
    expect(charsetDecoder('ibm855')?.decode(Uint8Array.from([0x61, 0x62]))).toBe('ab');
    expect(charsetDecoder('x-no-such-charset')).toBeUndefined();
  });
});
