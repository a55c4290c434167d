import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/**
 * Rows shaped like the reference tables a system ships (tz's zone.tab, glibc's locale sources,
 * Unicode's test files): full of digit runs and codes that are no one's data. Synthetic rows of
 * the same shapes as the ones reported, each beside the hit it must still make.
 */
describe('PII precision on reference tables', () => {
  it("reads an ISO 6709 point (tz's zone.tab) as no phone number, and a number written alike as one", () => {
    // Each passes libphonenumber as a number (+46, +39, +43) when the latitude's sign is read as `+`.
    for (const t of ['XX\t+4638-06212\tAmerica/Somewhere\tAtlantic - somewhere', 'XX,YY\t+3907-00829\tEurope/Somewhere', 'XX\t+4319-08104\tAmerica/Elsewhere']) {
      expect(entities(t), t).toEqual([]);
    }
    // Minutes past 59, or the halves to different precisions, are no point: a number.
    expect(entities('Tel: +4930-2847561')).toEqual(['PHONE_NUMBER +4930-2847561']);
    expect(entities('Tel: +49 30 2847561')).toEqual(['PHONE_NUMBER +49 30 2847561']);
  });

  it("reads a number whose calling code a spaced hyphen sets off (glibc's locale authors) as a phone number", () => {
    expect(entities('% Tel: +45 - 32145678')).toEqual(['PHONE_NUMBER +45 - 32145678']);
    expect(entities('% Tel: +7 - 8412 765432')).toEqual(['PHONE_NUMBER +7 - 8412 765432']);
    // A sum is no number, nor a point written with spaces.
    expect(entities('total +3 - 1 2 3 4 5 6 7 8')).toEqual([]);
  });

  it('reads four code points two of which are U+00xx (a bidi test row) as no card', () => {
    expect(entities('2701 0041 2702 0022;2;2;1 1 0 0;3 2 1 0')).toEqual([]);
    // A card written in four groups, and one with a single zero-padded group.
    expect(entities('card 4111 1111 1111 1111')).toEqual(['CREDIT_CARD 4111 1111 1111 1111']);
    expect(entities('5105 1051 0510 5100')).toEqual(['CREDIT_CARD 5105 1051 0510 5100']);
  });

  it("reads a stroke order (CJK collation's strokes 1–5, glibc's cns11643_stroke) as no card, and a card's test numbers as cards", () => {
    for (const t of ['<U00027A01> <U00027A01>;IGNORE;IGNORE;IGNORE # 4352142153114', '<U9A01> <U9A01>;IGNORE;IGNORE;IGNORE # 341253112434215']) {
      expect(entities(t), t).toEqual([]);
    }
    for (const c of ['4111111111111111', '4242424242424242', '5555555555554444', '4012888888881881']) {
      expect(entities(`paid with ${c}`), c).toEqual([`CREDIT_CARD ${c}`]);
    }
  });

  it("reads a locale author's number with two spaces before the subscriber number as one (glibc's en_ZW)", () => {
    expect(entities('% Tel: +27 83  4718259\n% Fax: +27 838 4718259')).toEqual(['PHONE_NUMBER +27 83  4718259', 'PHONE_NUMBER +27 838 4718259']);
    // Two spaces part a table's columns too: a number and the next column's stay apart.
    expect(entities('+1 415 555 2671  2024')).toEqual(['PHONE_NUMBER +1 415 555 2671']);
  });
});
