import { megabytes, type AnalyzerOutput, type ScanIssue } from '../../core/index.js';
import { classify, type Classified } from './classify.js';
import { classifyCompressedFeedMember } from './compressed-feed.js';
import { ANALYZER_ID, finalize } from './finalize.js';
import { maskValuesInFieldNames } from './field-names.js';
import { detectorOn, type DataOptions } from './options.js';
import type { PartResult } from './part.js';
import { officeParts } from './readers/office.js';
import { holdsAttachedFiles, mailFileAttachments } from './mail-file-attachments.js';
import { oleEmbeddedFiles } from './readers/ole-embedded.js';
import { isTnef } from './readers/tnef-stream.js';
import { byteChunks } from './readers/source.js';
import { tarMembers } from './readers/tar-members.js';
import { isSampleText, keyOf } from './readers/webdataset.js';
import { runScanJob } from './run.js';
import { sniffByName, sniffLite } from './sniff-lite.js';
import { SpillFiles } from './spill-files.js';

/**
 * The members of a data archive read as files of their own: a zip in a data folder (a Kaggle
 * download, a CRM export: `data/customers.zip` holding `customers.csv`), and the members of a tar
 * shard that are data files rather than WebDataset sample text (`export.tar.gz` holding a CSV,
 * a Parquet file, a SQLite database). Each member is classified by its own name and bytes and
 * scanned with its own reader; its findings and dataset are located at
 * `data/customers.zip!/customers.csv`, the way a Java archive's members are named.
 *
 * A Word, PowerPoint or Excel file's embedded files are read the same way, and so is the file an
 * OLE embedding carries (`oleObject1.bin`: a packaged file, a legacy sheet, a wrapped .xlsx or a
 * PDF; readers/ole-embedded.ts), located at `report.docx!/word/embeddings/oleObject1.bin!/customers.csv`.
 *
 * Bounded: the zip is read whole only up to MAX_ZIP_BYTES (fflate keeps it in memory), a member
 * is inflated only within MAX_MEMBER_BYTES of its declared size (officeParts), a file an OLE
 * object carries is read within MAX_MEMBER_BYTES too, MAX_MEMBERS are read at most (the files
 * OLE objects carry among them), and archives inside archives are not opened (nor files embedded
 * in a member). A member that is a mail file holding its attachments (a `.msg`, a TNEF
 * `winmail.dat`: an e-mail's, a `.msg`'s, or a message dragged into a document) has them read as
 * its members (`x.eml!/winmail.dat!/patients.csv`), MAX_NESTED_MAIL deep and MAX_MEMBERS over all
 * the levels; a mail file's attachments are parts of its bytes, so each level is no larger.
 */

const MAX_ZIP_BYTES = 512 << 20;
export const MAX_MEMBER_BYTES = 64 << 20;
export const MAX_MEMBERS = 10_000;
/** Mail files inside mail files whose attachments are read (an e-mail's `.msg`'s `winmail.dat` is 2 deep). */
export const MAX_NESTED_MAIL = 4;

/** How deep a member is among mail files inside mail files, and the members left to all those levels. */
interface Nesting {
  depth: number;
  budget: { left: number };
}

/** How a member archive's members are located: `archive.zip!/member.csv`. */
export function memberPath(archive: string, member: string): string {
  return `${archive}!/${member}`;
}

/**
 * Parts of a Word, PowerPoint or Excel file that are whole files of their own: an embedded
 * workbook, document or deck (a chart's data is an embedded workbook). A report's pasted-in
 * customer table lives there, not in the text a loader extracts.
 */
const EMBEDDED = /^(?:word|ppt|xl)\/embeddings\/[^/]+$/;

/**
 * OLE embeddings (Insert → Object): compound files whose file is unpacked by oleEmbeddedFiles.
 * Office names them `oleObject1.bin`; the case is matched loosely, as Office reads names.
 */
const OLE_OBJECT = /^(?:word|ppt|xl)\/embeddings\/oleObject[^/]*\.bin$/i;

/** Whether an Office file of this format can hold embedded files that are read as members. */
export function holdsEmbeddedFiles(cls: Classified): boolean {
  return !cls.gzip && (cls.format === 'docx' || cls.format === 'pptx' || cls.format === 'xlsx');
}

/** Whether a member of this name would be read (by its name alone: its bytes are not read yet). */
function wanted(archive: string, name: string): boolean {
  if (name.endsWith('/')) return false;
  const cls = classify(memberPath(archive, name), sniffByName(name));
  return cls !== null && cls.format !== 'tar' && !name.toLowerCase().endsWith('.zip');
}

