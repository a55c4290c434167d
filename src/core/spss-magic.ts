/**
 * How an SPSS system file opens (`$FL2`, or `$FL3` when its cases are zlib-compressed): asked by the
 * data inspector, which reads it, and the models inspector, which must not take a `.sav` of survey
 * data for a pickled model.
 */
export function isSpssSystemFile(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x24 && head[1] === 0x46 && head[2] === 0x4c && (head[3] === 0x32 || head[3] === 0x33);
}
