import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineAnalyzer, megabytes, type AnalyzerOutput, type Finding, type ScanFile, type ScanIssue } from '../../core/index.js';
import { holdsEmbeddedFiles, scanAttachedFiles, scanTarMembers, scanZipMembers, type OnMemberPart } from './archive.js';
import { classify, isDataZip, type Classified } from './classify.js';
import { classifyCompressedFeed } from './compressed-feed.js';
import { ANALYZER_ID, finalize } from './finalize.js';
import { maskValuesInFieldNames } from './field-names.js';
import { unreadDatasetFormat, unreadDatasetMessage } from './unread-datasets.js';
import { detectorOn, parseDataOptions, type DataOptions } from './options.js';
import { dataRules } from './rules.js';
import { runScanJob } from './run.js';
import type { PartResult } from './part.js';
import { parseUserRulesYaml } from './secrets/user-rules.js';
import { lfsObjectPath, lfsPointer } from './readers/lfs.js';
import { scanMailAttachments } from './mail-attachments.js';
import { holdsAttachedFiles, mailFileAttachments } from './mail-file-attachments.js';
import { pdfAttachments } from './readers/pdf.js';
import { sniffByName, sniffLite } from './sniff-lite.js';
import { checkSplitOverlap } from './split-overlap.js';
import { checkDuplicateFile } from './duplicate-files.js';
import { checkNearDuplicateDocument } from './near-duplicate-docs.js';
import { checkCrossFileDuplicates, finishCrossFileDuplicates } from './cross-file-duplicates.js';
import { finishShardSketches, holdShardSketches } from './cross-file-near.js';
import { isLoneShard } from './lone-shard.js';
import { holdsShardRecords } from './shard-keys.js';

export { dataRules } from './rules.js';
export { builtinSecretRules } from './secrets/rules/index.js';
export { SecretEngine } from './secrets/engine.js';
export { scanPii } from './pii/engine.js';
export { classify } from './classify.js';
export { scanPart } from './scan-part.js';
export { finalize } from './finalize.js';
export { lfsObject, lfsObjectPath, lfsPointer, type LfsPointer } from './readers/lfs.js';
export { SpillFiles } from './spill-files.js';
export { maskSpans } from './mask-spans.js';

const optionCache = new WeakMap<object, Promise<{ options: DataOptions; issues: ScanIssue[] }>>();

/** Options once per scan (ctx.options is one object per scan): validated, user rule file loaded. */
function resolveOptions(raw: Record<string, unknown>, root: string): Promise<{ options: DataOptions; issues: ScanIssue[] }> {
  let p = optionCache.get(raw);
  if (!p) {
    p = (async () => {
      const issues: ScanIssue[] = [];
      const { options, error } = parseDataOptions(raw);
      if (error) issues.push({ path: 'aispm.yaml', reason: 'config', message: `analyzers.data: ${error}; using defaults`, source: ANALYZER_ID });
      const user = [...(options.secretRules ?? [])];
      if (options.secretRulesFile) {
        const file = path.resolve(root, options.secretRulesFile);
        try {
          user.push(...parseUserRulesYaml(await readFile(file, 'utf8'), options.secretRulesFile));
        } catch (e) {
          issues.push({ path: options.secretRulesFile, reason: 'config', message: `secret rules file: ${(e as Error).message.split('\n')[0]}`, source: ANALYZER_ID });
        }
      }
      return { options: { ...options, userRules: user as DataOptions['userRules'] }, issues };
    })();
    optionCache.set(raw, p);
  }
  return p;
}

const reported = new WeakSet<object>();

/** An archive member's records against the scan's other splits (`train.csv` beside `test.csv` in one zip). */
function splitCheck(ctx: object): OnMemberPart {
  return (rel, part) => checkSplitOverlap(ctx, rel, part.recordKeys, part.recordSketches);
}

/** A zip's or tar's member against the scan's other files, as a file of its own is (`acrossFiles`): a zipped RAG corpus, a tar of shards. */
function archiveChecks(ctx: object): OnMemberPart {
  return (rel, part, cls) => acrossFiles(ctx, rel, cls, part);
}

/**
 * A file (or archive member) against the scan's other files met so far (ctx is one per scan and
 * target): its dataset's other splits, the other files of its dataset (records copied across
 * shards), byte-for-byte copies (`exactCopy`, files on disk only) and the scan's other documents
 * (the same text in other bytes, or an edited copy).
 */
