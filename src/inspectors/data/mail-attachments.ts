import { existsSync } from 'node:fs';
import type { AnalyzerOutput, ScanFile } from '../../core/index.js';
import { MAX_MEMBER_BYTES, MAX_MEMBERS, scanAttachedFiles, type OnMemberPart } from './archive.js';
import type { Classified } from './classify.js';
import { ANALYZER_ID } from './finalize.js';
import type { DataOptions } from './options.js';
import { eachMailMessage } from './readers/mbox.js';
import { mimeAttachments } from './readers/mime.js';
import { byteChunks } from './readers/source.js';
import { isMailbox } from './scan-mail.js';

/**
 * The files attached to an `.eml` (`x.eml!/patients.csv`) or to each message of an `.mbox`
 * (`x.mbox!/12/report.csv`), scanned as members as a PDF's or an Outlook message's are.
 *
 * The mail file is read a second time here rather than having the reading job hand the files back:
 * that job may run in a worker thread, and a part result carrying up to MAX_MEMBERS files of up to
 * MAX_MEMBER_BYTES would be copied across threads and held until the whole file is read; here each
 * message's files are scanned and dropped before the next message is parsed, so memory stays at
 * one message's worth. The cost is a second pass over the file's bytes (no detectors run in it).
 */
type Output = Required<Pick<AnalyzerOutput, 'assets' | 'relations' | 'findings' | 'issues'>>;

export async function scanMailAttachments(file: ScanFile, cls: Classified, options: DataOptions, onPart: OnMemberPart): Promise<AnalyzerOutput> {
  const out: Output = { assets: [], relations: [], findings: [], issues: [] };
  const counted = { count: 0, over: 0 };
  // Its text is already read: a stream that breaks here (a damaged `.mbox.gz`) must not take that with it.
  try {
    await readAttachments(file, cls, options, onPart, out, counted);
  } catch (e) {
    out.issues.push({ path: file.path, reason: 'error', message: `${file.path}: attachments read in part: ${(e as Error).message.split('\n')[0]}`, source: ANALYZER_ID });
  }
  if (counted.over) out.issues.push({ path: file.path, reason: 'limit', message: `${file.path}: ${counted.count} attachments; the first ${MAX_MEMBERS} were scanned`, source: ANALYZER_ID });
  return out;
}

/** Streams the mail file, scanning each message's files (MAX_MEMBERS over the file) into `out`. */
async function readAttachments(file: ScanFile, cls: Classified, options: DataOptions, onPart: OnMemberPart, out: Output, counted: { count: number; over: number }): Promise<void> {
  const mbox = isMailbox(file.path, cls);
  // Each message's files are scanned one message after another; the reader waits for them after each chunk.
  let chain = Promise.resolve();
  // A version from history is not on disk: its bytes are in hand.
  const content = existsSync(file.absPath) ? undefined : await file.bytes();
  const status = { bytes: 0, truncated: false };
  await eachMailMessage(byteChunks(file.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes: options.maxDataBytes, content }, status), mbox, {
    message(text, _firstLine, index) {
      let found: ReturnType<typeof mimeAttachments>;
      try {
        found = mimeAttachments(text, MAX_MEMBER_BYTES);
      } catch (e) {
        found = { files: [], problems: [`attachments not read: ${(e as Error).message.split('\n')[0]}`] };
      }
      const prefix = mbox ? `${index}/` : '';
      const files: [string, Uint8Array][] = [];
      for (const [name, bytes] of found.files) {
        if (++counted.count > MAX_MEMBERS) counted.over++;
        else files.push([prefix + name, bytes]);
      }
      const problems = found.problems.map((q) => (mbox ? `message ${index}: ${q}` : q));
      if (!files.length && !problems.length) return;
      chain = chain.then(async () => merge(out, await scanAttachedFiles(file.path, files, problems, options, onPart)));
      return chain;
    },
    overflow() {},
  });
  await chain;
}

function merge(out: Output, part: AnalyzerOutput): void {
  out.assets.push(...(part.assets ?? []));
  out.relations.push(...(part.relations ?? []));
  out.findings.push(...(part.findings ?? []));
  out.issues.push(...(part.issues ?? []));
}
