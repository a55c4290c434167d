/**
 * Windows-1252, the code page of 8-bit text in Outlook messages and RTF bodies written in the
 * West. Node's TextDecoder reads the `windows-1252` label as Latin-1 (0x80–0x9F as C1 control
 * characters), which loses the euro sign, curly quotes and dashes: those 32 are mapped here.
 */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** Bytes of Windows-1252 text as a string. */
export function decodeCp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}
