/** The files a message carries and what of them could not be read: a `.msg`'s, a TNEF stream's. */
export interface AttachedFiles {
  /** Each named by a plain base name (`report.xlsx`; an attached message's as `fwd.msg!/report.xlsx`). */
  files: [string, Uint8Array][];
  /** What could not be read, in words (the caller names the message). */
  problems: string[];
}

/** The longest name kept for an attached file (a name is a location, not data). */
export const MAX_ATTACHMENT_NAME = 200;

/** A plain base name for an attachment: no folder, no control characters, MAX_ATTACHMENT_NAME at most. */
export function safeAttachmentName(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replace(/[\u0000-\u001f\u007f!]/g, '').trim();
  return base.length > MAX_ATTACHMENT_NAME ? base.slice(0, MAX_ATTACHMENT_NAME) : base;
}

/**
 * `name`, or `name (2)` and so on when an earlier attachment of the same message took it (each
 * member is located by its name); `taken` holds the names given so far, lower-cased.
 */
export function uniqueAttachmentName(name: string, taken: Set<string>): string {
  let out = name;
  for (let n = 2; taken.has(out.toLowerCase()); n++) {
    const dot = name.lastIndexOf('.');
    out = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  }
  taken.add(out.toLowerCase());
  return out;
}