/** Called with each member's part: the caller checks it against the scan's other dataset splits. */
export type OnMemberPart = (relPath: string, part: PartResult, cls: Classified) => AnalyzerOutput | Promise<AnalyzerOutput>;

/**
 * Scans the data members of a zip archive in a data folder; with `embedded`, the files embedded in
 * a Word, PowerPoint or Excel file (`report.docx!/word/embeddings/Microsoft_Excel_Worksheet.xlsx`)
 * and those its OLE embeddings carry (`report.docx!/word/embeddings/oleObject1.bin!/customers.csv`).
 */
export async function scanZipMembers(relPath: string, size: number, read: () => Promise<Uint8Array>, options: DataOptions, onPart?: OnMemberPart, embedded = false): Promise<AnalyzerOutput> {
  if (size > MAX_ZIP_BYTES) return { issues: [issue(relPath, `${megabytes(size)} zip archive is over the ${megabytes(MAX_ZIP_BYTES)} an archive is opened to; its members were not scanned`)] };
  let count = 0;
  let bytes: Uint8Array;
  try {
    bytes = await read();
  } catch (e) {
    return { issues: [issue(relPath, `zip archive not read: ${(e as Error).message.split('\n')[0]}`)] };
  }
  let listed: ReturnType<typeof officeParts>;
  let oleObjects = 0;
  try {
    // officeParts stops on a directory claiming more entries than the bytes could hold (a zip64 bomb).
    listed = officeParts(bytes, (name) => {
      if (embedded && OLE_OBJECT.test(name)) return ++oleObjects <= MAX_MEMBERS;
      return (!embedded || EMBEDDED.test(name)) && wanted(relPath, name) && ++count <= MAX_MEMBERS;
    });
  } catch (e) {
    // A document that is no zip has said so already, from its own read.
    if (embedded) return {};
    return { issues: [{ path: relPath, reason: 'parse-error', message: `${relPath}: zip archive could not be read: ${(e as Error).message.split('\n')[0]}`, source: ANALYZER_ID }] };
  }
  const { files, problems } = listed;
  const issues = problems.map((p) => issue(relPath, p));
  const members: [string, Uint8Array][] = [];
  for (const [name, member] of Object.entries(files)) {
    if (!(embedded && OLE_OBJECT.test(name))) {
      members.push([name, member]);
      continue;
    }
    const carried = oleObjectMembers(relPath, name, member, () => ++count <= MAX_MEMBERS);
    members.push(...carried.members);
    issues.push(...carried.issues);
  }
  const out = await scanMembers(relPath, members, options, onPart);
  out.issues = [...(out.issues ?? []), ...issues];
  if (oleObjects > MAX_MEMBERS) out.issues.push(issue(relPath, `${oleObjects} OLE embeddings; the first ${MAX_MEMBERS} were opened`));
  if (count > MAX_MEMBERS) out.issues.push(issue(relPath, `${count} data members; the first ${MAX_MEMBERS} were scanned`));
  return out;
}

/**
 * The files an OLE embedding carries that would be read (by their own names, as any member),
 * named `word/embeddings/oleObject1.bin!/customers.csv`; `take` counts each against MAX_MEMBERS.
 * What the object holds that cannot be read is said as an issue on the embedding.
 */
function oleObjectMembers(archive: string, binName: string, bin: Uint8Array, take: () => boolean): { members: [string, Uint8Array][]; issues: ScanIssue[] } {
  const at = memberPath(archive, binName);
  const { files, problems } = oleEmbeddedFiles(bin, binName);
  const issues = problems.map((p) => issue(at, p));
  const members: [string, Uint8Array][] = [];
  for (const [name, data] of files) {
    const member = memberPath(binName, name);
    if (!wanted(archive, member) || !take()) continue;
    if (data.length > MAX_MEMBER_BYTES) issues.push(issue(at, `${name} is ${megabytes(data.length)}, over the ${megabytes(MAX_MEMBER_BYTES)} read per member; not scanned`));
    else members.push([member, data]);
  }
  return { members, issues };
}

/**
 * Scans files a document carries (a PDF's attachments) as members of it: each classified by its
 * own name and bytes, located as `report.pdf!/invoice.xml`; `problems` are said as issues.
 */
export async function scanAttachedFiles(relPath: string, files: [string, Uint8Array][], problems: string[], options: DataOptions, onPart?: OnMemberPart, nesting?: Nesting): Promise<AnalyzerOutput> {
  // A TNEF stream is known by its signature whatever its name (a part typed application/ms-tnef is often `ATT00001.dat`).
  const kept = files.filter(([name, bytes]) => wanted(relPath, name) || isTnef(bytes));
  const out = await scanMembers(relPath, kept, options, onPart, nesting);
  for (const p of problems) (out.issues ??= []).push(issue(relPath, p));
  return out;
}

