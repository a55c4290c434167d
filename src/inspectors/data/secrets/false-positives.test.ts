import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { inspect } from '../testing/scan-file.js';
import { isPlaceholder, isTestPath } from './false-positives.js';

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

describe('isPlaceholder on a Basic credential (base64 of user:password)', () => {
  it('drops a pair whose password is a word docs write there', () => {
    for (const pair of ['user:password', 'admin:secret', 'Aladdin:open sesame', 'deploy:<token>', 'ci:changeme\n']) expect(isPlaceholder(b64(pair)), pair).toBe(true);
  });

  it('keeps a pair with a real-looking password, and base64 that is no pair', () => {
    const real = ['svc', ':', 'Hx9', 'vQ2', 'mLp', '7Rd'].join('');
    expect(isPlaceholder(b64(real))).toBe(false);
    // No colon, or not printable once decoded: not a credential pair, judged as it is.
    expect(isPlaceholder(b64('Hx9vQ2mLp7Rdk3'))).toBe(false);
    expect(isPlaceholder(Buffer.from([0x91, 0x3a, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64]).toString('base64'))).toBe(false);
  });
});

describe('isPlaceholder on stand-ins tests write', () => {
  it('drops a value that says it is invalid or fake, or names the variable it fills', () => {
    for (const v of ['##invalid-password##', 'invalid_api_key_123', 'FAKE-TOKEN-abc', 'bogus_secret', 'not-a-real-key-9f8e', ['AUTH', 'CLIENT', 'SECRET', 'value'].join('_')]) expect(isPlaceholder(v), v).toBe(true);
  });

  it('keeps values that only hold those letters among others', () => {
    const real = ['Hx9', 'vQ2', 'invalid', 'mLp', '7Rd'].join('');
    for (const v of [real, 'Fakeyou2024!', 'AUTH_CLIENT_SECRET', ['q7F', 'value'].join('_')]) expect(isPlaceholder(v), v).toBe(false);
  });
});

describe('isTestPath', () => {
  it.each([
    ['tests/conftest.py', true],
    ['pkg/__tests__/api.ts', true],
    ['src/client.test.ts', true],
    ['test_settings.py', true],
    ['git/contrib/credential/netrc/test.netrc', true],
    ['socat/examples/test.sh', true],
    ['src/config.py', false],
    ['latest.json', false],
    ['contest/rules.md', false],
  ])('%s → %s', (p, want) => {
    expect(isTestPath(p)).toBe(want);
  });

  it('reads a dataset split named test as data, unless it sits in a fixtures folder', () => {
    for (const p of ['data/test.csv', 'data/x_test.jsonl', 'data/test_set.parquet', 'datasets/squad/test/part-0.parquet']) expect(isTestPath(p, true), p).toBe(false);
    for (const p of ['tests/fixtures/data/users.csv', 'spec/data/test.csv']) expect(isTestPath(p, true), p).toBe(true);
  });
});

describe('severity of a secret in a test split versus a test fixture', () => {
  it('reports a key in data/test.csv in full, and the same key in a fixtures folder at low', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'aispm-split-'));
    try {
      const key = ['AKIA', 'Q3EGRV7', 'ZKXN4H2PM'].join('');
      const csv = `id,text,label\n1,"deploy with ${key} today",ops\n`;
      await mkdir(path.join(root, 'data'), { recursive: true });
      await mkdir(path.join(root, 'tests/fixtures'), { recursive: true });
      await writeFile(path.join(root, 'data/test.csv'), csv);
      await writeFile(path.join(root, 'tests/fixtures/test.csv'), csv);
      const severities = async (rel: string) => (await inspect(root, rel)).findings!.filter((f) => f.properties?.secretRuleId === 'aws-access-key-id').map((f) => f.severity);
      expect(await severities('data/test.csv')).toEqual(['critical']);
      expect(await severities('tests/fixtures/test.csv')).toEqual(['low']);
      // A Hugging Face split folder outside any data folder: its shards are still data.
      await mkdir(path.join(root, 'triage/test'), { recursive: true });
      await writeFile(path.join(root, 'triage/test/data-00000-of-00001.parquet'), new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: [`deploy with ${key} today`] }] })));
      expect(await severities('triage/test/data-00000-of-00001.parquet')).toEqual(['critical']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
