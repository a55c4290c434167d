import { describe, expect, it } from 'vitest';
import { classifyColumns } from './columns.js';
import { fieldContextOf } from './pii/context.js';
import { scanPii } from './pii/engine.js';
import { recognizers } from './pii/recognizers.js';

/**
 * A column header that starts with a context word but names something else (`cell_type`,
 * `phone_model`, `passport_office`) must not make its column that entity, by its header or by the
 * context it lends its values; the headers that do name the entity still must.
 */

/** What the column is classified as once each value is scanned under its header, as a scan does. */
function columnEntity(header: string, values: readonly string[]): string | undefined {
  const hits: Record<string, number> = {};
  for (const value of values) for (const h of scanPii(value, header)) hits[h.entity] = (hits[h.entity] ?? 0) + 1;
  return classifyColumns([{ name: header, nonEmpty: values.length, hits }], values.length)[0]?.entity;
}

// Values of the shapes a trap would misread: without a context word none of them is a hit.
// French national numbers: without `+` weak, a context word makes them phones (see phone-number.ts).
const PHONE = ['03 39 24 70 45', '01 42 68 53 00'];
const DATE = ['12.03.1985', '1990-07-01'];
const NINE = ['123456789', '987654320'];
const LICENCE = ['A1234567', 'B7654321'];

const TABLE: [header: string, values: readonly string[], entity: string | undefined][] = [
  ['cell', PHONE, 'PHONE_NUMBER'],
  ['cell_phone', PHONE, 'PHONE_NUMBER'],
  ['cell_number', PHONE, 'PHONE_NUMBER'],
  ['cell_type', PHONE, undefined],
  ['cell_id', PHONE, undefined],
  ['cell_line', PHONE, undefined],
  ['phone', PHONE, 'PHONE_NUMBER'],
  ['phone_model', PHONE, undefined],
  ['phone_type', PHONE, undefined],
  ['birth_date', DATE, 'DATE_OF_BIRTH'],
  ['date_of_birth', DATE, 'DATE_OF_BIRTH'],
  ['birthday', DATE, 'DATE_OF_BIRTH'],
  ['birth_weight', DATE, undefined],
  // A place of birth is a quasi-identifier: a LOCATION column, and never a date.
  ['birthplace', DATE, 'LOCATION'],
  ['birth_place', DATE, 'LOCATION'],
  ['place_of_birth', DATE, 'LOCATION'],
  ['lieu_de_naissance', DATE, 'LOCATION'],
  ['passport', NINE, 'US_PASSPORT'],
  ['passport_number', NINE, 'US_PASSPORT'],
  ['passport_office', NINE, undefined],
  ['passport_type', NINE, undefined],
  ['licence_number', LICENCE, 'US_DRIVER_LICENSE'],
  ['driver_license', LICENCE, 'US_DRIVER_LICENSE'],
  ['driving_licence_no', LICENCE, 'US_DRIVER_LICENSE'],
  ['licensee', LICENCE, undefined],
  // A number plate identifies a car, and its keeper only through the registry: personal data in
  // the EU, but no driving licence; there is no plate recognizer to give it a class of its own.
  ['license_plate', LICENCE, undefined],
  ['email', ['jane.doe@example.org'], 'EMAIL_ADDRESS'],
  ['email_template', ['Dear {{first_name}}, your order 03 39 24 70 45 shipped'], undefined],
  ['ip_address', ['52.14.7.9'], 'IP_ADDRESS'],
  ['ip_version', ['4', '6'], undefined],
  ['address_space', ['10.0.0.0/16'], undefined],
  ['name_server', ['ns1.example.org'], undefined],
];

describe('column headers that start like an entity', () => {
  it.each(TABLE)('%s → %s', (header, values, entity) => {
    expect(columnEntity(header, values)).toBe(entity);
  });

  it('lend no context to the entity their first word names', () => {
    const named = (field: string) => {
      const { names } = fieldContextOf(field, recognizers);
      return [...new Set(recognizers.filter((_, i) => names[i] === 1).map((r) => r.entity))];
    };
    const want: Record<string, string[]> = {
      email_template: [], phone_model: [], address_space: [], ip_version: [], passport_office: [], cell_type: [], cell_id: [], birth_weight: [], birthplace: [],
      place_of_birth: [], licensee: [], license_plate: [],
      email: ['EMAIL_ADDRESS'], cell_phone: ['PHONE_NUMBER'], birth_date: ['DATE_OF_BIRTH'], ip: ['IP_ADDRESS'],
    };
    for (const [field, entities] of Object.entries(want)) expect(named(field), field).toEqual(entities);
  });
});
