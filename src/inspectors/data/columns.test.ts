import { describe, expect, it } from 'vitest';
import { classifyColumns } from './columns.js';

const col = (name: string, nonEmpty = 100, hits: Record<string, number> = {}) => ({ name, nonEmpty, hits });
const entities = (cols: ReturnType<typeof classifyColumns>) => cols.map((c) => `${c.name}:${c.entity}`);

describe('column classes', () => {
  it('read a bare "name" column as people only beside something else about people', () => {
    // vega-datasets' airports.csv: airport names, no person anywhere.
    expect(classifyColumns([col('iata'), col('name'), col('city'), col('state'), col('latitude')], 100)).toEqual([]);
    // A customer table: the same header, next to e-mail addresses that validate.
    expect(entities(classifyColumns([col('id'), col('name'), col('email', 100, { EMAIL_ADDRESS: 98 })], 100))).toEqual(['name:PERSON', 'email:EMAIL_ADDRESS']);
    // Beside an address column, or with a header that says whose name it is, too.
    expect(entities(classifyColumns([col('name'), col('address')], 100))).toEqual(['name:PERSON', 'address:LOCATION']);
    expect(entities(classifyColumns([col('first_name'), col('city')], 100))).toEqual(['first_name:PERSON']);
  });

  it("read a workbook column's own name past its sheet (Customers!first_name)", () => {
    expect(entities(classifyColumns([col('Customers!first_name'), col('Customers!city')], 100))).toEqual(['Customers!first_name:PERSON']);
    expect(classifyColumns([col('Airports!name'), col('Airports!city')], 100)).toEqual([]);
  });

  it('name the national ids by their headers, but not by headers that mean something else too', () => {
    const heads = ['nie', 'hetu', 'tfn', 'abn', 'nric', 'fin_no', 'nir', 'numero_securite_sociale'];
    expect(entities(classifyColumns(heads.map((h) => col(h)), 100))).toEqual([
      'nie:ES_NIE', 'hetu:FI_PERSONAL_IDENTITY_CODE', 'tfn:AU_TFN', 'abn:AU_ABN', 'nric:SG_NRIC_FIN', 'fin_no:SG_NRIC_FIN', 'nir:FR_NIR', 'numero_securite_sociale:FR_NIR',
    ]);
    // A TCP flag or a fish's fin; French open data's commune codes.
    expect(classifyColumns([col('fin'), col('insee')], 100)).toEqual([]);
    const more = ['itin', 'rrn', '주민등록번호', 'pan_number', 'personnummer', 'fodselsnummer', 'fødselsnummer', 'cpr_nr', 'ahv_nummer', 'numero_avs', 'shenfenzheng', '身份证号码', 'sa_id_number'];
    expect(entities(classifyColumns(more.map((h) => col(h)), 100))).toEqual([
      'itin:US_ITIN', 'rrn:KR_RRN', '주민등록번호:KR_RRN', 'pan_number:IN_PAN', 'personnummer:SE_PERSONNUMMER', 'fodselsnummer:NO_FODSELSNUMMER', 'fødselsnummer:NO_FODSELSNUMMER',
      'cpr_nr:DK_CPR', 'ahv_nummer:CH_AHV', 'numero_avs:CH_AHV', 'shenfenzheng:CN_RESIDENT_ID', '身份证号码:CN_RESIDENT_ID', 'sa_id_number:ZA_ID_NUMBER',
    ]);
    // A card column's primary account number is no Indian PAN.
    expect(entities(classifyColumns([col('pan')], 100))).toEqual(['pan:CREDIT_CARD']);
  });
});
