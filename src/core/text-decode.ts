/**
 * Decodes a config file's bytes by its byte-order mark: UTF-16 LE/BE (what Windows editors and
 * PowerShell's `Out-File` write) and UTF-8 with or without BOM. Without a BOM the bytes are UTF-8,
 * invalid sequences becoming U+FFFD, so a parser sees them and reports, never a crash.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const s = new TextDecoder('utf-8').decode(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** True when the bytes start with a UTF-16 byte-order mark (the walker sniffs such files as binary). */
export function hasUtf16Bom(head: Uint8Array): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}