async function acrossFiles(ctx: object, rel: string, cls: Classified, part: PartResult, exactCopy?: () => Promise<Finding[]>): Promise<{ findings: Finding[]; issues: ScanIssue[] }> {
  const out = checkSplitOverlap(ctx, rel, part.recordKeys, part.recordSketches);
  const add = (o: { findings: Finding[]; issues: ScanIssue[] }) => {
    out.findings.push(...o.findings);
    out.issues.push(...o.issues);
  };
  // A file whose own near-duplicates disagree about their labels at chance has a label column that
  // does not follow its text: its labels are no evidence of a flip across files either.
  const labelsIgnoreText = part.poison?.some((h) => h.properties?.labelsFollowText === false);
  const unlabelled = <T extends { labels?: Int32Array }>(list: T | undefined): T | undefined => (labelsIgnoreText && list ? { ...list, labels: undefined } : list);
  add(checkCrossFileDuplicates(ctx, rel, cls.format, unlabelled(part.shardKeys)));
  out.issues.push(...holdShardSketches(ctx, rel, cls.format, unlabelled(part.shardSketches)));
  // Byte-for-byte copies first: the near-duplicate check leaves such pairs to the exact one.
  if (exactCopy) out.findings.push(...(await exactCopy()));
  add(await checkNearDuplicateDocument(ctx, rel, part.docSketch));
  return out;
}

/** The scan file of an LFS pointer's object: the pointer's path, the object's bytes and sniff. */
async function lfsFile(pointerFile: ScanFile, objectPath: string, size: number): Promise<ScanFile> {
  const fh = await open(objectPath, 'r');
  const head = Buffer.alloc(Math.min(4096, size));
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  return { ...pointerFile, size, head, sniffed: sniffLite(head), absPath: objectPath, bytes: () => readFile(objectPath), text: () => readFile(objectPath, 'utf8') };
}

/**
 * The data inspector (DESIGN §1 inspectors/data): secrets in every text file; PII, PHI, prompt
 * injection and poisoning indicators in datasets and notebook outputs. Streaming and bounded;
 * large files go to a worker-thread pool, split into chunks when line-oriented.
 */
export const dataInspector = defineAnalyzer({
  id: ANALYZER_ID,
  version: '1.0.0',
  description: 'Secrets, PII/PHI and poisoning / prompt-injection indicators in datasets, notebook outputs and source files',
  stage: 'inspector',
  rules: dataRules,
  wants(p, info) {
    // A Git LFS pointer stands for a file the checkout did not fetch: wanted when the file it
    // stands for would be (its kind judged by its name), so a missing dataset is said, not skipped.
    if (info.size <= 1024 && lfsPointer(info.head)) {
      const sniffed = sniffByName(p);
      return !!classify(p, sniffed) || isDataZip(p, sniffed);
    }
    if (isDataZip(p, info.sniffed)) return true;
    if (unreadDatasetFormat(p, info.sniffed, info.head)) return true;
    const c = classify(p, info.sniffed, info.head);
    // Every source file is wanted, however large: one over `maxSourceBytes` gets an issue saying
    // it was not scanned for secrets, rather than no word at all.
    return !!c;
  },
  async analyze(file, ctx): Promise<AnalyzerOutput> {
    const { options, issues: optIssues } = await resolveOptions(ctx.options, ctx.root);
    const issues: ScanIssue[] = [];
    if (optIssues.length && !reported.has(ctx.options)) {
      reported.add(ctx.options);
      issues.push(...optIssues);
    }
    // A Git LFS pointer (a checkout made without LFS smudging): the object it names is what to read.
    const pointer = file.size <= 1024 ? lfsPointer(file.head) : undefined;
    if (pointer) {
      const object = await lfsObjectPath(file.absPath, pointer).catch(() => 'missing' as const);
      if (object === 'missing') {
        issues.push({ path: file.path, reason: 'limit', message: `${file.path}: a Git LFS pointer to a ${megabytes(pointer.size)} object that is not in this checkout (git lfs pull fetches it); its content was not scanned`, source: ANALYZER_ID });
        return { issues };
      }
      file = await lfsFile(file, object, pointer.size);
    }
    if (isDataZip(file.path, file.sniffed)) {
      // Read whole (bounded in archive.ts): from disk, or from the bytes held for a file not on disk (a version from history).
      const zipFile = file;
      const zip = await scanZipMembers(file.path, file.size, () => readFile(zipFile.absPath).catch(() => zipFile.bytes()), options, onDisk(file) ? archiveChecks(ctx) : splitCheck(ctx));
      return { ...zip, issues: [...issues, ...(zip.issues ?? [])] };
    }
    const unread = unreadDatasetFormat(file.path, file.sniffed, file.head);
    if (unread) return { issues: [...issues, { path: file.path, reason: 'unsupported', message: unreadDatasetMessage(file.path, unread), source: ANALYZER_ID }] };
    const classified = classify(file.path, file.sniffed, file.head, file.absPath);
    if (!classified) return { issues };
    const cls = await classifyCompressedFeed(classified, file);
    if (cls.class === 'source' && file.size > options.maxSourceBytes) {
      issues.push({ path: file.path, reason: 'too-large', message: `${file.path}: ${megabytes(file.size)} text file is over the data inspector's ${megabytes(options.maxSourceBytes)} limit for source and config files (analyzers.data.maxSourceBytes); not scanned for secrets`, source: ANALYZER_ID });
      return { issues };
    }
    try {
      // Small files are scanned from the bytes the walker already holds (or one read), not a stream.
      const progress = ctx.progress ? (fraction: number) => ctx.progress!(file.path, fraction) : undefined;
      // A dataset file alone of its kind in its folder has no other shard to compare records with.
      const lone = onDisk(file) && holdsShardRecords(cls.format) && (await isLoneShard(ctx, file.absPath));
      const part = await runScanJob(file.absPath, file.path, file.size, cls, lone ? { ...options, loneShard: true } : options, () => file.bytes(), progress);
      maskValuesInFieldNames(part, options);
      const out = finalize(file.path, cls, part, { piiScanned: detectorOn(options, 'pii') });
      // A version from history is compared with the other splits of its dataset only: as a copy of
      // its own file on disk it would be every other check's duplicate.
      const exactCopy = cls.class === 'data' && detectorOn(options, 'poisoning') ? () => checkDuplicateFile(ctx, file) : undefined;
      const overlap = onDisk(file) ? await acrossFiles(ctx, file.path, cls, part, exactCopy) : checkSplitOverlap(ctx, file.path, part.recordKeys, part.recordSketches);
      // A tar's data files (a CSV, a Parquet file: not WebDataset sample text) are read as files of their own.
      const inner = await innerFiles(file, cls, (part.tarDataMembers ?? 0) > 0, options, onDisk(file) && cls.format === 'tar' ? archiveChecks(ctx) : splitCheck(ctx));
      return {
        ...out,
        assets: [...(out.assets ?? []), ...(inner.assets ?? [])],
        relations: [...(out.relations ?? []), ...(inner.relations ?? [])],
        findings: [...(out.findings ?? []), ...overlap.findings, ...(inner.findings ?? [])],
        issues: [...issues, ...(out.issues ?? []), ...overlap.issues, ...(inner.issues ?? [])],
      };
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      issues.push({ path: file.path, reason: 'error', message: `${file.path}: data inspection failed: ${msg}`, source: ANALYZER_ID });
      return { issues };
    }
  },
  /** The checks that need every file of the target: records copied, exactly or nearly, across a dataset's shards. */
  async finish(ctx): Promise<AnalyzerOutput> {
    const progress = ctx.progress ? (fraction: number) => ctx.progress!('(comparing records across dataset shards)', fraction) : undefined;
    return { findings: [...finishCrossFileDuplicates(ctx), ...finishShardSketches(ctx, progress)] };
  },
});

