import { describe, expect, it } from 'vitest';
import { isNonAsciiSeparator, TokenBuffer, words } from './tokens.js';
import { Rng } from '../testing/random.js';

/** The tokens a buffer holds, as strings (word(k) for every k). */
function tokensOf(text: string, buf = new TokenBuffer()): string[] {
  const n = buf.tokenize(text);
  return Array.from({ length: n }, (_, k) => buf.word(k));
}

/** The (a, b) hashes of every token, keyed by the token's string. */
function hashesOf(text: string, buf = new TokenBuffer()): Map<string, string> {
  const n = buf.tokenize(text);
  const out = new Map<string, string>();
  for (let k = 0; k < n; k++) out.set(buf.word(k), `${buf.hashA[k]}:${buf.hashB[k]}`);
  return out;
}

const TOKEN_CHAR = /[\p{L}\p{N}_']/u;

describe('record tokens', () => {
  it('classifies every ASCII char as the Unicode regex does', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      expect(tokensOf(`x${ch}y`).length, `char ${c}`).toBe(TOKEN_CHAR.test(ch.toLowerCase()) ? 1 : 2);
    }
  });

  it('treats as separators only non-ASCII units that are no letter or digit and have no lower case', () => {
    let separators = 0;
    for (let c = 128; c < 65536; c++) {
      if (!isNonAsciiSeparator(c)) continue;
      separators++;
      const ch = String.fromCharCode(c);
      expect(TOKEN_CHAR.test(ch), `U+${c.toString(16)}`).toBe(false);
      expect(ch.toLowerCase()).toBe(ch);
    }
    // No-break space and the General Punctuation block.
    expect(separators).toBe(1 + 0x70);
  });

  it('tokenises ASCII text exactly as the regex does', () => {
    const r = new Rng(7);
    const alphabet = "abcXYZ019_' \t\n.,;:!?-\"()[]{}/\\@#$%^&*+=<>|~`";
    for (let i = 0; i < 2000; i++) {
      const text = r.chars(r.int(0, 60), alphabet);
      expect(tokensOf(text), JSON.stringify(text)).toEqual(words(text));
    }
  });

  it('tokenises text with non-ASCII letters, digits, marks and separators exactly as before', () => {
    const r = new Rng(11);
    const pieces = ['a', 'Z', '7', "'", ' ', '.', 'é', 'É', 'İ', 'ß', 'Σ', 'ς', 'ǅ', '٣', 'Ⅻ', '中', '\u0301', '😀', '\u00a0', '\u2019', '\u2014', '\u200b', '\u202e', '…', '\ud800'];
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let k = r.int(0, 30); k > 0; k--) text += r.pick(pieces);
      expect(tokensOf(text), JSON.stringify(text)).toEqual(words(text));
    }
  });

  it('keeps ordinary English punctuation (curly quotes, dashes, no-break spaces) on the char-code pass, same tokens', () => {
    const text = 'It\u2019s a \u201cgreat\u201d film\u2014truly\u00a0GREAT\u2026 Don\u2019t miss it';
    expect(tokensOf(text)).toEqual(words(text));
    expect(tokensOf(text)).toContain('great');
  });

  it('names a token by the same hashes whichever pass read it', () => {
    const ascii = hashesOf('the Hello world of tokens');
    const unicode = hashesOf('café HELLO naïve world');
    expect(unicode.get('hello')).toBe(ascii.get('hello'));
    expect(unicode.get('world')).toBe(ascii.get('world'));
    expect(ascii.get('hello')).not.toBe(ascii.get('world'));
  });

  it('reuses its buffers across records of any length', () => {
    const buf = new TokenBuffer();
    const long = Array.from({ length: 5000 }, (_, i) => `Word${i}`).join(' ');
    expect(tokensOf(long, buf)).toEqual(words(long));
    expect(tokensOf('a b', buf)).toEqual(['a', 'b']);
    expect(tokensOf('', buf)).toEqual([]);
    expect(tokensOf('...', buf)).toEqual([]);
    const dense = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ');
    expect(tokensOf(dense, buf)).toEqual(words(dense)); // a token per two chars: read twice, with room
    expect(tokensOf(dense + '!', buf)).toEqual(words(dense));
    const oneLongToken = 'X'.repeat(100_000);
    expect(tokensOf(oneLongToken, buf)).toEqual([oneLongToken.toLowerCase()]);
  });
});
