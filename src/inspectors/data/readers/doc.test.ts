import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { sniffByName, sniffLite } from '../sniff-lite.js';
import { docDocument, docFile, docStreams, FIB_AT, type DocStories } from '../testing/doc-writer.js';
import { fakeSecrets } from '../testing/fakes.js';
import { docxDocument } from '../testing/format-writers.js';
import { Rng } from '../testing/random.js';
import { inspect, inspectBytes } from '../testing/scan-file.js';
import { docRows } from './doc.js';
import { hyperlinkTarget } from './doc-text.js';

/**
 * Word 97–2003 documents written here (`testing/doc-writer.ts`: a FIB, the characters in
 * compressed and UTF-16 pieces, the piece table in the table stream), cross-checked against
 * antiword (Debian's package), which must read the same text from them.
 */

const texts = (rows: ReturnType<typeof docRows>['rows']) => rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text]);

const BODY = [
  'Claims handbook, second edition.',
  'Call Ana Silva about claim 7 — “urgent”, fee €40.',
  'Ελληνικά και русский текст, 日本語のテキスト.',
  'Printed on page \x13 PAGE \x141\x15 of \x13 NUMPAGES \x142\x15.',
  'Filed \x13 DATE \\@ "d MMMM yyyy" \x1427 November 2026\x15 by the desk.',
].join('\r') + '\r';

