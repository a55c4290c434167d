/** Lists files to scan: ignore files, size caps, symlink loops, magic-byte sniffing. */
export { walk, HEAD_BYTES, type WalkEntry, type WalkOptions } from './walk.js';
export { sniff } from './sniff.js';
export { toScanFile, FileTooLargeError } from './scan-file.js';
export { DEFAULT_EXCLUDED_DIRS } from './ignore-rules.js';
