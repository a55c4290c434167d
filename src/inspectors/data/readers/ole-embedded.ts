import { unzipSync } from 'fflate';
import { mostZipEntries } from './office.js';
import { openCompoundFile, type CompoundFile } from './ole2.js';

/**
 * The files an Office OLE embedding carries (`word/embeddings/oleObject1.bin`, a compound file):
 * what a user pasted into a report with Insert → Object. These kinds hold a file we can read:
 *
 * - `\x01Ole10Native`: an OLE1 "Package", any file inserted "from file" (a CSV, a text file, a
 *   script, a PDF…), named by its label or original path;
 * - `Workbook` / `Book`: an Excel 97–2003 sheet; the .bin itself is then a legacy workbook;
 * - `WordDocument` / `PowerPoint Document`: a Word or PowerPoint 97–2003 file, likewise the .bin itself;
 * - `Package`: an Office Open XML file (.xlsx, .docx, .pptx) wrapped whole in the compound file;
 * - `CONTENTS` opening with `%PDF`: Acrobat's embedding of a PDF;
 * - `__substg1.0_…` property streams: an Outlook message (.msg) dragged in whole.
 *
 * Equations, drawings and other objects' native data are skipped quietly.
 *
 * Nothing is run and nothing read is trusted: each length in an Ole10Native stream is checked
 * against the bytes the stream holds before it is used, and the files returned are views of the
 * streams (no allocation follows a declared size). A malformed object is a `problems` line.
 */

export interface OleEmbedded {
  /** The files carried, each named by a plain base name (no folder, no control characters). */
  files: [string, Uint8Array][];
  /** What could not be read, in words (the caller names the .bin). */
  problems: string[];
}

/** The stream of an OLE1 Package object; its name opens with the control character 0x01. */
const OLE10_NATIVE = '\x01Ole10Native';
/** The longest name kept for a packaged file (longer ones are cut: a name is a location, not data). */
const MAX_NAME = 200;
/** Zip entries looked at to tell which Office file a Package stream holds. */
const MAX_ZIP_NAMES = 10_000;

/** The files carried by an OLE embedding; `binName` (`oleObject1.bin`) names those that take its name. */
export function oleEmbeddedFiles(bytes: Uint8Array, binName: string): OleEmbedded {
  const out: OleEmbedded = { files: [], problems: [] };
  const base = baseName(binName).replace(/\.bin$/i, '') || 'oleObject';
  let cf: CompoundFile;
  try {
    cf = openCompoundFile(bytes);
  } catch (e) {
    out.problems.push(`not a readable OLE object: ${firstLine(e)}`);
    return out;
  }
  const names = new Set(cf.streams().map((n) => n.toLowerCase()));
  const read = (name: string): Uint8Array | undefined => {
    try {
      return cf.stream(name);
    } catch (e) {
      out.problems.push(`${printable(name)} stream not read: ${firstLine(e)}`);
      return undefined;
    }
  };

  if (names.has(OLE10_NATIVE.toLowerCase())) {
    const s = read(OLE10_NATIVE);
    if (s) {
      const packaged = readOle10Native(s);
      if (typeof packaged === 'string') out.problems.push(`Ole10Native stream ${packaged}; its file not read`);
      // A file without a name has no reader to choose: its bytes are no format we could tell.
      else if (packaged?.name) out.files.push([packaged.name, packaged.data]);
      else if (packaged) out.problems.push(`Ole10Native stream holds a ${packaged.data.length}-byte file with no name; not read`);
    }
  }
  // The xls, doc and ppt readers open the compound file and read their streams themselves.
  if (names.has('workbook') || names.has('book')) out.files.push([`${base}.xls`, bytes]);
  if (names.has('worddocument')) out.files.push([`${base}.doc`, bytes]);
  if (names.has('powerpoint document')) out.files.push([`${base}.ppt`, bytes]);
  // An Outlook message dragged into a document: the object is the message's own compound file
  // (its subject, body and properties as `__substg1.0_…` streams beside `__properties_version1.0`).
  if (names.has('__properties_version1.0') && [...names].some((n) => n.startsWith('__substg1.0_'))) out.files.push([`${base}.msg`, bytes]);
  if (names.has('package')) {
    const s = read('Package');
    if (s) {
      const ext = ooxmlExtension(s);
      if (ext.startsWith('.')) out.files.push([`${base}${ext}`, s]);
      else out.problems.push(`Package stream ${ext}; not read`);
    }
  }
  if (names.has('contents')) {
    const s = read('CONTENTS');
    if (s && s.length >= 4 && s[0] === 0x25 && s[1] === 0x50 && s[2] === 0x44 && s[3] === 0x46) out.files.push([`${base}.pdf`, s]);
  }
  return out;
}