describe('Word 97–2003 documents (.doc)', () => {
  it('reads the body paragraph by paragraph, through compressed (Windows-1252) and UTF-16 pieces', () => {
    const { rows, problems, truncated } = docRows(docDocument(BODY));
    expect(problems).toEqual([]);
    expect(truncated).toBe(false);
    expect(texts(rows)).toEqual([
      ['body paragraph 1', 'Claims handbook, second edition.'],
      ['body paragraph 2', 'Call Ana Silva about claim 7 — “urgent”, fee €40.'],
      ['body paragraph 3', 'Ελληνικά και русский текст, 日本語のテキスト.'],
      // A field's result is kept, its instruction dropped.
      ['body paragraph 4', 'Printed on page 1 of 2.'],
      ['body paragraph 5', 'Filed 27 November 2026 by the desk.'],
    ]);
  });

  it('reads pieces wherever the piece table puts them (a fast save leaves them out of order), after Prc entries, from a 0Table', () => {
    const plain = texts(docRows(docDocument(BODY)).rows);
    expect(texts(docRows(docDocument(BODY, { maxPiece: 7, reverse: true, prc: true })).rows)).toEqual(plain);
    expect(texts(docRows(docDocument(BODY, { tableStream: '0Table' })).rows)).toEqual(plain);
  });

  it('keeps a HYPERLINK field\'s target after its text, once; drops other instructions, nested fields too', () => {
    const body = [
      'See \x13 HYPERLINK "https://claims.example.org/form" \\o "tip" \x14the form\x15 today.',
      'Bare \x13 HYPERLINK "https://a.example/x" \x14https://a.example/x\x15 link.',
      'Jump \x13 HYPERLINK \\l "section2" \x14below\x15.',
      'Outer \x13 IF \x13 PAGE \x141\x15 = 1 "yes" \x14yes\x15 end.',
      'Unclosed \x13 SEQ Figure \x14 3',
    ].join('\r');
    expect(texts(docRows(docDocument(body + '\r')).rows).map(([, t]) => t)).toEqual(['See the form <https://claims.example.org/form> today.', 'Bare https://a.example/x link.', 'Jump below.', 'Outer yes end.', 'Unclosed  3']);
    expect(hyperlinkTarget('HYPERLINK \\l "x" "https://b.example"')).toBe('https://b.example');
    expect(hyperlinkTarget(' PAGE ')).toBeUndefined();
  });

  it('reads line breaks, tabs and table cells: a cell is a tab, a row a paragraph', () => {
    const body = 'Line one\x0bline two\tand a tab.\rmember\x07ssn\x07\x07Ana Silva\x07219-45-1234\x07\x07After the table.\x0cNext page.\r';
    expect(texts(docRows(docDocument(body)).rows)).toEqual([
      ['body paragraph 1', 'Line one\nline two\tand a tab.'],
      ['body paragraph 2', 'member\tssn'],
      ['body paragraph 3', 'Ana Silva\t219-45-1234'],
      ['body paragraph 4', 'After the table.'],
      ['body paragraph 5', 'Next page.'],
    ]);
  });

  it('labels each story: footnotes, headers, comments, endnotes, text boxes', () => {
    const stories: DocStories = { body: 'Main text.\r', footnotes: '\x02 Source: interview with Ana Silva.\r', headers: 'Confidential\r\rPage footer\r', comments: '\x05 Ask Bo about 219-45-1234.\r', endnotes: 'An endnote.\r', textBoxes: 'Boxed text.\r' };
    expect(texts(docRows(docDocument(stories)).rows)).toEqual([
      ['body paragraph 1', 'Main text.'],
      ['footnotes paragraph 1', 'Source: interview with Ana Silva.'],
      ['headers paragraph 1', 'Confidential'],
      ['headers paragraph 3', 'Page footer'],
      ['comments paragraph 1', 'Ask Bo about 219-45-1234.'],
      ['endnotes paragraph 1', 'An endnote.'],
      ['text boxes paragraph 1', 'Boxed text.'],
    ]);
  });

  it('does not read an encrypted document, and says why', () => {
    expect(docRows(docDocument(BODY, { encrypted: true }))).toEqual({ rows: [], problems: ['the document is encrypted (password-protected): its text was not read'], truncated: true, unread: true });
  });

  it('stops at its character cap and says so', () => {
    const { rows, problems, truncated } = docRows(docDocument('a'.repeat(100) + '\rsecond\r'), 50);
    expect(rows.map((r) => r.cells[0]!.text)).toEqual(['a'.repeat(50)]);
    expect(truncated).toBe(true);
    expect(problems).toEqual(['text over 50 characters; the rest was not read']);
  });

  it('names what is wrong with a hostile FIB or piece table, never reading past a stream', () => {
    const patched = (patch: (word: DataView, table: DataView) => void, o: Parameters<typeof docStreams>[1] = {}, body = BODY) => {
      const s = docStreams(body, o);
      patch(new DataView(s.WordDocument.buffer), new DataView(s.table.buffer));
      return docFile(s.WordDocument, s.table, s.tableName);
    };
    const fails = (bytes: Uint8Array) => {
      try {
        docRows(bytes);
      } catch (e) {
        return (e as Error).message;
      }
      return 'read';
    };
    expect(fails(patched((w) => w.setUint32(FIB_AT.fcClx, 0x7fff_0000, true)))).toMatch(/^FIB puts the piece table \(Clx\) at 2147418112, \d+ bytes, past the \d+-byte 1Table stream$/);
    expect(fails(patched((w) => w.setUint32(FIB_AT.lcbClx, 0xffff_ffff, true)))).toMatch(/past the \d+-byte 1Table stream/);
    expect(fails(patched((w) => w.setUint32(FIB_AT.lcbClx, 0, true)))).toBe('FIB gives the piece table (Clx) no bytes');
    expect(fails(patched((w) => w.setUint16(FIB_AT.cbRgFcLcb, 0xffff, true)))).toMatch(/^FIB FibRgFcLcb claims 65535 entries, past the \d+-byte WordDocument stream$/);
    expect(fails(patched((w) => w.setUint16(FIB_AT.cbRgFcLcb, 10, true)))).toMatch(/too few to locate the piece table/);
    expect(fails(patched((w) => w.setInt32(FIB_AT.ccpText, -5, true)))).toBe('FIB counts -5 characters in the body');
    expect(fails(patched((w) => w.setUint16(0, 0x1234, true)))).toBe("WordDocument stream opens with 0x1234, not Word's 0xa5ec");
    expect(fails(patched((w) => w.setUint16(2, 104, true)))).toMatch(/Word 6 or Word 95 document/);
    // The Clx: its Pcdt's size, a piece's place in the WordDocument stream, CPs going backwards.
    expect(fails(patched((_, t) => t.setUint32(16 + 1, 0x7fff_fff0, true)))).toMatch(/Pcdt claims 2147483632 bytes, past the Clx's \d+ left/);
    expect(fails(patched((_, t) => t.setUint32(16 + 1, 17, true)))).toMatch(/PlcPcd of 17 bytes is no whole number of pieces/);
    // One piece: its two CPs from offset 21 of the table stream (the Clx at 16, then clxt and lcb), its Pcd's fc at 31.
    expect(fails(patched((_, t) => t.setUint32(31, 0x4000_0000 | 0x3fff_fff0, true), {}, 'Plain text.\r'))).toBe('piece 1 (12 8-bit characters at offset 536870904) lies past the 4096-byte WordDocument stream');
    expect(fails(patched((_, t) => t.setUint32(31, 0x3fff_fff0, true), {}, 'Ελληνικά\u2028'))).toBe('piece 1 (9 UTF-16 characters at offset 1073741808) lies past the 4096-byte WordDocument stream');
    expect(fails(patched((_, t) => t.setUint32(21, 100, true), { maxPiece: 40 }))).toBe('piece table CPs go backwards at piece 1 (100 to 40)');
    expect(fails(patched((_, t) => t.setUint8(16, 0x07)))).toMatch(/has no Pcdt \(0x02\) where its Prc entries end/);
    // More text counted than the pieces hold: what is there is read, and the rest said.
    const over = docRows(patched((w) => w.setUint32(FIB_AT.ccpFtn, 1_000_000, true)));
    expect(over.rows).toHaveLength(5);
    expect(over.problems).toEqual([expect.stringMatching(/^the FIB counts 1000\d+ characters of text but the piece table holds \d+; the rest was not read$/)]);
    expect(fails(docFile(docStreams(BODY).WordDocument, new Uint8Array(0), '0Table'))).toBe('no 1Table stream, which the FIB names as the document\'s table stream');
  });

  it('reads deeply nested fields and long paragraphs in bounded time', () => {
    const nested = docRows(docDocument('\x13 IF \x14'.repeat(64) + 'x'.repeat(3_000_000) + '\x15'.repeat(64) + '\rafter\r'));
    expect(nested.rows.map((r) => r.cells[0]!.text.length)).toEqual([3_000_000, 5]);
    // Past 64 levels a field is not tracked: its marks are dropped and its characters read as text.
    const deeper = docRows(docDocument('\x13 IF \x14'.repeat(70) + 'x' + '\x15'.repeat(70) + '\r'));
    expect(deeper.rows.map((r) => r.cells[0]!.text)).toEqual(['IF  IF  IF  IF  IF  IF x']);
    const hidden = docRows(docDocument('shown \x13 ' + 'y'.repeat(3_000_000) + ' \x14\x15\r'));
    expect(hidden.rows.map((r) => r.cells[0]!.text)).toEqual(['shown']);
  }, 10_000); // a hang guard, not a speed measure (speed is the bench's)

  it('fails only with an Error, quickly, on every cut and on corrupted bytes', () => {
    const whole = docDocument(BODY, { maxPiece: 9 });
    for (let n = 0; n < whole.length; n += 97) {
      try {
        docRows(whole.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
    const rng = new Rng(11);
    for (let k = 0; k < 200; k++) {
      const bad = whole.slice();
      for (let i = 0; i < 8; i++) bad[rng.int(512, bad.length - 1)] = rng.int(0, 255);
      try {
        docRows(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  }, 10_000); // a hang guard, not a speed measure (speed is the bench's)
});

describe('a .doc written here, read by antiword (Debian\'s antiword)', () => {
  const antiword = spawnSync('antiword', ['-h']).error === undefined;
  it('reads the same words in the same order as our reader, footnotes too', async (t) => {
    if (!antiword) return t.skip('no antiword here (Debian: apt-get install antiword); the .doc writer not cross-checked');
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-doc-antiword-'));
    try {
      const cases: [DocStories | string, Parameters<typeof docDocument>[1]][] = [
        [BODY, {}],
        [BODY, { maxPiece: 11, reverse: true, prc: true }],
        [{ body: BODY, footnotes: 'Source: an interview.\r' }, { tableStream: '0Table' }],
        ['See \x13 HYPERLINK "https://claims.example.org/form" \x14the form\x15 today.\rmember\x07ssn\x07\x07Ana\x07219-45-1234\x07\x07\r', {}],
      ];
      for (const [i, [stories, o]] of cases.entries()) {
        const file = path.join(dir, `case${i}.doc`);
        await writeFile(file, docDocument(stories, o));
        // antiword shows a link's text without its target, and a table's cells between bars.
        const ours = docRows(docDocument(stories, o))
          .rows.map((r) => r.cells[0]!.text.replace(/ ?<https?:[^>]*>/g, ''))
          .join(' ');
        const theirs = execFileSync('antiword', ['-w', '0', file], { encoding: 'utf8', timeout: 10_000 });
        const words = (s: string) => s.split(/[\s|]+/).filter(Boolean);
        expect(words(theirs), `case ${i}`).toEqual(words(ours));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('.doc files through the data inspector', () => {
  let root: string;
  const key = fakeSecrets(new Rng(5)).find((s) => s.ruleId === 'github-pat')!.value;
  const email = ['ana.silva', 'acme-corp.com'].join('@');
  const stories: DocStories = {
    body: `Claim file for Ana Silva.\rContact ${email} about the refund.\rSSN on file: 219-45-1234.\r`,
    comments: `Deploy with token ${key}\r`,
  };
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-doc-inspect-'));
    await mkdir(path.join(root, 'data'));
    await mkdir(path.join(root, 'docs'));
    await writeFile(path.join(root, 'data', 'claim.doc'), docDocument(stories));
    await writeFile(path.join(root, 'docs', 'letter.doc'), docDocument(stories));
    await writeFile(path.join(root, 'data', 'locked.doc'), docDocument(stories, { encrypted: true }));
    const hostile = docStreams(stories);
    new DataView(hostile.WordDocument.buffer).setUint32(FIB_AT.fcClx, 0x7fff_0000, true);
    await writeFile(path.join(root, 'data', 'hostile.doc'), docFile(hostile.WordDocument, hostile.table));
    await writeFile(path.join(root, 'data', 'report.docx'), docxDocument(['See the attached claim.'], { 'word/embeddings/oleObject1.bin': docDocument(stories) }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds PII and secrets at their story and paragraph in a data folder, never showing the values', async () => {
    const out = await inspect(root, 'data/claim.doc');
    const at = (entity: string) => out.findings!.find((f) => f.message.includes(entity))?.location;
    expect(at('EMAIL_ADDRESS')).toEqual({ path: 'data/claim.doc', field: 'body paragraph 2' });
    expect(at('US_SSN')).toEqual({ path: 'data/claim.doc', field: 'body paragraph 3' });
    expect(out.findings!.find((f) => f.ruleId === 'data_no_hardcoded_secrets')?.location).toEqual({ path: 'data/claim.doc', field: 'comments paragraph 1' });
    expect(out.assets!.find((a) => a.kind === 'dataset')!.properties).toMatchObject({ format: 'doc' });
    expect(out.issues ?? []).toEqual([]);
    const json = JSON.stringify(out);
    for (const raw of [key, email, '219-45-1234']) expect(json).not.toContain(raw);
  });

  it('reads a .doc outside data folders for secrets only', async () => {
    const out = await inspect(root, 'docs/letter.doc');
    expect(out.findings!.map((f) => f.ruleId)).toEqual(['data_no_hardcoded_secrets']);
  });

  it('says an encrypted document was not read (one issue), and a hostile one what is wrong; the scan goes on', async () => {
    const locked = await inspect(root, 'data/locked.doc');
    expect(locked.findings).toEqual([]);
    expect(locked.issues!.map((i) => i.message)).toEqual(['data/locked.doc: the document is encrypted (password-protected): its text was not read']);
    const hostile = await inspect(root, 'data/hostile.doc');
    expect(hostile.issues!.map((i) => i.message)).toContainEqual(expect.stringMatching(/^data\/hostile\.doc: not a readable Word 97-2003 document: FIB puts the piece table \(Clx\) at 2147418112, 21 bytes, past the \d+-byte 1Table stream$/));
    expect(hostile.assets!.find((a) => a.kind === 'dataset')!.properties).toMatchObject({ scanComplete: false });
  });

  it('reads a .doc embedded as an OLE object in a .docx, located inside the .bin', async () => {
    const out = await inspect(root, 'data/report.docx');
    const p = 'data/report.docx!/word/embeddings/oleObject1.bin!/oleObject1.doc';
    expect(out.findings!.find((f) => f.message.includes('US_SSN'))?.location).toEqual({ path: p, field: 'body paragraph 3' });
    expect(JSON.stringify(out)).not.toContain('219-45-1234');
  });

  it('classifies by the compound file signature and the .doc / .dot name', async () => {
    const head = docDocument('x\r').subarray(0, 4096);
    expect(sniffLite(head)).toBe('ole2');
    expect(sniffByName('old/Letter.DOC')).toBe('ole2');
    expect(classify('rag/letters/a.doc', 'binary', head)).toEqual({ class: 'data', format: 'doc', gzip: false, innerExt: '.doc' });
    expect(classify('templates/normal.dot', 'ole2')).toMatchObject({ class: 'source', format: 'doc' });
    expect(classify('data/a.doc', 'binary', new Uint8Array(64))).toBeNull();
  });

  it('reads the text of a document whose style sheet it cannot read, and says the rest was scanned; text past the piece table says reading stopped', async () => {
    const body = 'Member SSN 219-45-1234 on file.\rSecond paragraph.\r';
    const patched = (patch: (word: DataView) => void) => {
      const s = docStreams(body, {});
      patch(new DataView(s.WordDocument.buffer));
      return docFile(s.WordDocument, s.table, s.tableName);
    };
    // The FIB puts the style sheet past the table stream: the styles are left out, the text is read.
    const out = await inspectBytes('data/member.doc', patched((w) => w.setUint32(0xa6, 0x7fff_0000, true)));
    expect(out.findings.some((f) => f.includes('US_SSN'))).toBe(true);
    expect(out.messages).toEqual([expect.stringMatching(/^data\/member\.doc: FIB puts the style sheet \(STSH\) at \d+, 2147418112 bytes, past the \d+-byte table stream; styles not read$/), 'data/member.doc: Word 97-2003 document read in part: the parts named above were left out, the rest of the file was scanned']);
    // More text counted than the piece table holds: the text ends early, and the reading stopped there.
    const over = await inspectBytes('data/member.doc', patched((w) => w.setUint32(FIB_AT.ccpFtn, 1_000_000, true)));
    expect(over.messages.at(-1)).toMatch(/^data\/member\.doc: Word 97-2003 document read in part after \d+ bytes; the rest was not scanned$/);
  });
});
