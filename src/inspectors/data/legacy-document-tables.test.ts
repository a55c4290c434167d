import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzerOutput } from '../../core/index.js';
import { docTable } from './testing/doc-formats.js';
import { docDocument } from './testing/doc-writer.js';
import { FOLLOW_UP_TABLE } from './testing/document-tables.js';
import { docxDocument } from './testing/format-writers.js';
import { writeMessage } from './testing/mime-writer.js';
import { rtfTable } from './testing/rtf-tables.js';
import { inspect } from './testing/scan-file.js';

/**
 * A Word 97–2003 (`.doc`) and an RTF document's table in a RAG folder, and met inside other files
 * (a zip, an e-mail's attachments, an OLE object in a Word file): classified as the same table in a
 * `.docx` is (document-tables.test.ts) — PERSON, EMAIL_ADDRESS and HEALTH_CONDITION columns, the
 * health data beside identifiers found — while each address is still reported once, from its row's
 * paragraph, and no finding stands on a table cell alone.
 */

const INTRO = 'Patients to call back this week.';
const t = docTable(FOLLOW_UP_TABLE);
const doc = docDocument(`${INTRO}\r${t.text}`, { paragraphs: t.paragraphs });
const rtf = Buffer.from(`{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n\\pard ${INTRO}\\par\n${rtfTable(FOLLOW_UP_TABLE, { style: 'word2000' })}}`, 'latin1');
const docx = docxDocument([INTRO, { table: FOLLOW_UP_TABLE }]);

/** A message carrying `files` as attachments, after a line of text. */
function mailWith(files: Record<string, [type: string, bytes: Uint8Array]>): string {
  const parts = Object.entries(files).map(([filename, [type, body]]) => ({ type, encoding: 'base64' as const, filename, disposition: 'attachment' as const, body }));
  return writeMessage({ headers: [['Subject', 'Follow-ups']], body: { multipart: 'mixed', boundary: 'zz', parts: [{ type: 'text/plain', encoding: '7bit', body: 'Lists attached.' }, ...parts] } });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-legacy-tables-'));
  const files: Record<string, Uint8Array | string> = {
    'rag/docs/follow-ups.docx': docx,
    'rag/docs/follow-ups.doc': doc,
    'rag/docs/follow-ups.rtf': rtf,
    'data/follow-ups.zip': zipSync({ 'follow-ups.doc': doc, 'follow-ups.rtf': rtf }),
    'data/mail/follow-ups.eml': mailWith({ 'follow-ups.doc': ['application/msword', doc], 'follow-ups.rtf': ['application/rtf', rtf] }),
    // A Word file with the .doc embedded as an OLE object (the .doc's compound file is the object's).
    'data/memo.docx': docxDocument(['See the list.'], { 'word/embeddings/oleObject1.bin': doc }),
  };
  for (const [rel, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), bytes);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** What the classification of a member comes to: its columns, its rules, where its addresses were found. */
function classification(out: AnalyzerOutput, member: string) {
  const ds = out.assets!.find((a) => a.kind === 'dataset' && a.locations[0]?.path === member);
  const columns = (ds?.properties.columns as { name: string; entity?: string }[] | undefined)?.map((c) => [c.name, c.entity]);
  const mine = out.findings!.filter((f) => f.location.path === member);
  return {
    columns,
    rows: ds?.properties.rows ?? 0,
    rules: [...new Set(mine.map((f) => f.ruleId))].sort(),
    emails: mine.filter((f) => f.message.includes('EMAIL_ADDRESS value')).map((f) => f.message.slice(0, 15)),
    namesByHeader: mine.find((f) => f.location.field === 'patient_name')?.message.includes('holds person names (3 values, by its header)') ?? false,
    onACell: mine.filter((f) => f.properties?.indicator !== undefined).length,
  };
}

describe("a .doc's and an RTF document's tables, classified as a .docx's", () => {
  let model: ReturnType<typeof classification>;
  beforeAll(async () => {
    model = classification(await inspect(root, 'rag/docs/follow-ups.docx'), 'rag/docs/follow-ups.docx');
  });

  it('the .docx model: PERSON, EMAIL_ADDRESS and HEALTH_CONDITION columns, identifiable health data', () => {
    expect(model.columns).toEqual(
      expect.arrayContaining([
        ['patient_name', 'PERSON'],
        ['email', 'EMAIL_ADDRESS'],
        ['diagnosis', 'HEALTH_CONDITION'],
      ]),
    );
    expect(model.rules).toContain('data_health_data_not_linked_to_identifiers');
    expect(model).toMatchObject({ rows: 0, emails: ['3 EMAIL_ADDRESS'], namesByHeader: true, onACell: 0 });
  });

  it.each(['rag/docs/follow-ups.doc', 'rag/docs/follow-ups.rtf'])('%s: the same columns, the same findings', async (file) => {
    expect(classification(await inspect(root, file), file)).toEqual(model);
  });

  it('the same inside a zip, attached to an e-mail and embedded in a Word file', async () => {
    const zip = await inspect(root, 'data/follow-ups.zip');
    const mail = await inspect(root, 'data/mail/follow-ups.eml');
    const memo = await inspect(root, 'data/memo.docx');
    for (const [out, member] of [
      [memo, 'data/memo.docx!/word/embeddings/oleObject1.bin!/oleObject1.doc'],
      [zip, 'data/follow-ups.zip!/follow-ups.doc'],
      [zip, 'data/follow-ups.zip!/follow-ups.rtf'],
      [mail, 'data/mail/follow-ups.eml!/follow-ups.doc'],
      [mail, 'data/mail/follow-ups.eml!/follow-ups.rtf'],
    ] as const)
      expect(classification(out, member), member).toEqual(model);
  });
});
