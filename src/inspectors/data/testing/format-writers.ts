import { maskedCrc32c } from '../readers/tfrecord.js';
import { strToU8, zipSync } from 'fflate';

/**
 * Writers for the record formats the data inspector reads, for tests and the bench: TFRecord with
 * `tf.train.Example` records, tar (WebDataset shards), small PDFs and Office files. Each writes the format's
 * real bytes (framing, checksums, cross-reference table); files written by TensorFlow, Python's
 * tarfile and ReportLab were checked against the same readers by hand.
 */

const enc = new TextEncoder();
/** Parts joined into a plain Uint8Array (a Buffer's `slice` shares memory; tests copy with it). */
export const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

export function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** A length-delimited protobuf field. */
export function field(num: number, body: Uint8Array): Uint8Array {
  return concat([varint(num * 8 + 2), varint(body.length), body]);
}

/** A `tf.train.Example` with bytes (strings or raw), int64 and float features. */
export function tfExample(features: Record<string, { bytes?: (string | Uint8Array)[]; ints?: number[]; floats?: number[] }>): Uint8Array {
  const entries = Object.entries(features).map(([key, f]) => {
    let feature: Uint8Array = new Uint8Array(0);
    if (f.bytes) feature = field(1, concat(f.bytes.map((b) => field(1, typeof b === 'string' ? enc.encode(b) : b))));
    if (f.ints) feature = field(3, field(1, concat(f.ints.map(varint))));
    if (f.floats) feature = field(2, field(1, new Uint8Array(Float32Array.from(f.floats).buffer)));
    return field(1, concat([field(1, enc.encode(key)), field(2, feature)]));
  });
  return field(1, concat(entries));
}

/** Records framed as TFRecord: length, its masked CRC-32C, data, the data's. */
export function tfRecords(records: readonly Uint8Array[]): Uint8Array {
  const crc = (b: Uint8Array) => new Uint8Array(Uint32Array.of(maskedCrc32c(b)).buffer);
  return concat(
    records.flatMap((r) => {
      const len = new Uint8Array(8);
      new DataView(len.buffer).setBigUint64(0, BigInt(r.length), true);
      return [len, crc(len), r, crc(r)];
    }),
  );
}

