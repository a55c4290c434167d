import { describe, expect, it } from 'vitest';
import { base58CheckValid, bech32Valid, codiceFiscaleValid, deaValid, ibanValid, luhn, mbiValid, nhsValid, nifValid, npiValid, peselValid, sinValid, ssnValid, verhoeff, verhoeffDigit } from './checksums.js';
import { scanPii } from './engine.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

describe('checksums', () => {
  it('accepts generated valid ids and rejects one-digit corruptions', () => {
    const r = new Rng(4);
    const flip = (s: string) => {
      const i = s.search(/\d(?!.*\d)/);
      return s.slice(0, i) + ((Number(s[i]) + 1) % 10) + s.slice(i + 1);
    };
    for (let k = 0; k < 50; k++) {
      const cc = v.creditCard(r).replace(/\D/g, '');
      expect(luhn(cc)).toBe(true);
      expect(luhn(flip(cc))).toBe(false);
      const npi = v.npi(r);
      expect(npiValid(npi)).toBe(true);
      expect(npiValid(flip(npi))).toBe(false);
      expect(ibanValid(v.iban(r))).toBe(true);
      expect(nhsValid(v.nhs(r).replace(/\s/g, ''))).toBe(true);
      expect(sinValid(v.sin(r).replace(/\s/g, ''))).toBe(true);
      const a = v.aadhaar(r).replace(/\s/g, '');
      expect(verhoeff(a)).toBe(true);
      expect(verhoeff(flip(a))).toBe(false);
      expect(nifValid(v.nif(r))).toBe(true);
      expect(codiceFiscaleValid(v.codiceFiscale(r))).toBe(true);
      expect(peselValid(v.pesel(r))).toBe(true);
      expect(deaValid(v.dea(r))).toBe(true);
      expect(mbiValid(v.mbi(r))).toBe(true);
      expect(base58CheckValid(v.btc(r))).toBe(true);
    }
    expect(verhoeffDigit('23656356574')).toBeGreaterThanOrEqual(0);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe(true);
    expect(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz')).toBe(false);
  });

  it('rejects SSNs in ranges the SSA never issues', () => {
    for (const s of ['000123456', '666123456', '912345678', '123004567', '123450000', '078051120']) expect(ssnValid(s), s).toBe(false);
    expect(ssnValid('219451234')).toBe(true);
  });
});

describe('PII scoring', () => {
  it('needs context for weak shapes, and the column name counts as context', () => {
    expect(scanPii('219451234')).toEqual([]);
    expect(scanPii('219451234', 'ssn').map((h) => h.entity)).toEqual(['US_SSN']);
    expect(scanPii('born 1985-03-12').map((h) => h.entity)).toEqual(['DATE_OF_BIRTH']);
    expect(scanPii('released 1985-03-12')).toEqual([]);
  });

  it('drops a failing checksum and honours the threshold', () => {
    expect(scanPii('card 4111 1111 1111 1112')).toEqual([]);
    expect(scanPii('card 4111 1111 1111 1111').map((h) => [h.entity, h.score])).toEqual([['CREDIT_CARD', 1]]);
    expect(scanPii('client 10.1.2.3', '', { threshold: 0.9 })).toEqual([]);
    expect(scanPii('client 10.1.2.3', '', { threshold: 0.5 }).map((h) => h.entity)).toEqual(['IP_ADDRESS']);
  });

  it('reports exact offsets and filters entities', () => {
    const t = 'mail ana@example.com now';
    const [h] = scanPii(t);
    expect(t.slice(h!.start, h!.end)).toBe('ana@example.com');
    expect(scanPii(t, '', { entities: new Set(['PHONE_NUMBER']) })).toEqual([]);
    expect(scanPii('')).toEqual([]);
  });
});

describe('email vs credentials in URLs', () => {
  it('does not call the password@host of a connection string an email', () => {
    const pass = ['Pm', 'YDiRSR', 'bTOV8Lc3'].join('');
    expect(scanPii(`DATABASE_URL=postgresql://app:${pass}@db.internal:5432/app`).filter((h) => h.entity === 'EMAIL_ADDRESS')).toEqual([]);
    expect(scanPii('write to ops@example.com today').map((h) => h.entity)).toEqual(['EMAIL_ADDRESS']);
  });
});