/** Scans the members of a tar shard that are data files, not WebDataset sample text. */
export async function scanTarMembers(relPath: string, absPath: string, cls: Classified, options: DataOptions, content?: Uint8Array, onPart?: OnMemberPart): Promise<AnalyzerOutput> {
  const members: [string, Uint8Array][] = [];
  const issues: ScanIssue[] = [];
  const take = (name: string, size: number) => {
    if (isSampleText(keyOf(name).ext) || !wanted(relPath, name)) return false;
    if (size > MAX_MEMBER_BYTES) issues.push(issue(relPath, `member ${name} is ${megabytes(size)}, over the ${megabytes(MAX_MEMBER_BYTES)} read per member; not scanned`));
    return size <= MAX_MEMBER_BYTES && members.length < MAX_MEMBERS;
  };
  const status = { bytes: 0, truncated: false };
  try {
    for await (const m of tarMembers(byteChunks(absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes: options.maxDataBytes, content }, status), take)) {
      if (m.body) members.push([m.name, m.body]);
    }
  } catch {
    // The WebDataset read of the same file says where the tar breaks; the members before it are scanned.
  }
  const out = await scanMembers(relPath, members, options, onPart);
  out.issues = [...issues, ...(out.issues ?? [])];
  return out;
}

/** Each member through its own reader, as a file of the archive's folder. */
async function scanMembers(archive: string, members: [string, Uint8Array][], options: DataOptions, onPart?: OnMemberPart, nesting: Nesting = { depth: 0, budget: { left: MAX_MEMBERS } }): Promise<AnalyzerOutput> {
  const out: Output = { assets: [], relations: [], findings: [], issues: [] };
  const spill = new SpillFiles('aispm-archive-');
  try {
    for (const [name, bytes] of members) {
      const rel = memberPath(archive, name);
      const head = bytes.subarray(0, 4096);
      const classified = classify(rel, sniffLite(head), head);
      if (!classified || classified.format === 'tar') continue;
      // A zstd, bzip2 or xz feed is told by what its head decodes to, as one on disk is.
      const cls = await classifyCompressedFeedMember(classified, bytes);
      const file = await spill.pathFor(bytes);
      try {
        const part = await runScanJob(file ?? '', rel, bytes.length, cls, options, () => Promise.resolve(bytes));
        maskValuesInFieldNames(part, options);
        for (const done of [finalize(rel, cls, part, { piiScanned: detectorOn(options, 'pii') }), (await onPart?.(rel, part, cls)) ?? {}]) merge(out, done);
        if (holdsAttachedFiles(cls.format)) merge(out, await scanNestedMail(rel, cls.format, bytes, options, onPart, nesting));
      } catch (e) {
        out.issues.push(issue(rel, `data inspection failed: ${(e as Error).message.split('\n')[0]}`));
      } finally {
        await spill.done(file);
      }
    }
  } finally {
    await spill.close();
  }
  return out;
}

type Output = Required<Pick<AnalyzerOutput, 'assets' | 'relations' | 'findings' | 'issues'>>;

function merge(out: Output, done: AnalyzerOutput): void {
  out.assets.push(...(done.assets ?? []));
  out.relations.push(...(done.relations ?? []));
  out.findings.push(...(done.findings ?? []));
  out.issues.push(...(done.issues ?? []));
}

/** The files attached to a member that is a mail file (`x.eml!/fwd.msg`), read as its members one level deeper. */
async function scanNestedMail(rel: string, format: Classified['format'], bytes: Uint8Array, options: DataOptions, onPart: OnMemberPart | undefined, nesting: Nesting): Promise<AnalyzerOutput> {
  const { files, problems } = mailFileAttachments(format, bytes);
  if (!files.length && !problems.length) return {};
  if (nesting.depth >= MAX_NESTED_MAIL) return files.length ? { issues: [issue(rel, `its ${files.length} attachments not read: mail files inside mail files are opened ${MAX_NESTED_MAIL} deep`)] } : {};
  const taken = files.slice(0, nesting.budget.left);
  nesting.budget.left -= taken.length;
  if (taken.length < files.length) problems.push(`${files.length} attachments; ${taken.length} scanned (${MAX_MEMBERS} members are read over the mail files inside one another)`);
  return scanAttachedFiles(rel, taken, problems, options, onPart, { depth: nesting.depth + 1, budget: nesting.budget });
}

function issue(relPath: string, text: string): ScanIssue {
  return { path: relPath, reason: 'limit', message: `${relPath}: ${text}`, source: ANALYZER_ID };
}