/** A ustar header (checksummed); `size` may be given as its raw 12-character field. */
export function tarHeader(name: string, size: number | string, type = '0'): Uint8Array {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0);
  h.write('0000644\0', 100);
  h.write(typeof size === 'string' ? size : `${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\0' + '00', 257);
  h.fill(32, 148, 156);
  h.write(`${h.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
  return new Uint8Array(h);
}

/** One tar member: its header and its body padded to 512 bytes. */
export function tarMember(name: string, body: Uint8Array | string, type = '0'): Uint8Array {
  const b = typeof body === 'string' ? enc.encode(body) : body;
  return concat([tarHeader(name, b.length, type), b, new Uint8Array((512 - (b.length % 512)) % 512)]);
}

/** Members and the two zero blocks that end an archive. */
export function tarArchive(...members: Uint8Array[]): Uint8Array {
  return concat([...members, new Uint8Array(1024)]);
}

/**
 * A PDF of pages of lines in the standard Helvetica font, with an optional info dictionary; a
 * page's content stream may be given raw instead (fill colours, render modes). `locked`: the file
 * says it is encrypted with a user password (the standard handler, RC4 40-bit) whose check value
 * no password matches, so a reader must ask for one. `attachments`: files in its `EmbeddedFiles`
 * name tree (file specifications with embedded file streams), as an invoice carries its XML.
 * `figureAlt`: the document is tagged, and the first page's Figure element has this alt text
 * (`/Alt`; the structure tree found through the page's `/StructParents` and the parent tree).
 */
export function pdfDocument(pages: string[][], info?: Record<string, string>, raw?: (string | undefined)[], extra: { locked?: boolean; attachments?: Record<string, string>; figureAlt?: string } = {}): Uint8Array {
  const locked = extra.locked === true;
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, i) => {
    const content = raw?.[i] ?? `BT /F1 12 Tf 14 TL 72 750 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageIds[i]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });
  const infoId = objects.length;
  if (info) objects[infoId] = `<< ${Object.entries(info).map(([k, v]) => `/${k} (${esc(v)})`).join(' ')} >>`;
  const attached = Object.entries(extra.attachments ?? {});
  if (attached.length) {
    const specs: string[] = [];
    for (const [name, body] of attached) {
      const id = objects.length;
      objects[id] = `<< /Type /Filespec /F (${esc(name)}) /UF (${esc(name)}) /EF << /F ${id + 1} 0 R >> >>`;
      objects[id + 1] = `<< /Type /EmbeddedFile /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;
      specs.push(`(${esc(name)}) ${id} 0 R`);
    }
    objects[1] = `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${specs.join(' ')}] >> >> >>`;
  }
  if (extra.figureAlt !== undefined) {
    const root = objects.length;
    objects[root] = `<< /Type /StructTreeRoot /K [${root + 1} 0 R] /ParentTree ${root + 2} 0 R >>`;
    objects[root + 1] = `<< /Type /StructElem /S /Figure /P ${root} 0 R /Pg ${pageIds[0]} 0 R /K 0 /Alt (${esc(extra.figureAlt)}) >>`;
    objects[root + 2] = `<< /Nums [0 [${root + 1} 0 R]] >>`;
    objects[1] = objects[1].replace(/ >>$/, ` /StructTreeRoot ${root} 0 R /MarkInfo << /Marked true >> >>`);
    objects[pageIds[0]!] = objects[pageIds[0]!]!.replace(/ >>$/, ' /StructParents 0 >>');
  }
  const encryptId = objects.length;
  if (locked) objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${'a5'.repeat(32)}> /U <${'5a'.repeat(32)}> >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const encrypt = locked ? ` /Encrypt ${encryptId} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : '';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${info ? ` /Info ${infoId} 0 R` : ''}${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** An Excel workbook (`.xlsx`) of sheets of text cells (inline strings), the first row of each its header. */
export function xlsxWorkbook(sheets: { name: string; rows: (string | { text: string; white: true })[][] }[]): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  // A white cell uses style 1: the second font, white (as Excel writes "White, Background 1").
  const cell = (v: string | { text: string; white: true }, row: number, col: number) =>
    `<c r="${String.fromCharCode(65 + col)}${row}" t="inlineStr"${typeof v === 'string' ? '' : ' s="1"'}><is><t>${typeof v === 'string' ? v : v.text}</t></is></c>`;
  const parts: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<workbook ${ns}><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<Relationships>${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`),
  };
  if (sheets.some((s) => s.rows.some((r) => r.some((v) => typeof v !== 'string')))) {
    parts['xl/styles.xml'] = strToU8(
      `<styleSheet ${ns}><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/></font><font><sz val="11"/><color theme="0"/><name val="Calibri"/></font></fonts>` +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0" applyFont="1"/></cellXfs></styleSheet>',
    );
  }
  sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<worksheet ${ns}><sheetData>${s.rows.map((r, y) => `<row r="${y + 1}">${r.map((v, x) => cell(v, y + 1, x)).join('')}</row>`).join('')}</sheetData></worksheet>`);
  });
  return zipSync(parts);
}

/** A Word table: its rows of cells (each a paragraph), the first `headerRows` marked as repeated headers (`w:tblHeader`). */
export interface DocxTable {
  table: string[][];
  headerRows?: number;
}

/** A paragraph of one run, its text as given (XML). */
const docxParagraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A table as Word writes one: a grid, then rows of cells, each cell's text a paragraph. */
function docxTableXml({ table, headerRows = 0 }: DocxTable): string {
  const grid = `<w:tblGrid>${(table[0] ?? []).map(() => '<w:gridCol w:w="2000"/>').join('')}</w:tblGrid>`;
  const rows = table.map((cells, y) => `<w:tr>${y < headerRows ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.map((c) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${docxParagraph(c)}</w:tc>`).join('')}</w:tr>`);
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${grid}${rows.join('')}</w:tbl>`;
}

/** A page colour (`w:background w:color`), and whether settings.xml has Word show it in print layout (`w:displayBackgroundShape`). */
export interface DocxPage {
  background: string;
  shown?: boolean;
}

/**
 * A Word document (`.docx`) of paragraphs and tables, with further parts as given (embedded files,
 * say) and, optionally, a page colour.
 */
export function docxDocument(blocks: (string | DocxTable)[], extra: Record<string, Uint8Array> = {}, page?: DocxPage): Uint8Array {
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const body = blocks.map((b) => (typeof b === 'string' ? docxParagraph(b) : docxTableXml(b))).join('');
  const background = page ? `<w:background w:color="${page.background}"/>` : '';
  const settings: Record<string, Uint8Array> = page?.shown ? { 'word/settings.xml': strToU8(`<w:settings ${w}><w:displayBackgroundShape/></w:settings>`) } : {};
  return zipSync({
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<w:document ${w}>${background}<w:body>${body}</w:body></w:document>`),
    ...settings,
    ...extra,
  });
}

/**
 * The zip with its member `name`'s central directory entry claiming `size` bytes uncompressed (a
 * part a reader leaves out, over its size limit): the entry's name follows its 46-byte header,
 * whose uncompressed size is at offset 24.
 */
export function declaredSize(zip: Uint8Array, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const entry = out.lastIndexOf(Buffer.from(name)) - 46;
  if (out.readUInt32LE(entry) !== 0x02014b50) throw new Error(`no central directory entry for ${name}`);
  out.writeUInt32LE(size, entry + 24);
  return out;
}

/**
 * The zip with its member `name`'s deflate stream broken: its first byte says a block of type 3,
 * which no deflate stream has (`invalid block type`). The member must be stored deflated.
 */
export function brokenDeflate(zip: Uint8Array, name: string): Buffer {
  const out = Buffer.from(zip);
  const header = out.indexOf(Buffer.from(name)) - 30;
  if (out.readUInt32LE(header) !== 0x04034b50 || out.readUInt16LE(header + 8) !== 8) throw new Error(`no deflated local header for ${name}`);
  out[header + 30 + out.readUInt16LE(header + 26) + out.readUInt16LE(header + 28)] = 0xff;
  return out;
}

/**
 * A 106-byte zip whose zip64 directory claims 2^32 - 1 entries: fflate believes the count and walks
 * them past the bytes unless the reader bounds it.
 */
export function zip64CountBomb(): Buffer {
  const z = Buffer.alloc(8 + 56 + 20 + 22);
  z.write('PK\x03\x04', 0, 'latin1'); // sniffed as a zip
  z.writeUInt32LE(0x06064b50, 8); // zip64 end of central directory: 2^32 - 1 entries from offset 0
  z.writeUInt32LE(0xffff_ffff, 8 + 32);
  z.writeUInt32LE(0x07064b50, 64); // its locator
  z.writeUInt32LE(8, 64 + 8);
  z.writeUInt32LE(0x06054b50, 84); // the end of central directory, deferring to zip64
  z.writeUInt16LE(0xffff, 84 + 8);
  z.writeUInt32LE(0xffff_ffff, 84 + 16);
  return z;
}
