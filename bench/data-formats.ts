import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { RecordBatchStreamWriter, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { strToU8, zipSync } from 'fflate';
import type { SqlJsStatic } from 'sql.js';
import { readArrow } from '../src/inspectors/data/readers/arrow.js';
import { readAvro } from '../src/inspectors/data/readers/avro.js';
import { avroBlockRanges } from '../src/inspectors/data/readers/avro-ranges.js';
import { avroFile } from '../src/inspectors/data/testing/avro-writer.js';
import { readPickleStrings } from '../src/inspectors/data/readers/pickle-strings.js';
import { htmlRows } from '../src/inspectors/data/readers/html.js';
import { officeRows } from '../src/inspectors/data/readers/office.js';
import { odfRows } from '../src/inspectors/data/readers/opendocument.js';
import { pdfRows } from '../src/inspectors/data/readers/pdf.js';
import { byteChunks } from '../src/inspectors/data/readers/source.js';
import { readSqlite } from '../src/inspectors/data/readers/sqlite.js';
import { readTfRecord } from '../src/inspectors/data/readers/tfrecord.js';
import { readWebDataset } from '../src/inspectors/data/readers/webdataset.js';
import { xlsRows } from '../src/inspectors/data/readers/xls.js';
import { docRows } from '../src/inspectors/data/readers/doc.js';
import { pptRows } from '../src/inspectors/data/readers/ppt.js';
import { yamlDocumentRows } from '../src/inspectors/data/readers/yaml-doc.js';
import { eachMsgRow } from '../src/inspectors/data/readers/msg.js';
import { eachTnefRow } from '../src/inspectors/data/readers/tnef.js';
import { eachMailMessage } from '../src/inspectors/data/readers/mbox.js';
import { eachMimeRow } from '../src/inspectors/data/readers/mime.js';
import { CollectedRows } from '../src/inspectors/data/readers/sheet-table.js';
import { xlsxRows } from '../src/inspectors/data/readers/xlsx.js';
import { PickleWriter } from '../src/inspectors/models/testing/pickle-writer.js';
import { pdfDocument, tarArchive, tarMember, tfExample, tfRecords } from '../src/inspectors/data/testing/format-writers.js';
import { odfFile, odsCell } from '../src/inspectors/data/testing/odf-writer.js';
import { xlsWorkbook } from '../src/inspectors/data/testing/xls-writer.js';
import { docDocument } from '../src/inspectors/data/testing/doc-writer.js';
import { pptDeck } from '../src/inspectors/data/testing/ppt-writer.js';
import { compressRtfLiterally, msgFile } from '../src/inspectors/data/testing/msg-writer.js';
import { prop, tnefFile } from '../src/inspectors/data/testing/tnef-writer.js';
import { writeMbox, writeMessage } from '../src/inspectors/data/testing/mime-writer.js';
import { rtfDocument } from '../src/inspectors/data/testing/rtf-writer.js';
import { rtfRows } from '../src/inspectors/data/readers/rtf-doc.js';

type Row = (stage: string, what: string, bytes: number, ms: number) => void;

/** Best of four runs of a reader, in CPU ms (streaming readers are drained; wall time on a shared machine measures the neighbours). */
async function best(run: () => unknown): Promise<number> {
  let ms = Infinity;
  for (let k = 0; k < 4; k++) {
    const c0 = process.cpuUsage();
    const out = await run();
    if (out && typeof out === 'object' && Symbol.asyncIterator in out) for await (const _ of out as AsyncIterable<unknown>) void _;
    const c = process.cpuUsage(c0);
    ms = Math.min(ms, (c.user + c.system) / 1000);
  }
  return ms;
}

const status = () => ({ truncated: false, bytes: 0, rows: 0 });
const esc = (s: string) => s.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Each reader of the formats AI pipelines keep their data in, over the same records written in
 * that format: what the format's decoding costs next to the CSV and JSONL parsing above.
 */
export async function benchFormatReads(records: readonly { text: string; label?: string }[], row: Row): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aispm-bench-formats-'));
  const file = (name: string, bytes: Uint8Array) => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  try {
    const texts = records.map((r) => r.text);
    const labels = records.map((r) => r.label ?? '');
    // A Hugging Face datasets shard (Arrow IPC stream, batches of 1,000 rows).
    const table = new Table({ text: vectorFromArray(texts, new Utf8()), label: vectorFromArray(labels, new Utf8()) });
    const batches = table.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 1000) }, (_, k) => b.slice(k * 1000, (k + 1) * 1000)));
    const shard = file('data-00000-of-00001.arrow', RecordBatchStreamWriter.writeAll(batches).toUint8Array(true));
    row('Arrow IPC read (a datasets shard: batches, rows, cells)', 'records as a shard', readFileSync(shard).length, await best(() => readArrow(shard, status(), Infinity)));

    // A Chroma store's documents (embedding_metadata rows).
    const SQL = await (createRequire(import.meta.url)('sql.js') as () => Promise<SqlJsStatic>)();
    const db = new SQL.Database();
    db.run('CREATE TABLE embedding_metadata (id INTEGER, key TEXT NOT NULL, string_value TEXT, int_value INTEGER, float_value REAL, bool_value INTEGER)');
    db.run('BEGIN');
    const insert = db.prepare('INSERT INTO embedding_metadata (id, key, string_value) VALUES (?, ?, ?)');
    texts.forEach((t, i) => insert.run([i + 1, 'chroma:document', t]));
    insert.free();
    db.run('COMMIT');
    const store = file('chroma.sqlite3', db.export());
    db.close();
    row('SQLite read (a Chroma store: documents by key)', 'records as rows', readFileSync(store).length, await best(() => readSqlite(store, status(), Infinity)));

    const tfr = file('train.tfrecord', tfRecords(records.map((r) => tfExample({ text: { bytes: [r.text] }, label: { bytes: [r.label ?? ''] } }))));
    row('TFRecord read (tf.train.Example records, CRC-checked)', 'records as Examples', readFileSync(tfr).length, await best(() => readTfRecord(byteChunks(tfr, { maxBytes: Infinity }, status()), status(), Infinity)));

    // A BigQuery export or Kafka sink file (Avro, deflate blocks of 500 records).
    const avroSchema = { type: 'record', name: 'Row', fields: [{ name: 'text', type: 'string' }, { name: 'label', type: ['null', 'string'] }] };
    const avro = file('export.avro', avroFile(avroSchema, records.map((r) => ({ text: r.text, label: r.label ?? null })), { codec: 'deflate', blockRecords: 500 }));
    // Measured over the text it holds: deflate shrinks repetitive records many times over.
    row('Avro read (deflate blocks, records by field path)', 'records as an export (text)', texts.reduce((a, t) => a + Buffer.byteLength(t), 0), await best(() => readAvro(byteChunks(avro, { maxBytes: Infinity }, status()), status(), Infinity)));
    // The pass that splits a large Avro file across workers: block heads and sync markers only, the records jumped over.
    const avroBytes = readFileSync(avro).length;
    row('Avro split pass (block heads and sync markers, 8 runs)', 'records as an export (file)', avroBytes, await best(() => avroBlockRanges(avro, avroBytes, Math.ceil(avroBytes / 8))));

    // A LangChain FAISS docstore (index.pkl): {id: {'page_content': text, 'source': …}}, protocol 4, as Python memoizes.
    const pk = new PickleWriter().proto(4).emptyDict().memoize().mark();
    texts.forEach((t, i) => {
      pk.str(`doc-${i}-0000-4000-8000`).memoize().emptyDict().memoize().mark().str('page_content').memoize().str(t).memoize().str('source').memoize().str(`kb/page-${i}.md`).memoize().setitems();
    });
    const docstore = file('index.pkl', pk.setitems().stop().toBytes());
    row('pickle read (a FAISS docstore: strings by key, never loaded)', 'records as Documents', readFileSync(docstore).length, await best(() => readPickleStrings(byteChunks(docstore, { maxBytes: Infinity }, status()), status(), Infinity, [])));

    const tar = file('00000.tar', tarArchive(...texts.map((t, i) => tarMember(`${String(i).padStart(9, '0')}.txt`, t))));
    row('WebDataset read (a tar shard: a sample per key)', 'records as members', readFileSync(tar).length, await best(() => readWebDataset(byteChunks(tar, { maxBytes: Infinity }, status()), status(), Infinity, [])));

    const html = `<html><body>${texts.map((t, i) => (i % 50 === 7 ? `<div style="display:none">${esc(t)}</div>` : `<p>${esc(t)}</p>`)).join('\n')}</body></html>`;
    row('HTML read (blocks, hidden text, exact positions)', 'records as paragraphs', html.length, await best(() => htmlRows(html)));

    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const docx = zipSync({ 'word/document.xml': strToU8(`<w:document ${W}><w:body>${texts.map((t) => `<w:p><w:r><w:t>${esc(t)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`) });
    // Office and PDF rates are of the text they hold (their files are compressed).
    const textBytes = texts.reduce((a, t) => a + t.length, 0);
    row('Word read (unzip, paragraphs, hidden runs)', 'records as paragraphs (text)', textBytes, await best(() => officeRows(docx, 'docx')));

    const cells = texts.map((t, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${esc(t)}</t></is></c><c r="B${i + 2}" t="inlineStr"><is><t>${esc(labels[i]!)}</t></is></c></row>`).join('');
    const xlsx = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c><c r="B1" t="inlineStr"><is><t>label</t></is></c></row>${cells}</sheetData></worksheet>`) });
    row('Excel read (unzip, sheet rows, header)', 'records as rows (text)', textBytes, await best(() => xlsxRows(xlsx, Infinity)));
    const odt = odfFile('odt', { body: texts.map((t) => `<text:p>${esc(t)}</text:p>`).join('') });
    row('OpenDocument text read (unzip, paragraphs, styles)', 'records as paragraphs (text)', textBytes, await best(() => odfRows(odt, 'odt', Infinity)));
    const ods = odfFile('ods', { body: `<table:table table:name="S"><table:table-row>${odsCell('text')}${odsCell('label')}</table:table-row>${texts.map((t, i) => `<table:table-row>${odsCell(esc(t))}${odsCell(esc(labels[i]!))}</table:table-row>`).join('')}</table:table>` });
    row('OpenDocument spreadsheet read (unzip, sheet rows, header)', 'records as rows (text)', textBytes, await best(() => odfRows(ods, 'ods', Infinity)));
    // A legacy workbook holds 65,536 rows a sheet: the first 65,535 records under a header.
    const legacy = texts.slice(0, 65_535);
    const xls = xlsWorkbook([{ name: 'S', rows: [['text', 'label'], ...legacy.map((t, i) => [t, labels[i]!])] }]);
    row('Excel 97-2003 read (compound file, BIFF8 records, shared strings)', 'records as rows (text)', legacy.reduce((a, t) => a + t.length, 0), await best(() => xlsRows(xls, Infinity)));

    // A Word 97-2003 document: one paragraph a record, in compressed (Windows-1252) pieces.
    const doc = docDocument(texts.map((t) => t.replace(/[\r\x07\x13-\x15]/g, ' ')).join('\r') + '\r');
    row('Word 97-2003 read (compound file, FIB, piece table, stories)', 'records as paragraphs (text)', textBytes, await best(() => docRows(doc)));
    // A PowerPoint 97-2003 deck: ten records a slide, as placeholder text.
    const slides = Array.from({ length: Math.ceil(texts.length / 10) }, (_, k) => ({ texts: texts.slice(k * 10, k * 10 + 10) }));
    const ppt = pptDeck({ slides });
    row('PowerPoint 97-2003 read (compound file, record tree, text atoms)', 'records as slide texts (text)', textBytes, await best(() => pptRows(ppt)));
    // An Outlook message export: one message holding the records as its body's paragraphs (UTF-16 property streams).
    const msg = msgFile({ subject: 'export', senderEmail: 'ops@example.org', body: texts.slice(0, 50_000).join('\r\n\r\n') });
    row('Outlook message read (compound file, MAPI properties, body paragraphs)', 'records as paragraphs (text)', texts.slice(0, 50_000).reduce((a, t) => a + t.length, 0), await best(() => eachMsgRow(msg, new CollectedRows())));
    // As Outlook saves it: the plain body beside an RTF body (its bytes as LZFu literals), which is
    // decompressed and checked for words that can hide text, and parsed only when it has some.
    const mailTexts = texts.slice(0, 50_000);
    const mailBytes = mailTexts.reduce((a, t) => a + t.length, 0);
    for (const [what, rtfBody] of [
      ['hides nothing (decompressed, checked)', rtfDocument(mailTexts)],
      ['hides \\v runs (decompressed, parsed)', rtfDocument(mailTexts.map((t, i) => (i % 10 ? t : [{ text: t.slice(0, 40) }, { text: t.slice(40), hidden: true }])))],
    ] as const) {
      const withRtf = msgFile({ subject: 'export', body: mailTexts.join('\r\n\r\n'), rtfCompressed: compressRtfLiterally(rtfBody) });
      row(`Outlook message + an RTF body that ${what}`, 'records as paragraphs (text)', mailBytes, await best(() => eachMsgRow(withRtf, new CollectedRows())));
    }
    // The same export as Outlook's winmail.dat: the body a UTF-16 PR_BODY in the message's property list.
    const tnef = tnefFile({ subject: 'export', props: [prop.unicode(0x1000, texts.slice(0, 50_000).join('\r\n\r\n'))] });
    row('TNEF read (winmail.dat: attributes, checksums, MAPI properties, body paragraphs)', 'records as paragraphs (text)', texts.slice(0, 50_000).reduce((a, t) => a + t.length, 0), await best(() => eachTnefRow(tnef, new CollectedRows())));
    // An RTF document: one paragraph a record (characters past ASCII as \'hh or \uN escapes), each tenth with a hidden run.
    const rtf = rtfDocument(texts.map((t, i) => (i % 10 ? t : [{ text: t.slice(0, 40) }, { text: t.slice(40), hidden: true }])));
    row('RTF read (one pass: groups, control words, escapes, hidden runs, exact places)', 'records as paragraphs (text)', textBytes, await best(() => rtfRows(rtf)));
    // A mailbox (mboxrd) of messages, ten records a quoted-printable body, and each tenth message a base64 CSV attached.
    const mails = Array.from({ length: Math.ceil(Math.min(texts.length, 50_000) / 10) }, (_, k) =>
      writeMessage({
        headers: [['From', `user${k}@example.org`], ['To', 'support@example.org'], ['Subject', `ticket ${k}`]],
        body: k % 10 ? { type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', body: texts.slice(k * 10, k * 10 + 10).join('\n\n') } : { multipart: 'mixed', boundary: `b${k}`, parts: [{ type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', body: texts[k * 10]! }, { type: 'text/csv', encoding: 'base64', filename: 'rows.csv', disposition: 'attachment', body: texts.slice(k * 10, k * 10 + 10).join('\n') }] },
      }),
    );
    const mbox = file('support.mbox', strToU8(writeMbox(mails)));
    const mboxBytes = readFileSync(mbox).length;
    row('mbox read (messages, MIME parts, quoted-printable, base64)', 'records as mail bodies (file)', mboxBytes, await best(() => eachMailMessage(byteChunks(mbox, { maxBytes: Infinity }, status()), true, { message: (text, line, n) => void eachMimeRow(text, line, `message ${n}: `, () => undefined), overflow: () => undefined })));
    // A YAML dataset (a list of records under `data:`, an answer as a literal block): the yaml package's parse dominates.
    const yamlText = `data:\n${texts.slice(0, 20_000).map((t, i) => `- text: ${JSON.stringify(t)}\n  label: ${JSON.stringify(labels[i]!)}\n  answer: |\n    ${t.replace(/\s+/g, ' ')}\n`).join('')}`;
    row('YAML records read (yaml nodes, field paths, exact places)', 'records as a YAML list (file)', yamlText.length, await best(() => [...yamlDocumentRows(yamlText, [])]));

    // PDF pages of 40 lines (ASCII: the standard font's encoding), the first 8,000 records.
    const ascii = texts.slice(0, 8000).map((t) => t.replace(/[^\x20-\x7e]/g, '?').slice(0, 90));
    const pages = Array.from({ length: Math.ceil(ascii.length / 40) }, (_, p) => ascii.slice(p * 40, p * 40 + 40));
    const pdf = pdfDocument(pages);
    row('PDF read (pdf.js text and operator lists, per page)', 'records as page lines (text)', ascii.reduce((a, t) => a + t.length, 0), await best(() => pdfRows(pdf)));
    // The same pages, each with a photo beside its lines (a 400 x 300 grey gradient, an inline
    // image, hex over deflate): what a report's figures cost where no verdict needs their pixels.
    const photo = Buffer.from(deflateSync(Uint8Array.from({ length: 400 * 300 }, (_, i) => (i % 400) * 0.6 + Math.floor(i / 400) * 0.2))).toString('hex');
    const pictured = pages.map((lines) => `q 200 0 0 150 350 40 cm BI /W 400 /H 300 /CS /G /BPC 8 /F [/AHx /Fl] ID ${photo}> EI Q BT /F1 12 Tf 14 TL 72 750 Td ${lines.map((l) => `(${l.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*`).join(' ')} ET`);
    const illustrated = pdfDocument(pages.map(() => []), undefined, pictured);
    row('PDF read, a photo a page (pdf.js; images undecoded after the first)', 'records as page lines (text)', ascii.reduce((a, t) => a + t.length, 0), await best(() => pdfRows(illustrated)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
