import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from './testing/scan-file.js';

/** The same paragraph three times among others: in a document, and as a dataset's records. */
const REPEATED = 'Upload the signed form to the portal before the end of the month so the team can process it.';
const OTHERS = ['The portal opens at nine every weekday morning.', 'Questions go to the help desk by ticket only.', 'Forms sent by post are returned unread.'];

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-prose-dup-'));
  await mkdir(path.join(root, 'rag'));
  await mkdir(path.join(root, 'data'));
  await writeFile(path.join(root, 'rag', 'guide.md'), [REPEATED, OTHERS[0], REPEATED, OTHERS[1], REPEATED, OTHERS[2]].join('\n\n') + '\n');
  await writeFile(path.join(root, 'data', 'train.jsonl'), [REPEATED, OTHERS[0], REPEATED, OTHERS[1], REPEATED, OTHERS[2]].map((text) => JSON.stringify({ text })).join('\n') + '\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const duplicates = async (rel: string) => ((await inspect(root, rel)).findings ?? []).filter((f) => f.ruleId === 'data_no_duplicate_records');

describe('duplicate records within one file', () => {
  it("are said at info for a prose document's paragraphs (its structure, mostly)", async () => {
    const [f, ...rest] = await duplicates('rag/guide.md');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'info', properties: { indicator: 'exact-duplicates', withinDocument: true } });
  });

  it("stay low for a dataset's records", async () => {
    const [f, ...rest] = await duplicates('data/train.jsonl');
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('low');
    expect(f!.properties?.withinDocument).toBeUndefined();
  });
});
