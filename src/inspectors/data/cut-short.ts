/**
 * Whether a document that failed to open was cut short, told by what its end must hold: a zip
 * (Word, Excel, PowerPoint, OpenDocument) ends with its central directory's end record, a PDF with
 * `%%EOF`. A partial download or copy loses them first, and the parsers' own words (`invalid zip
 * data`, `Invalid PDF structure.`) do not say so.
 */

const ZIP_FORMATS = new Set(['docx', 'pptx', 'xlsx', 'odt', 'ods', 'odp']);
/** The end-of-central-directory record's signature, `PK\x05\x06`, and how far from the end it can sit (22 bytes plus a comment of up to 65,535). */
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const EOCD_REACH = 22 + 0xffff;
/** `%%EOF`, within the last KiB (writers put white space or a line after it). */
const PDF_EOF = Buffer.from('%%EOF');
const PDF_REACH = 1024;

/** Words to append to the reader's error when the end is missing (`''` when it is there, or the format has no such end). */
export function cutShortHint(format: string, bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ZIP_FORMATS.has(format)) return buf.subarray(Math.max(0, buf.length - EOCD_REACH)).includes(EOCD) ? '' : ' (the file is cut short: no zip central directory at its end)';
  if (format === 'pdf') return buf.subarray(Math.max(0, buf.length - PDF_REACH)).includes(PDF_EOF) ? '' : ' (the file is cut short: no %%EOF at its end)';
  return '';
}
