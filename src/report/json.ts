import { defineWriter } from './writer.js';

/** The `aispm.report/v1` contract, as is (DESIGN §4). */
export const jsonWriter = defineWriter({
  format: 'json',
  description: 'the aispm.report/v1 contract (schema/aispm.report.v1.json)',
  extension: 'json',
  write: (result) => `${JSON.stringify(result, null, 2)}\n`,
});
