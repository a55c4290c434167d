import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The official SARIF 2.1.0 schema, as copied into test/schemas (see its README). */
const file = readFileSync(new URL('../../test/schemas/sarif-2.1.0.schema.json', import.meta.url));
export const SARIF_SCHEMA_SHA256 = '1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c';
if (createHash('sha256').update(file).digest('hex') !== SARIF_SCHEMA_SHA256) {
  throw new Error('test/schemas/sarif-2.1.0.schema.json is not the official SARIF 2.1.0 schema it was copied as');
}

// Not strict: ajv's strict mode rejects the official schema itself (its `anyOf` branches require
// properties they do not define, e.g. `index` in artifactLocation).
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Validates a SARIF log against the official 2.1.0 schema; errors are on `.errors`. */
export const validateSarif = ajv.compile(JSON.parse(file.toString('utf8')) as object);
