import type { Classified } from './classify.js';
import type { Collector } from './collector.js';
import { eachMailMessage, MAX_MESSAGE_BYTES } from './readers/mbox.js';
import { eachMimeRow, paragraphs } from './readers/mime.js';
import { byteChunks } from './readers/source.js';
import { reporting } from './progress-chunks.js';
import type { ScanJob } from './scan-part.js';

/** Problem lines kept per mailbox: a damaged mailbox of a million messages must not bury the report. */
const MAX_PROBLEMS = 100;

/** Whether a mail file is a mailbox of many messages rather than one: by its name, or its opening `From ` line. */
export function isMailbox(relPath: string, cls: Classified): boolean {
  return cls.mailbox === true || /\.mbox(?:\.[a-z0-9]+)?$/i.test(relPath);
}

/** A binary string (one char per byte) as the text the file's lines are: UTF-8 when they are, as the secrets detector reads other text. */
function asText(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}

/**
 * Scans an `.eml` or `.mbox` as MIME, message by message: the raw text of each message goes to the
 * secrets detector (a key in a header or an encoded part is still found where it sits), its decoded
 * headers and text parts to every detector (`readers/mime.ts`). Attachments are read by the
 * inspector afterwards as members (`mail-attachments.ts`).
 */
export async function scanMail(col: Collector, job: ScanJob, maxBytes: number, onBytes?: (bytes: number) => void, maxMessageBytes = MAX_MESSAGE_BYTES): Promise<void> {
  const p = col.part;
  const problems: string[] = [];
  try {
    await readMail(col, job, maxBytes, maxMessageBytes, problems, onBytes);
  } catch (e) {
    // Read only in part (a cut `.mbox.gz`): never called complete; the messages read are kept.
    p.status.truncated = true;
    p.status.truncatedBy = 'mail reading stopped';
    problems.push(`could not be read to its end: ${(e as Error).message.split('\n')[0]}`);
  }
  p.problems.push(...problems.slice(0, MAX_PROBLEMS));
  if (problems.length > MAX_PROBLEMS) p.problems.push(`and ${problems.length - MAX_PROBLEMS} more problems in its messages`);
}

/** Streams the file message by message into the collector; what could not be read goes to `problems`. */
async function readMail(col: Collector, job: ScanJob, maxBytes: number, maxMessageBytes: number, problems: string[], onBytes?: (bytes: number) => void): Promise<void> {
  const { cls } = job;
  const mbox = isMailbox(job.relPath, cls);
  const read = byteChunks(job.absPath, { gzip: cls.gzip, codec: cls.codec, maxBytes, content: job.content }, col.part.status);
  // A mailbox can be gigabytes: the scan's progress line follows the bytes read, as for other streamed files.
  const chunks = onBytes ? reporting(read, col.part.status, onBytes) : read;
  await eachMailMessage(
    chunks,
    mbox,
    {
      message(text, firstLine, index, cut) {
        const prefix = mbox ? `message ${index}: ` : '';
        col.rawSecrets(asText(text), firstLine);
        if (cut) problems.push(`${prefix}over the ${maxMessageBytes} bytes read as MIME per message; the rest of it is read as plain text`);
        try {
          for (const q of eachMimeRow(text, firstLine, prefix, (row, secrets) => col.row(row, secrets))) problems.push(prefix + q);
        } catch (e) {
          // A reader bug must not lose the mailbox: the raw text was matched for secrets above.
          problems.push(`${prefix}not read as MIME: ${(e as Error).message.split('\n')[0]}`);
        }
      },
      overflow(text, firstLine, index) {
        // Past the per-message cap: plain text, as the file was read before it was read as MIME.
        const field = mbox ? `message ${index}: text` : 'text';
        const decoded = asText(text);
        col.rawSecrets(decoded, firstLine);
        for (const para of paragraphs(decoded)) col.row({ cells: [{ text: para.text, line: firstLine + para.line, column: 1, verbatim: true, field }] }, false);
      },
    },
    maxMessageBytes,
  );
}
