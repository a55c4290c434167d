import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskValue } from '../../core/index.js';
import { fakeSecrets } from './testing/fakes.js';
import { Rng } from './testing/random.js';
import { inspect } from './testing/scan-file.js';

/** A key or an address in a header cell is every finding's field name and a column name: masked everywhere. */
describe('secrets and personal data in field names', () => {
  let root: string;
  const key = fakeSecrets(new Rng(5)).find((s) => s.ruleId === 'openai-project-key')!.value;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-field-names-'));
    await mkdir(path.join(root, 'data'));
    const rows = [`name,${key}`, ...Array.from({ length: 6 }, (_, i) => `Ana Silva ${i},ana.silva${i}@acme-corp.com`)];
    await writeFile(path.join(root, 'data', 'contacts.csv'), rows.join('\n') + '\n');
    await writeFile(path.join(root, 'data', 'owners.csv'), ['id,owner dana.fox@acme-corp.com', ...Array.from({ length: 4 }, (_, i) => `${i},219-45-123${i}`)].join('\n') + '\n');
    await writeFile(path.join(root, 'data', 'chat.jsonl'), JSON.stringify({ [key]: 'write to bo.lee@acme-corp.com' }) + '\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("masks a key in a CSV header in the findings' fields and messages and in the dataset's columns", async () => {
    const out = await inspect(root, 'data/contacts.csv');
    const json = JSON.stringify(out);
    expect(json).not.toContain(key);
    const email = out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))!;
    expect(email.location.field).toBe(maskValue(key));
    expect(email.message).toContain(`column/field ${maskValue(key)}`);
    expect(out.findings!.some((f) => f.ruleId === 'data_no_hardcoded_secrets')).toBe(true);
  });

  it('masks an e-mail address in a column name, in the findings about its values and in the column list', async () => {
    const out = await inspect(root, 'data/owners.csv');
    expect(JSON.stringify(out)).not.toContain('dana.fox@acme-corp.com');
    expect(out.findings!.find((f) => f.message.includes('US_SSN'))!.location.field).toBe('owner dana.…com');
  });

  it('masks a key used as a JSON field name', async () => {
    const out = await inspect(root, 'data/chat.jsonl');
    expect(JSON.stringify(out)).not.toContain(key);
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))!.location.field).toBe(maskValue(key));
  });
});

describe('a long column name in messages', () => {
  it('is named once and cut short in the message; the location keeps it whole', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'aispm-long-field-'));
    try {
      await mkdir(path.join(root, 'data'));
      // npm's package list heads its column with a sentence.
      const header = 'summary (words in [tested here: ...] at its start are from tests on this kind of machine, not from the authors)';
      await writeFile(path.join(root, 'data', 'npm.tsv'), [`name\t${header}`, 'pkg\tWrite to ana.silva@acme-corp.com for help', 'other\tA tool'].join('\n') + '\n');
      const out = await inspect(root, 'data/npm.tsv');
      const email = out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))!;
      expect(email.location.field).toBe(header);
      expect(email.message).toBe(`1 EMAIL_ADDRESS value(s) in data/npm.tsv column/field ${header.slice(0, 57)}… (row 1, line 2:14), e.g. ana.s…com`);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
