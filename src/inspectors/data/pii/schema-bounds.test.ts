import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';
import { boundUnderParent } from './schema-bounds.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/** A schema's bound is a limit on the thing its parent names, not one of those things (botocore's service models). */
describe("a schema bound's field", () => {
  it("lends the parent's name no context (lexv2-models' RecordNumber.max, iotwireless' DlFreq.min, a JSON Schema's mrn.minimum)", () => {
    expect(entities('200000', 'shapes.RecordNumber.max')).toEqual([]);
    expect(entities('100000000', 'shapes.DlFreq.min')).toEqual([]);
    expect(entities('1000000', 'components.schemas.Patient.properties.mrn.minimum')).toEqual([]);
    expect(entities('123456789', 'definitions.Contact.properties.phone.maxLength')).toEqual([]);
  });

  it('still lends it to a value of the thing itself, and a bound names nothing in any case', () => {
    expect(entities('200000', 'shapes.RecordNumber')).toEqual(['MEDICAL_RECORD_NUMBER 200000']);
    expect(entities('2000017', 'records[3].mrn')).toEqual(['MEDICAL_RECORD_NUMBER 2000017']);
    expect(boundUnderParent('shapes.DlFreq.min')).toBe(true);
    expect(boundUnderParent('properties.ssn.exclusiveMaximum')).toBe(true);
    // No parent: a column named `max` had no context to lose. A key that only starts so is a field of its own.
    expect(boundUnderParent('max')).toBe(false);
    expect(boundUnderParent('patient.maxim')).toBe(false);
  });
});