/** Whether the file is the one on disk at its path (not a version from history, held in memory). */
function onDisk(file: ScanFile): boolean {
  return file.absPath === file.path || file.absPath.endsWith(`/${file.path}`);
}

/**
 * Files inside this one, read as its members: a tar's data files (a CSV, a Parquet file: not
 * WebDataset sample text), the files embedded in a Word, PowerPoint or Excel file (a report's
 * pasted-in sheet, a chart's data), the files attached to a PDF (an invoice's XML, an export) or
 * to an Outlook message, a TNEF stream (`winmail.dat`) or an e-mail (`.eml`, each message of an `.mbox`): a
 * report, a spreadsheet sent by mail.
 */
async function innerFiles(file: ScanFile, cls: Classified, tarDataMembers: boolean, options: DataOptions, onPart: OnMemberPart): Promise<AnalyzerOutput> {
  if (cls.format === 'tar' && tarDataMembers) return scanTarMembers(file.path, file.absPath, cls, options, file.size < 1 << 20 ? await file.bytes() : undefined, onPart);
  // E-mail is streamed message by message (a mailbox can be gigabytes): no whole-file size limit.
  if (cls.format === 'eml') return scanMailAttachments(file, cls, options, onPart);
  if (file.size > options.maxDocumentBytes) return {};
  if (holdsEmbeddedFiles(cls)) return scanZipMembers(file.path, file.size, () => readFile(file.absPath).catch(() => file.bytes()), options, onPart, true);
  if (cls.format === 'pdf' && !cls.gzip) return scanPdfAttachments(file, options, onPart);
  if (holdsAttachedFiles(cls.format)) return scanMailFileAttachments(file, cls, options, onPart);
  return {};
}

/** The files attached to an Outlook message or a TNEF stream (and to messages attached to them), read as its members. */
async function scanMailFileAttachments(file: ScanFile, cls: Classified, options: DataOptions, onPart: OnMemberPart): Promise<AnalyzerOutput> {
  const bytes = await readFile(file.absPath).catch(() => file.bytes());
  // Its text is already read: an attachment that breaks the reader must not take that with it.
  const { files, problems } = mailFileAttachments(cls.format, bytes);
  return files.length || problems.length ? scanAttachedFiles(file.path, files, problems, options, onPart) : {};
}

/** The files attached to a PDF, read as its members (none when it cannot be opened: its own read says why). */
async function scanPdfAttachments(file: ScanFile, options: DataOptions, onPart: OnMemberPart): Promise<AnalyzerOutput> {
  const bytes = await readFile(file.absPath).catch(() => file.bytes());
  const { files, problems } = await pdfAttachments(bytes).catch(() => ({ files: [], problems: [] }));
  return files.length || problems.length ? scanAttachedFiles(file.path, files, problems, options, onPart) : {};
}
