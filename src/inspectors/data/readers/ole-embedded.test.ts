import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxDocument, pdfDocument, xlsxWorkbook } from '../testing/format-writers.js';
import { ole10Native, olePackage } from '../testing/ole-writer.js';
import { compoundFile, xlsWorkbook } from '../testing/xls-writer.js';
import { docDocument } from '../testing/doc-writer.js';
import { pptDeck } from '../testing/ppt-writer.js';
import { msgFile } from '../testing/msg-writer.js';
import { eachMsgRow } from './msg.js';
import { CollectedRows } from './sheet-table.js';
import { docRows } from './doc.js';
import { oleEmbeddedFiles, packagedName } from './ole-embedded.js';
import { xlsRows } from './xls.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const csv = 'name,email\nAna Silva,ana@example.org\n';

describe('OLE embeddings (oleObject*.bin)', () => {
  it('returns the file an OLE1 Package carries, named by its label', () => {
    const { files, problems } = oleEmbeddedFiles(olePackage('customers.csv', csv, { source: 'C:\\Users\\ana\\Desktop\\customers.csv' }), 'word/embeddings/oleObject1.bin');
    expect(problems).toEqual([]);
    expect(files.map(([n, b]) => [n, text(b)])).toEqual([['customers.csv', csv]]);
  });

  it('names a packaged file by the first of label, source and temp path that has an extension, base name only', () => {
    const bin = olePackage('Q3 customer list', csv, { source: 'C:\\Users\\ana\\Desktop\\q3.csv', temp: 'C:\\Temp\\x.tmp' });
    expect(oleEmbeddedFiles(bin, 'oleObject2.bin').files.map(([n]) => n)).toEqual(['q3.csv']);
    expect(packagedName(['', '', '/tmp/notes.txt'])).toBe('notes.txt');
    expect(packagedName(['caption', '', ''])).toBe('caption');
    // Nothing of a folder, a traversal, a drive, our member separator or a control character survives.
    expect(packagedName(['..\\..\\evil!/x:\u0001y.csv'])).toBe('xy.csv');
    expect(packagedName(['..'])).toBe('');
    expect(packagedName(['a'.repeat(500) + '.csv'])).toHaveLength(200);
  });

  it('says a packaged file with no name is not read', () => {
    const { files, problems } = oleEmbeddedFiles(olePackage('', 'x', { source: '', temp: '' }), 'oleObject1.bin');
    expect(files).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/1-byte file with no name; not read/)]);
  });

  it('says what is wrong with a truncated or hostile Ole10Native stream, and never reads past it', () => {
    const cases: [Parameters<typeof ole10Native>[2], RegExp][] = [
      [{ totalSize: 0xffff_fff0 }, /declares 4294967280 bytes but holds \d+/],
      [{ dataSize: 0x7fff_ffff }, /declares a 2147483647-byte file but holds 3 bytes/],
      [{ tempLength: 0xffff_ffff }, /temp path declares 4294967295 bytes, past the stream's end/],
      [{ totalSize: 8 }, /source path has no end/],
    ];
    for (const [o, said] of cases) {
      const { files, problems } = oleEmbeddedFiles(olePackage('a.csv', 'a,b', o), 'oleObject1.bin');
      expect(files).toEqual([]);
      expect(problems).toEqual([expect.stringMatching(said)]);
    }
    const short = oleEmbeddedFiles(compoundFile({ '\x01Ole10Native': new Uint8Array([1, 0]) }), 'oleObject1.bin');
    expect(short.problems).toEqual([expect.stringMatching(/too short/)]);
    // Every cut of a good stream is said or read, never thrown.
    const whole = ole10Native('a.csv', csv);
    for (let n = 0; n < whole.length; n++) expect(() => oleEmbeddedFiles(compoundFile({ '\x01Ole10Native': whole.subarray(0, n) }), 'o.bin')).not.toThrow();
  });

  it('skips quietly the native data of an OLE1 object that is no package', () => {
    expect(oleEmbeddedFiles(olePackage('a.csv', 'a,b', { flags: 1 }), 'oleObject1.bin')).toEqual({ files: [], problems: [] });
  });

  it('returns an embedded Excel 97–2003 sheet as the .bin itself, named .xls, that the xls reader reads', () => {
    const bin = xlsWorkbook([{ name: 'Claims', rows: [['member', 'ssn'], ['Ana Silva', '219-45-1234']] }]);
    const { files, problems } = oleEmbeddedFiles(bin, 'xl/embeddings/oleObject3.bin');
    expect(problems).toEqual([]);
    expect(files.map(([n]) => n)).toEqual(['oleObject3.xls']);
    expect(files[0]![1]).toBe(bin);
    expect(JSON.stringify(xlsRows(files[0]![1], 100).rows)).toContain('219-45-1234');
  });

  it('names a Package stream by the Office file it holds, and says a zip of another kind is not read', () => {
    const xlsx = xlsxWorkbook([{ name: 'S', rows: [['a'], ['b']] }]);
    const docx = docxDocument(['hello']);
    const got = (s: Uint8Array) => oleEmbeddedFiles(compoundFile({ Package: s }), 'oleObject4.bin');
    expect(got(xlsx).files).toEqual([['oleObject4.xlsx', xlsx]]);
    expect(got(docx).files.map(([n]) => n)).toEqual(['oleObject4.docx']);
    expect(got(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])).problems).toEqual([expect.stringMatching(/^Package stream is not a readable zip/)]);
    expect(got(zipSync({ 'a.txt': strToU8('x') })).problems).toEqual(['Package stream holds a zip that is no Excel, Word or PowerPoint file; not read']);
  });

  it('stops at once on a Package zip whose zip64 directory claims four billion entries in 98 bytes', () => {
    const z = Buffer.alloc(56 + 20 + 22);
    z.writeUInt32LE(0x06064b50, 0); // zip64 end of central directory: 2^32 - 1 entries from offset 0
    z.writeUInt32LE(0xffff_ffff, 32);
    z.writeUInt32LE(0x07064b50, 56); // its locator, pointing at offset 0
    z.writeUInt32LE(0x06054b50, 76); // the end of central directory, deferring to zip64
    z.writeUInt16LE(0xffff, 84);
    z.writeUInt32LE(0xffff_ffff, 92);
    const { files, problems } = oleEmbeddedFiles(compoundFile({ Package: new Uint8Array(z) }), 'oleObject4.bin');
    expect(files).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^Package stream is not a readable zip: its directory lists more than the 3 entries looked at/)]);
  }, 1000); // a hang guard, not a speed measure (speed is the bench's)

  it("returns Acrobat's embedded PDF (a CONTENTS stream) and nothing for other CONTENTS", () => {
    const pdf = pdfDocument([['hello']]);
    expect(oleEmbeddedFiles(compoundFile({ CONTENTS: pdf }), 'oleObject5.bin').files).toEqual([['oleObject5.pdf', pdf]]);
    expect(oleEmbeddedFiles(compoundFile({ CONTENTS: new Uint8Array(10) }), 'oleObject5.bin')).toEqual({ files: [], problems: [] });
  });

  it('returns an embedded Word or PowerPoint 97–2003 file as the .bin itself, named .doc or .ppt, that its reader reads', () => {
    const doc = docDocument('Claim of Ana Silva, SSN 219-45-1234.\r');
    const { files, problems } = oleEmbeddedFiles(doc, 'word/embeddings/oleObject6.bin');
    expect(problems).toEqual([]);
    expect(files).toEqual([['oleObject6.doc', doc]]);
    expect(docRows(files[0]![1]).rows.map((r) => r.cells[0]!.text)).toEqual(['Claim of Ana Silva, SSN 219-45-1234.']);
    const ppt = pptDeck({ slides: [{ texts: ['Quarterly review'] }] });
    expect(oleEmbeddedFiles(ppt, 'ppt/embeddings/oleObject2.bin')).toEqual({ files: [['oleObject2.ppt', ppt]], problems: [] });
  });

  it('returns an Outlook message dragged into a document as the .bin itself, named .msg, that its reader reads', () => {
    const msg = msgFile({ subject: 'Refund for order 1182', senderEmail: 'ana.silva@acme-corp.com', body: 'Please refund the card ending 1111.' });
    const { files, problems } = oleEmbeddedFiles(msg, 'word/embeddings/oleObject3.bin');
    expect(problems).toEqual([]);
    expect(files).toEqual([['oleObject3.msg', msg]]);
    const rows = new CollectedRows();
    eachMsgRow(files[0]![1], rows);
    expect(rows.rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text])).toEqual(expect.arrayContaining([['subject', 'Refund for order 1182'], ['from (address)', 'ana.silva@acme-corp.com']]));
  });

  it('passes over equations quietly', () => {
    expect(oleEmbeddedFiles(compoundFile({ 'Equation Native': new Uint8Array(60) }), 'oleObject7.bin')).toEqual({ files: [], problems: [] });
  });

  it('says a .bin that is not a compound file is not read', () => {
    expect(oleEmbeddedFiles(new TextEncoder().encode('just some bytes'), 'oleObject1.bin')).toEqual({ files: [], problems: [expect.stringMatching(/^not a readable OLE object: not a compound file/)] });
    const truncated = olePackage('a.csv', 'a,b').subarray(0, 700);
    expect(oleEmbeddedFiles(truncated, 'oleObject1.bin').problems).toEqual([expect.stringMatching(/not a readable OLE object|stream not read/)]);
  });
});
