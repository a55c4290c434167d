import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAssetId } from '../../core/index.js';
import { fakeSecrets } from './testing/fakes.js';
import { Rng } from './testing/random.js';
import { inspect } from './testing/scan-file.js';

let root: string;
const key = fakeSecrets(new Rng(5)).find((s) => s.ruleId === 'huggingface-token')!.value;

/** Rasa NLU data with a customer's details in an intent's examples, and a duplicated utterance under two intents. */
const NLU = [
  'version: "3.1"',
  'nlu:',
  '- intent: update_contact',
  '  examples: |',
  '    - please change my email to ana.silva@acme-corp.com',
  '    - my social security number is 219-45-1234',
  '- intent: cancel_order',
  '  examples: |',
  '    - I want to cancel the order I placed yesterday for the blue running shoes',
  '- intent: track_order',
  '  examples: |',
  '    - I want to cancel the order I placed yesterday for the blue running shoes',
  '',
].join('\n');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-yaml-'));
  await mkdir(path.join(root, 'data'), { recursive: true });
  await mkdir(path.join(root, 'config'), { recursive: true });
  await writeFile(path.join(root, 'data', 'nlu.yml'), NLU);
  await writeFile(path.join(root, 'data', 'cases.yaml.gz'), gzipSync(`tests:\n- vars:\n    question: who holds card 4111 1111 1111 1111\n    token: ${key}\n`));
  await writeFile(path.join(root, 'config', 'app.yaml'), `owner: ana.silva@acme-corp.com\nhf_token: ${key}\n`);
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('YAML datasets in data folders', () => {
  it('finds PII in a literal block at its own line and column, masked, with the field path', async () => {
    const out = await inspect(root, 'data/nlu.yml');
    expect(out.wanted).toBe(true);
    const email = out.findings!.find((f) => f.ruleId === 'data_no_personal_data' && f.message.includes('EMAIL_ADDRESS'))!;
    expect(email.location).toMatchObject({ path: 'data/nlu.yml', row: 1, line: 5, column: 33, field: 'nlu[0].examples[0]' });
    const ssn = out.findings!.find((f) => f.message.includes('US_SSN'))!;
    expect(ssn.location).toMatchObject({ row: 2, line: 6, column: 36, field: 'nlu[0].examples[1]' });
    expect(JSON.stringify(out)).not.toContain('219-45-1234');
    expect(JSON.stringify(out)).not.toContain('ana.silva@acme-corp.com');
    const ds = out.assets!.find((a) => a.id === fileAssetId('dataset', 'data/nlu.yml'))!;
    expect(ds.properties.entities).toMatchObject({ EMAIL_ADDRESS: 1, US_SSN: 1 });
  });

  it('judges its examples as a training set: the same utterance under two intents conflicts', async () => {
    const out = await inspect(root, 'data/nlu.yml');
    const conflict = out.findings!.find((f) => f.ruleId === 'data_no_conflicting_labels')!;
    expect(conflict.message).toContain('rows 3 & 4');
    expect(conflict.location).toMatchObject({ path: 'data/nlu.yml', line: 9 });
  });

  it('reads a compressed YAML dataset: PII in its records, a secret at its line', async () => {
    const out = await inspect(root, 'data/cases.yaml.gz');
    expect(out.findings!.some((f) => f.message.includes('CREDIT_CARD'))).toBe(true);
    const secret = out.findings!.find((f) => f.ruleId === 'data_no_hardcoded_secrets')!;
    expect(secret.location).toMatchObject({ path: 'data/cases.yaml.gz', line: 4 });
    expect(JSON.stringify(out)).not.toContain(key);
  });

  it('reads YAML outside a data folder as configuration: secrets only, no PII', async () => {
    const out = await inspect(root, 'config/app.yaml');
    expect(out.findings!.map((f) => f.ruleId)).toEqual(['data_no_hardcoded_secrets']);
    expect(out.findings![0]!.location).toMatchObject({ line: 2 });
  });
});