/**
 * An OLE1 Package (`\x01Ole10Native`): u32 size of what follows; u16 flags (2); the label, the
 * source path (each NUL-terminated ANSI); u16, u16; u32 length and the temp path; u32 length and
 * the file's bytes (Apache POI's `Ole10Native`, oletools' `oleobj.py`). All little-endian.
 * Returns the file, undefined for an OLE1 object that is no package (other flags: a class's own
 * native data, such as a Paintbrush picture), or what is wrong with the stream.
 */
export function readOle10Native(s: Uint8Array): { name: string; data: Uint8Array } | string | undefined {
  if (s.length < 6) return `is ${s.length} bytes, too short for its header`;
  const view = new DataView(s.buffer, s.byteOffset, s.byteLength);
  const total = view.getUint32(0, true);
  if (total > s.length - 4) return `declares ${total} bytes but holds ${s.length - 4} (truncated or corrupt)`;
  const end = 4 + total;
  if (view.getUint16(4, true) !== 2) return undefined;
  let at = 6;
  const cString = (what: string): string => {
    const nul = s.subarray(at, end).indexOf(0);
    if (nul < 0) throw new Error(`${what} has no end (no NUL before the stream's end)`);
    const text = Buffer.from(s.subarray(at, at + nul)).toString('latin1');
    at += nul + 1;
    return text;
  };
  const u32 = (what: string): number => {
    if (at + 4 > end) throw new Error(`ends before its ${what}`);
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  try {
    const label = cString('label');
    const source = cString('source path');
    if (at + 4 > end) throw new Error('ends before its temp path');
    at += 4; // two u16 of unknown use
    const tempLength = u32('temp path length');
    if (tempLength > end - at) throw new Error(`temp path declares ${tempLength} bytes, past the stream's end`);
    const tempBytes = s.subarray(at, at + tempLength);
    const temp = Buffer.from(tempBytes.subarray(0, tempBytes.indexOf(0) < 0 ? tempBytes.length : tempBytes.indexOf(0))).toString('latin1');
    at += tempLength;
    const size = u32('data size');
    if (size > end - at) return `declares a ${size}-byte file but holds ${end - at} bytes after its header (truncated or corrupt)`;
    return { name: packagedName([label, source, temp]), data: s.subarray(at, at + size) };
  } catch (e) {
    return firstLine(e);
  }
}

/**
 * The file's name: the base name of its label, source path or temp path, preferring one with an
 * extension (the name decides which reader runs, and a label can be a caption such as "Q3 list").
 * Only the base name, with anything that could make a strange location taken out: folders (both
 * slashes), control characters, `!` (our member separator), `:` (drive letters, NTFS streams),
 * leading dots (`..`); '' when none is left.
 */
export function packagedName(candidates: readonly string[]): string {
  const clean = candidates.map((c) =>
    baseName(c)
      .replace(/[\u0000-\u001f\u007f-\u009f!:*?"<>|]/g, '')
      .replace(/^[.\s]+/, '')
      .trim()
      .slice(-MAX_NAME),
  );
  return clean.find((n) => /\.[A-Za-z0-9]{1,10}$/.test(n)) ?? clean.find((n) => n !== '') ?? '';
}

/** The main part of each Office Open XML file, by the extension it gives the file. */
const MAIN_PARTS: Record<string, string> = { 'xl/workbook.xml': '.xlsx', 'word/document.xml': '.docx', 'ppt/presentation.xml': '.pptx' };

/**
 * `.xlsx`, `.docx` or `.pptx` by the main part a zip holds, or what is wrong (not an Office file,
 * not a zip). Only the central directory is walked (the filter inflates nothing), and the walk is
 * stopped at the main part, or past MAX_ZIP_NAMES entries or as many as the bytes could hold: fflate
 * takes a zip64 directory's count as given, and a 98-byte file can claim four billion entries.
 */
function ooxmlExtension(zip: Uint8Array): string {
  const most = Math.min(MAX_ZIP_NAMES, mostZipEntries(zip));
  let count = 0;
  let found = '';
  try {
    unzipSync(zip, {
      filter(f) {
        found = MAIN_PARTS[f.name] ?? '';
        if (found) throw new Error('found');
        if (++count >= most) throw new Error(`its directory lists more than the ${most} entries looked at`);
        return false;
      },
    });
  } catch (e) {
    if (found) return found;
    return `is not a readable zip: ${firstLine(e)}`;
  }
  return 'holds a zip that is no Excel, Word or PowerPoint file';
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** A stream name for a message: its control characters (`\x01Ole10Native`) dropped. */
function printable(name: string): string {
  return name.replace(/[\u0000-\u001f]/g, '');
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
