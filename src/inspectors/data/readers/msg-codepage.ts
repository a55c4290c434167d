/**
 * The code pages of 8-bit text in Outlook messages (`001E` strings, an HTML body kept as bytes)
 * and RTF bodies. Windows-1252 is the usual one and the fallback; Node's TextDecoder reads its
 * label as Latin-1 (0x80–0x9F as C1 control characters), which loses the euro sign, curly quotes
 * and dashes, so those 32 are mapped here. Other Windows code pages go through TextDecoder by their
 * WHATWG name (as `xls.ts` does for BIFF5 strings), Windows-1252 when this Node lacks one.
 */
export const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** Windows code pages other than 1252 and the ranges below, by WHATWG encoding name. */
const CODEPAGES: Record<number, string> = { 874: 'windows-874', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 10000: 'macintosh', 20866: 'koi8-r', 21866: 'koi8-u', 50220: 'iso-2022-jp', 51932: 'euc-jp', 54936: 'gb18030', 65001: 'utf-8' };

/** Bytes of Windows-1252 text as a string. */
export function decodeCp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** A decoder of 8-bit text in this Windows code page; Windows-1252 when it is unknown or not given. */
export function decoderFor(codepage: number | undefined): (bytes: Uint8Array) => string {
  const name = codepage === undefined ? undefined : (CODEPAGES[codepage] ?? (codepage >= 1250 && codepage <= 1258 && codepage !== 1252 ? `windows-${codepage}` : codepage >= 28591 && codepage <= 28605 ? `iso-8859-${codepage - 28590}` : undefined));
  if (name) {
    try {
      const d = new TextDecoder(name);
      return (b) => d.decode(b);
    } catch {
      // An encoding this Node was built without: Windows-1252, the usual one.
    }
  }
  return decodeCp1252;
}
