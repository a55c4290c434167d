import { describe, expect, it } from 'vitest';
import { HAS_LETTER } from './cell-scan.js';
import { normalise } from './context.js';
import { foldedUnit, FOLD_END, letterOfByte, MARK, SCRIPT_LETTERS } from './fold.js';

/** What a code unit folds to, as text: '' for a dropped mark, ' ' for a separator. */
function folded(ch: string): string {
  const w = foldedUnit(ch.charCodeAt(0));
  if (w === MARK) return '';
  if (w === 0) return ' ';
  return letterOfByte(w & 255) + (w > 255 ? String.fromCharCode(w >> 8) : '');
}

describe('fold table', () => {
  it('folds accented Latin letters, upper and lower case, to their base letters', () => {
    const want: Record<string, string> = {
      é: 'e', È: 'e', ê: 'e', Ë: 'e', ü: 'u', Ö: 'o', ä: 'a', Ñ: 'n', ç: 'c', å: 'a', Å: 'a', ż: 'z', Ź: 'z', ś: 's', Ć: 'c', ń: 'n', Ą: 'a', ę: 'e',
      ő: 'o', Ű: 'u', ă: 'a', ș: 's', Ș: 's', ț: 't', Ț: 't', ş: 's', ţ: 't', ý: 'y', ž: 'z', č: 'c', ř: 'r', ů: 'u', ğ: 'g', İ: 'i',
    };
    for (const [ch, base] of Object.entries(want)) expect(folded(ch), ch).toBe(base);
  });

  it('spells the letters with no decomposition as their languages do, in one or two bytes', () => {
    const want: Record<string, string> = {
      ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ħ: 'h', Ħ: 'h', ı: 'i', þ: 'th', Þ: 'th', ð: 'd', ĳ: 'ij',
    };
    for (const [ch, spelled] of Object.entries(want)) expect(folded(ch), ch).toBe(spelled);
  });

  it('folds every letter of Latin-1, Latin Extended-A and the Romanian comma letters', () => {
    for (let c = 0xc0; c <= 0x17f; c++) {
      const ch = String.fromCharCode(c);
      // × and ÷ are the only symbols there.
      if (/\p{L}/u.test(ch)) expect(folded(ch), `U+${c.toString(16)}`).toMatch(/^[a-z]{1,2}$/);
    }
    for (let c = 0x218; c <= 0x21b; c++) expect(folded(String.fromCharCode(c))).toMatch(/^[st]$/);
    expect(folded('×')).toBe(' ');
  });

  it('drops combining marks, so decomposed text reads as composed text', () => {
    expect(folded('\u0301')).toBe('');
    expect(normalise('Te\u0301le\u0301phone')).toBe(normalise('Téléphone'));
    expect(normalise('Téléphone')).toBe(' telephone ');
  });

  it('drops soft hyphens and folds the fullwidth forms of ASCII', () => {
    expect(folded('\u00ad')).toBe('');
    expect(normalise('Tele\u00ADfon')).toBe(' telefon ');
    expect(folded('ｅ')).toBe('e');
    expect(folded('Ｅ')).toBe('e');
    expect(folded('９')).toBe('9');
    expect(folded('＃')).toBe('#');
    expect(folded('＿')).toBe(' ');
    expect(normalise('ｅｍａｉｌ＿ａｄｄｒｅｓｓ')).toBe(' email address ');
  });

  it('folds Cyrillic and Greek letters to their lower case without accents, one byte each', () => {
    const want: Record<string, string> = { Ж: 'ж', ж: 'ж', ӂ: 'ж', Й: 'и', Ё: 'е', Ї: 'і', Ґ: 'ґ', Σ: 'σ', ς: 'σ', Έ: 'ε', ώ: 'ω', ΐ: 'ι' };
    for (const [ch, base] of Object.entries(want)) expect(folded(ch), ch).toBe(base);
    for (const ch of SCRIPT_LETTERS) expect(foldedUnit(ch.charCodeAt(0)), ch).toBeLessThan(256);
  });

  it('leaves other scripts and symbols separators', () => {
    for (const ch of ['ש', '한', '°', 'ª', '²', '\uff5f', '\uff61', '\u0483']) expect(folded(ch), ch).toBe(' ');
    expect(foldedUnit(FOLD_END)).toBe(0);
    expect(normalise('Straße Größe Łódź ŒUVRE')).toBe(' strasse grosse lodz oeuvre ');
  });

  it('is matched by the scan\'s letter test wherever it gives a letter', () => {
    // A cell without one skips the recognizers only context lifts (cell-scan.ts).
    for (let c = 0; c < FOLD_END; c++) {
      const w = foldedUnit(c) & 255;
      if (((w >= 97 && w <= 122) || w >= 0x80) && !HAS_LETTER.test(String.fromCharCode(c))) expect(HAS_LETTER.test(String.fromCharCode(c)), `U+${c.toString(16)}`).toBe(true);
    }
  });
});

describe('fullwidth and soft-hyphenated names', () => {
  it('classify a column and lift a value as their ASCII spelling does', async () => {
    const { headerKey } = await import('../column-headers.js');
    const { scanPii } = await import('./engine.js');
    expect(headerKey('ｅｍａｉｌ')).toBe('email');
    expect(headerKey('Tele\u00ADfon')).toBe('telefon');
    const phone = (text: string, field = '') => scanPii(text, field).filter((h) => h.entity === 'PHONE_NUMBER').length;
    // A French national number: weak without a context word (see phone-number.ts).
    expect(phone('03 39 24 70 45', 'Tele\u00ADfon')).toBe(1);
    expect(phone('Tele\u00ADfon: 03 39 24 70 45')).toBe(1);
    expect(phone('ｔｅｌｅｆｏｎ: 03 39 24 70 45')).toBe(1);
    expect(phone('03 39 24 70 45', 'ｍｏｂｉｌｅ')).toBe(1);
    expect(phone('ｒｅｆ 03 39 24 70 45')).toBe(0);
  });
});
