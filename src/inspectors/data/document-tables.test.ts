import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzerOutput } from '../../core/index.js';
import { FOLLOW_UP_TABLE } from './testing/document-tables.js';
import { docxDocument } from './testing/format-writers.js';
import { writeMessage } from './testing/mime-writer.js';
import { odfFile, odtTable } from './testing/odf-writer.js';
import { inspect } from './testing/scan-file.js';
import { compoundFile } from './testing/xls-writer.js';

/**
 * A Word or OpenDocument text's table in a RAG folder, and met where a document is not a file of
 * its own: attached to an e-mail, a member of a zip, embedded in another document. Its cells'
 * `columnsOnly` rows count toward the document's columns, as an HTML or Markdown table's do
 * (index.test.ts), and nowhere else: no data row, no record, no finding of their own; its PII is
 * found in the cells' paragraphs, reported once.
 */

const followUps = FOLLOW_UP_TABLE;
const docx = docxDocument(['Patients to call back this week.', { table: followUps }]);
const odt = odfFile('odt', { body: `<text:p>Patients to call back this week.</text:p>${odtTable(followUps, 1)}` });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-doc-tables-'));
  await mkdir(path.join(root, 'data', 'mail'), { recursive: true });
  await mkdir(path.join(root, 'rag', 'docs'), { recursive: true });
  await writeFile(path.join(root, 'rag', 'docs', 'follow-ups.docx'), docx);
  await writeFile(path.join(root, 'rag', 'docs', 'follow-ups.odt'), odt);
  const attach = (filename: string, type: string, bytes: Uint8Array) => ({ type, encoding: 'base64' as const, filename, disposition: 'attachment' as const, body: bytes });
  const mail = writeMessage({
    headers: [['Subject', 'Follow-ups']],
    body: {
      multipart: 'mixed',
      boundary: 'zz',
      parts: [
        { type: 'text/plain', encoding: '7bit', body: 'Lists attached.' },
        attach('follow-ups.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx),
        attach('follow-ups.odt', 'application/vnd.oasis.opendocument.text', odt),
      ],
    },
  });
  await writeFile(path.join(root, 'data', 'mail', 'follow-ups.eml'), mail);
  await writeFile(path.join(root, 'data', 'follow-ups.zip'), zipSync({ 'follow-ups.docx': docx, 'follow-ups.odt': odt }));
  // Embedded in a Word file: as a part of its own, and as an OLE object (the .docx in a Package stream).
  await writeFile(path.join(root, 'data', 'memo.docx'), docxDocument(['See the lists.'], { 'word/embeddings/Microsoft_Word_Document.docx': docx, 'word/embeddings/oleObject1.bin': compoundFile({ Package: docx }) }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A member's dataset and findings, checked as the files of their own are (index.test.ts). */
function expectTableMember(out: AnalyzerOutput, member: string, emailField: string): void {
  const ds = out.assets!.find((a) => a.kind === 'dataset' && a.locations[0]?.path === member)!;
  expect(ds.properties.columns).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: 'patient_name', entity: 'PERSON' }),
      expect.objectContaining({ name: 'email', entity: 'EMAIL_ADDRESS' }),
      expect.objectContaining({ name: 'diagnosis', entity: 'HEALTH_CONDITION' }),
    ]),
  );
  // Paragraphs are no data rows, and the table's cells add none.
  expect(ds.properties.rows ?? 0).toBe(0);
  const mine = out.findings!.filter((f) => f.location.path === member);
  // Each address is reported once, from its cell's paragraph, as before tables were read.
  const emails = mine.filter((f) => f.message.includes('EMAIL_ADDRESS value'));
  expect(emails.map((f) => [f.message.slice(0, 15), f.location])).toEqual([['3 EMAIL_ADDRESS', { path: member, field: emailField }]]);
  expect(mine.find((f) => f.location.field === 'patient_name')?.message).toContain('holds person names (3 values, by its header)');
  expect(mine.map((f) => f.ruleId)).toContain('data_health_data_not_linked_to_identifiers');
  // No finding stands on a table cell alone (a column's own finding names the column, not a cell).
  expect(mine.filter((f) => f.properties?.indicator !== undefined)).toEqual([]);
}

describe("a Word or OpenDocument text's tables", () => {
  it("classifies a Word document's table columns by header, while its PII is still found in the cells' paragraphs", async () => {
    expectTableMember(await inspect(root, 'rag/docs/follow-ups.docx'), 'rag/docs/follow-ups.docx', 'word/document.xml paragraph 6');
  });

  it("classifies an OpenDocument text's table columns by header, while its PII is still found in the cells' paragraphs", async () => {
    expectTableMember(await inspect(root, 'rag/docs/follow-ups.odt'), 'rag/docs/follow-ups.odt', 'content.xml paragraph 6');
  });

  it("classifies the columns of a Word and an OpenDocument text's tables attached to an e-mail", async () => {
    const out = await inspect(root, 'data/mail/follow-ups.eml');
    expectTableMember(out, 'data/mail/follow-ups.eml!/follow-ups.docx', 'word/document.xml paragraph 6');
    expectTableMember(out, 'data/mail/follow-ups.eml!/follow-ups.odt', 'content.xml paragraph 6');
  });

  it("classifies the columns of a Word and an OpenDocument text's tables in a zip", async () => {
    const out = await inspect(root, 'data/follow-ups.zip');
    expectTableMember(out, 'data/follow-ups.zip!/follow-ups.docx', 'word/document.xml paragraph 6');
    expectTableMember(out, 'data/follow-ups.zip!/follow-ups.odt', 'content.xml paragraph 6');
  });

  it("classifies the columns of a Word document's tables embedded in another, as a part and as an OLE object", async () => {
    const out = await inspect(root, 'data/memo.docx');
    expectTableMember(out, 'data/memo.docx!/word/embeddings/Microsoft_Word_Document.docx', 'word/document.xml paragraph 6');
    expectTableMember(out, 'data/memo.docx!/word/embeddings/oleObject1.bin!/oleObject1.docx', 'word/document.xml paragraph 6');
    // The memo's own paragraph holds no table.
    expect(out.assets!.find((a) => a.kind === 'dataset' && a.locations[0]?.path === 'data/memo.docx')?.properties.columns).toBeUndefined();
  });
});
