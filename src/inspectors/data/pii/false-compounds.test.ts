import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/** A field name runs context words on (`mobilnummer`); a word that only starts like one is not one. */

const only = (entity: string) => (text: string, field = '') => scanPii(text, field).map((h) => h.entity).filter((e) => e === entity);
// A French national number: without `+` it is weak (see phone-number.ts) and needs context.
const number = '03 39 24 70 45';
const phone = only('PHONE_NUMBER');

describe('false compounds', () => {
  it('keep a mobility, a callback or a phoneme column from naming phone numbers', () => {
    for (const field of ['mobility_score', 'Mobilität', 'mobilité', 'mobilisation_index', 'callback_url', 'cells', 'cellar_no', 'phoneme_id', 'phonetic_key']) {
      expect(phone(number, field), field).toEqual([]);
    }
  });

  it('still read the compounds that are phone words', () => {
    for (const field of ['mobil', 'mobilnr', 'Mobilnummer', 'mobil_telefon', 'mobiltelefon', 'mobile', 'cellphone', 'cell_number', 'callnumber', 'phonenumber', 'mobility_score,mobil']) {
      expect(phone(number, field), field).toEqual(['PHONE_NUMBER']);
    }
  });

  it('leave running text as it was: a context word there ends its word', () => {
    expect(phone(`mobility ${number}`)).toEqual([]);
    expect(phone(`Mobilität ${number}`)).toEqual([]);
    expect(phone(`Mobil: ${number}`)).toEqual(['PHONE_NUMBER']);
    // `tel` and `fax` are short: whole words only, in text and in field names.
    expect(phone(`telemetry ${number}`)).toEqual([]);
    expect(phone(number, 'telemetry')).toEqual([]);
    expect(phone(number, 'faxable')).toEqual([]);
    expect(phone(number, 'tel')).toEqual(['PHONE_NUMBER']);
  });

  it('keep a conditional from naming diagnosis codes', () => {
    const icd = only('ICD10_CODE');
    expect(icd('E11.9', 'conditional_format')).toEqual([]);
    expect(icd('E11.9', 'conditions')).toEqual(['ICD10_CODE']);
  });
});
