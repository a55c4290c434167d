import type { DataFormat } from './classify.js';
import type { AttachedFiles } from './readers/attachment-names.js';
import { msgAttachments } from './readers/msg.js';
import { tnefAttachments } from './readers/tnef.js';

/**
 * The files attached to a mail file that keeps them inside itself — an Outlook message (`.msg`) or a
 * TNEF stream (`winmail.dat`) — scanned as its members, whether the mail file is one of the scan's
 * (`index.ts`) or itself a member: a `.msg` attached to an e-mail, the `winmail.dat` of an e-mail or
 * of a `.msg`, a message dragged into a Word document (`archive.ts`). An `.eml`'s and an `.mbox`'s
 * are streamed instead (`mail-attachments.ts`).
 */

/** Whether files of this format hold attached files read by `mailFileAttachments`. */
export function holdsAttachedFiles(format: DataFormat): boolean {
  return format === 'msg' || format === 'tnef';
}

/** The files attached to a `.msg` or a TNEF stream; a reader that breaks is a problem, never a throw (the file's text is read already). */
export function mailFileAttachments(format: DataFormat, bytes: Uint8Array): AttachedFiles {
  try {
    return format === 'tnef' ? tnefAttachments(bytes) : msgAttachments(bytes);
  } catch (e) {
    return { files: [], problems: [`attachments not read: ${(e as Error).message.split('\n')[0]}`] };
  }
}
