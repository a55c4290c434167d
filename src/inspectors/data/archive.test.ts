import { gzipSync } from 'node:zlib';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from './testing/scan-file.js';
import { brokenDeflate, docxDocument, pdfDocument, tarArchive, tarMember, xlsxWorkbook, zip64CountBomb } from './testing/format-writers.js';
import { fakeSecrets } from './testing/fakes.js';
import { olePackage } from './testing/ole-writer.js';
import { msgFile } from './testing/msg-writer.js';
import { Rng } from './testing/random.js';
import { compoundFile, xlsWorkbook } from './testing/xls-writer.js';
import { bzip2ViaPython, zstdStored } from '../models/testing/compress-writers.js';

/**
 * Data archives as teams download and export them: a zip of CSV and JSONL files (a Kaggle
 * download), a gzipped tar holding a table, and a WebDataset shard that holds no data file.
 * Archives are written here with fflate's zip and the repository's tar writer.
 */
let dir: string;
const oleSecret = fakeSecrets(new Rng(7)).find((f) => f.ruleId === 'github-pat')!;
const people = (n: number) => `id,name,email\n${Array.from({ length: n }, (_, i) => `${i},Person ${i},person${i}@mailhost-${i}.io`).join('\n')}\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-archive-'));
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const big = people(40_000); // over 1 MiB: handed over as a temporary file
  await writeFile(
    path.join(dir, 'data', 'kaggle.zip'),
    zipSync({
      'customers.csv': strToU8(people(10)),
      'notes/chats.jsonl': strToU8(`${JSON.stringify({ text: 'Call me on +44 20 7946 0958, Jane Roe' })}\n`),
      'big/all.csv': strToU8(big),
      'nested.zip': zipSync({ 'inner.csv': strToU8(people(3)) }),
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'README.md': strToU8('Synthetic customers for the churn model.\n'),
    }),
  );
  await writeFile(path.join(dir, 'data', 'export.tar.gz'), gzipSync(tarArchive(tarMember('export/people.csv', people(5)))));
  await writeFile(path.join(dir, 'data', 'shard-000.tar'), tarArchive(tarMember('000001.txt', 'a caption about a cat'), tarMember('000001.jpg', new Uint8Array(8))));
  // A Word report whose pasted-in table is an embedded workbook, and an embedded memo holds a token
  // (built from parts here). Outside a data folder, as reports are: the memo, a document there, is
  // read for secrets; the workbook, data wherever it is, for personal data too.
  await mkdir(path.join(dir, 'reports'), { recursive: true });
  const claims = xlsxWorkbook([{ name: 'Claims', rows: [['member', 'ssn'], ['Ana Silva', '219-45-1234'], ['Bo Lee', '078-05-1121']] }]);
  const memo = docxDocument([`Deploy with ${['gh', 'p_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0bCdEf2h4J'].join('')}`]);
  await writeFile(
    path.join(dir, 'reports', 'q3-review.docx'),
    docxDocument(['Quarterly claims review'], {
      'word/embeddings/Microsoft_Excel_Worksheet.xlsx': claims,
      'word/embeddings/Microsoft_Word_Document.docx': memo,
      'word/media/image1.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'customers.xlsx': claims,
    }),
  );
  await writeFile(path.join(dir, 'data', 'notes.zip'), zipSync({ 'review.docx': docxDocument(['x'], { 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': claims }) }));
  await writeFile(path.join(dir, 'reports', 'claims.pdf'), pdfDocument([['Claims summary, see the attached export.']], undefined, undefined, { attachments: { 'export.csv': 'member,ssn\nAna Silva,219-45-1234\n' } }));
  // The same kinds of files embedded as OLE objects (Insert → Object): a packaged CSV and text file,
  // a legacy sheet, an .xlsx wrapped in a Package stream; beside them one whose Ole10Native declares
  // a 2 GiB file, one that is no compound file, and a workbook carrying an OLE object of its own.
  const packagedCsv = 'member,email,ssn\nAna Silva,ana.silva@mailhost-1.io,219-45-1234\n';
  await writeFile(
    path.join(dir, 'reports', 'ole-report.docx'),
    docxDocument(['Quarterly claims review, objects inserted from files'], {
      'word/embeddings/oleObject1.bin': olePackage('claims.csv', packagedCsv, { source: 'C:\\Users\\ana\\Desktop\\claims.csv' }),
      'word/embeddings/oleObject2.bin': olePackage('deploy-notes.txt', `Deploy notes\nrun the job with\n${oleSecret.line}\n`),
      'word/embeddings/oleObject3.bin': xlsWorkbook([{ name: 'Legacy', rows: [['member', 'ssn'], ['Bo Lee', '078-05-1121']] }]),
      'word/embeddings/oleObject4.bin': compoundFile({ Package: xlsxWorkbook([{ name: 'Wrapped', rows: [['member', 'email'], ['Cy Park', 'cy.park@mailhost-2.io']] }]) }),
      'word/embeddings/oleObject5.bin': olePackage('huge.csv', 'a,b\n', { dataSize: 0x7fff_ffff }),
      'word/embeddings/oleObject6.bin': strToU8('not a compound file'),
    }),
  );
  await writeFile(
    path.join(dir, 'reports', 'ole-book.xlsx'),
    zipSync({ ...unzipSync(xlsxWorkbook([{ name: 'Summary', rows: [['total'], ['3']] }])), 'xl/embeddings/OLEOBJECT1.BIN': olePackage('people.csv', 'name,email\nDee Ray,dee.ray@mailhost-3.io\n') }),
  );
  // An Outlook message dragged into a deck (the object is the message's own compound file), its spreadsheet attached.
  const mail = msgFile({ subject: 'Escalations', body: 'Call Ana back on 415-555-2134 today.', attachments: [{ name: 'escalated.csv', data: strToU8('member,email\nEd Fox,ed.fox@mailhost-4.io\n') }] });
  await writeFile(path.join(dir, 'reports', 'ole-deck.pptx'), zipSync({ 'ppt/presentation.xml': strToU8('<p:presentation/>'), 'ppt/embeddings/oleObject1.bin': mail }));
  await writeFile(path.join(dir, 'reports', 'not-a-zip.docx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
  await writeFile(path.join(dir, 'data', 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const piiBy = (findings: { ruleId: string; location: { path?: string }; properties?: Record<string, unknown> }[] = []) =>
  findings.filter((f) => f.ruleId === 'data_no_personal_data').map((f) => [f.location.path, f.properties?.entities]);

describe('data archives', () => {
  it("reads a zip's data members as files of their own, located inside it, without opening archives within or reading images", async () => {
    const out = await inspect(dir, 'data/kaggle.zip');
    expect(out.wanted).toBe(true);
    expect(piiBy(out.findings)).toEqual(
      expect.arrayContaining([
        ['data/kaggle.zip!/customers.csv', expect.objectContaining({ EMAIL_ADDRESS: 10 })],
        ['data/kaggle.zip!/big/all.csv', expect.objectContaining({ EMAIL_ADDRESS: 40_000 })],
        ['data/kaggle.zip!/notes/chats.jsonl', expect.objectContaining({ PHONE_NUMBER: 1 })],
      ]),
    );
    const paths = new Set([...(out.findings ?? []), ...(out.assets ?? [])].map((x) => ('location' in x ? x.location.path : x.locations[0]?.path)));
    expect([...paths].some((p) => p?.includes('nested.zip') || p?.includes('logo.png'))).toBe(false);
    expect(out.assets?.find((a) => a.locations[0]?.path === 'data/kaggle.zip!/customers.csv')?.kind).toBe('dataset');
    // The temporary files of members read from disk are gone.
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('aispm-archive-') && !dir.endsWith(n))).toEqual([]);
  });

  it('reads small compressed members (.jsonl.gz, .csv.zst, .csv.bz2) from their bytes in hand; a gzipped one killed the process', async () => {
    const jsonl = strToU8(`${JSON.stringify({ text: 'reach Jane Roe at jane.roe@acme-corp.com about the refund' })}\n`);
    const members: Record<string, Uint8Array> = { 'chats.jsonl.gz': gzipSync(jsonl), 'people.csv.zst': zstdStored(strToU8(people(4))) };
    const bz = bzip2ViaPython(strToU8(people(3)));
    if (bz) members['old.csv.bz2'] = bz;
    await writeFile(path.join(dir, 'data', 'packed.zip'), zipSync(members));
    const out = await inspect(dir, 'data/packed.zip');
    expect(out.issues ?? []).toEqual([]);
    expect(piiBy(out.findings)).toEqual(
      expect.arrayContaining([
        ['data/packed.zip!/chats.jsonl.gz', expect.objectContaining({ EMAIL_ADDRESS: 1 })],
        ['data/packed.zip!/people.csv.zst', expect.objectContaining({ EMAIL_ADDRESS: 4 })],
        ...(bz ? [['data/packed.zip!/old.csv.bz2', expect.objectContaining({ EMAIL_ADDRESS: 3 })]] : []),
      ]),
    );
  });

  it('reads the workbooks and documents embedded in a Word file as files of their own, located inside it, and nothing else of its parts', async () => {
    const out = await inspect(dir, 'reports/q3-review.docx');
    const ssn = out.findings!.filter((f) => JSON.stringify(f.properties?.entities ?? {}).includes('US_SSN'));
    expect(ssn.map((f) => f.location)).toEqual([expect.objectContaining({ path: 'reports/q3-review.docx!/word/embeddings/Microsoft_Excel_Worksheet.xlsx', row: 2, field: 'Claims!ssn' })]);
    const secret = out.findings!.find((f) => f.location.path === 'reports/q3-review.docx!/word/embeddings/Microsoft_Word_Document.docx');
    expect(secret?.ruleId).toMatch(/secret/);
    expect(JSON.stringify(out)).not.toContain('aB3dE5gH7jK9mN1pQ3sT5vW7yZ0bCdEf2h4J');
    expect(out.assets!.find((a) => a.locations[0]?.path === 'reports/q3-review.docx!/word/embeddings/Microsoft_Excel_Worksheet.xlsx')?.kind).toBe('dataset');
    // Only the embeddings folder: a workbook stored elsewhere in the package is not an embedded file.
    const paths = [...(out.findings ?? []), ...(out.assets ?? [])].map((x) => ('location' in x ? x.location.path : x.locations[0]?.path));
    expect(paths.some((p) => p?.includes('!/customers.xlsx') || p?.includes('image1'))).toBe(false);
    // A document inside an archive is a member: its own embedded files are not opened (one level).
    const zipped = await inspect(dir, 'data/notes.zip');
    expect(zipped.findings!.some((f) => f.location.path?.includes('embeddings'))).toBe(false);
    // A document that is no zip says so from its own read; the look for embedded files adds nothing.
    const broken = await inspect(dir, 'reports/not-a-zip.docx');
    const said = broken.issues!.map((i) => i.message);
    expect(said).toContainEqual(expect.stringMatching(/^reports\/not-a-zip\.docx: not a readable Word document: /));
    expect(said.filter((m) => m.includes('zip archive'))).toEqual([]);
  });

  it('reads the files OLE embeddings carry as files of their own, located inside the .bin, and says what it could not read', async () => {
    const out = await inspect(dir, 'reports/ole-report.docx');
    const bin = (n: number, file: string) => `reports/ole-report.docx!/word/embeddings/oleObject${n}.bin!/${file}`;
    const entities = (p: string) => out.findings!.filter((f) => f.location.path === p && f.ruleId === 'data_no_personal_data').map((f) => [f.location, f.properties?.entities]);
    // A packaged CSV, named by its label: its row and column.
    expect(entities(bin(1, 'claims.csv'))).toEqual([
      [expect.objectContaining({ line: 2, field: 'email' }), { EMAIL_ADDRESS: 1 }],
      [expect.objectContaining({ line: 2, field: 'ssn' }), { US_SSN: 1 }],
    ]);
    expect(out.assets!.find((a) => a.locations[0]?.path === bin(1, 'claims.csv'))?.kind).toBe('dataset');
    // A packaged text file outside a data folder is read for secrets; the value is never shown.
    const secret = out.findings!.find((f) => f.location.path === bin(2, 'deploy-notes.txt'));
    expect(secret).toMatchObject({ ruleId: expect.stringMatching(/secret/), location: { line: 3 } });
    expect(JSON.stringify(out)).not.toContain(oleSecret.value);
    // A legacy sheet (the .bin is the workbook) and an .xlsx wrapped in a Package stream, each by its own reader.
    expect(entities(bin(3, 'oleObject3.xls'))).toEqual([[expect.objectContaining({ row: 2, field: 'Legacy!ssn' }), expect.objectContaining({ US_SSN: 1 })]]);
    expect(entities(bin(4, 'oleObject4.xlsx'))).toEqual([[expect.objectContaining({ row: 2, field: 'Wrapped!email' }), expect.objectContaining({ EMAIL_ADDRESS: 1 })]]);
    // A hostile size and a .bin that is no compound file are said, naming the embedding; the rest was scanned.
    expect(out.issues!.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^reports\/ole-report\.docx!\/word\/embeddings\/oleObject5\.bin: Ole10Native stream declares a 2147483647-byte file but holds 4 bytes/),
        expect.stringMatching(/^reports\/ole-report\.docx!\/word\/embeddings\/oleObject6\.bin: not a readable OLE object: not a compound file/),
      ]),
    );
    const paths = [...(out.findings ?? []), ...(out.assets ?? [])].map((x) => ('location' in x ? x.location.path : x.locations[0]?.path));
    expect(paths.filter((p) => p?.includes('oleObject5') || p?.includes('oleObject6'))).toEqual([]);
    // In an Excel file too, whatever the case of the name Office gave the embedding.
    const book = await inspect(dir, 'reports/ole-book.xlsx');
    expect(piiBy(book.findings)).toContainEqual(['reports/ole-book.xlsx!/xl/embeddings/OLEOBJECT1.BIN!/people.csv', expect.objectContaining({ EMAIL_ADDRESS: 1 })]);
    // An Outlook message in a deck is read as a message: its body here (an e-mail is personal data wherever it is).
    const deck = await inspect(dir, 'reports/ole-deck.pptx');
    expect(piiBy(deck.findings)).toContainEqual(['reports/ole-deck.pptx!/ppt/embeddings/oleObject1.bin!/oleObject1.msg', expect.objectContaining({ PHONE_NUMBER: 1 })]);
    // And its attachments, as members of the message (they were not opened: a member's files were not read).
    expect(piiBy(deck.findings)).toContainEqual(['reports/ole-deck.pptx!/ppt/embeddings/oleObject1.bin!/oleObject1.msg!/escalated.csv', expect.objectContaining({ EMAIL_ADDRESS: 1 })]);
  });

  it('reads the files attached to a PDF as files of their own, located inside it', async () => {
    const out = await inspect(dir, 'reports/claims.pdf');
    const ssn = out.findings!.filter((f) => JSON.stringify(f.properties?.entities ?? {}).includes('US_SSN'));
    expect(ssn.map((f) => f.location)).toEqual([expect.objectContaining({ path: 'reports/claims.pdf!/export.csv', line: 2 })]);
    expect(out.assets!.find((a) => a.locations[0]?.path === 'reports/claims.pdf!/export.csv')?.kind).toBe('dataset');
  });

  it("reads a tar's data files apart from its WebDataset samples, and a shard of samples only as samples", async () => {
    const tgz = await inspect(dir, 'data/export.tar.gz');
    expect(piiBy(tgz.findings)).toContainEqual(['data/export.tar.gz!/export/people.csv', expect.objectContaining({ EMAIL_ADDRESS: 5 })]);
    expect(new Set(piiBy(tgz.findings).map((x) => x[0]))).toEqual(new Set(['data/export.tar.gz!/export/people.csv']));
    const shard = await inspect(dir, 'data/shard-000.tar');
    expect((shard.assets ?? []).map((a) => a.locations[0]?.path)).toEqual(['data/shard-000.tar']);
  });

  it("checks a zip's train and test splits against each other", async () => {
    const rec = (i: number) => JSON.stringify({ text: `question number ${i} about the refund policy of the store`, label: i % 2 ? 'yes' : 'no' });
    const train = Array.from({ length: 30 }, (_, i) => rec(i)).join('\n');
    const test = [rec(3), rec(7), rec(100), rec(101)].join('\n');
    await writeFile(path.join(dir, 'data', 'glue.zip'), zipSync({ 'glue/train.jsonl': strToU8(train), 'glue/test.jsonl': strToU8(test) }));
    const out = await inspect(dir, 'data/glue.zip');
    const overlap = out.findings?.filter((f) => f.ruleId === 'data_no_train_test_overlap') ?? [];
    expect(overlap.map((f) => [f.location.path, f.properties?.shared, f.properties?.records])).toEqual([['data/glue.zip!/glue/test.jsonl', 2, 4]]);
  });

  it('stops at once on a zip whose zip64 directory claims four billion entries in a hundred bytes', async () => {
    const z = zip64CountBomb();
    await writeFile(path.join(dir, 'data', 'zip64-claims.zip'), z);
    // Without the bound this test runs into its timeout (some 20 minutes of one core).
    const out = await inspect(dir, 'data/zip64-claims.zip');
    expect(out.issues?.map((i) => [i.reason, i.message])).toEqual([['parse-error', 'data/zip64-claims.zip: zip archive could not be read: its directory claims more entries than its 106 bytes could hold']]);
  });

  it('says a zip that cannot be read is not scanned, and goes on', async () => {
    const out = await inspect(dir, 'data/broken.zip');
    expect(out.issues?.map((i) => [i.reason, i.message])).toEqual([['parse-error', expect.stringMatching(/^data\/broken\.zip: zip archive could not be read/)]]);
  });

  it('names a member whose deflate stream is broken, and scans the members after it', async () => {
    const zip = zipSync({ 'old/archive.csv': strToU8(people(20)), 'customers.csv': strToU8('name,ssn\nAna Silva,219-45-1234\n') });
    await writeFile(path.join(dir, 'data', 'one-broken.zip'), brokenDeflate(zip, 'old/archive.csv'));
    const out = await inspect(dir, 'data/one-broken.zip');
    expect(out.findings?.find((f) => f.message.includes('US_SSN'))?.location.path).toBe('data/one-broken.zip!/customers.csv');
    expect(out.issues?.map((i) => i.message)).toEqual(['data/one-broken.zip: old/archive.csv does not inflate (invalid block type); not read']);
  });
});

