import { inInstalledPython } from '../../core/index.js';

/**
 * Dataset formats this inspector has no reader for: ORC files, which the inventory lists (without
 * a word, their dataset asset sat in the report with no sensitivity and no finding, as if read and
 * found clean), and SAS data sets (`.sas7bdat`: clinical and survey data), which the scan passed
 * in silence. (HDF5 is read now: `readers/hdf5.ts`.)
 * The scan now says each was not read (DESIGN §7: never silently clean).
 */
export function unreadDatasetFormat(relPath: string, sniffed: string, head: Uint8Array): string | undefined {
  if (inInstalledPython(relPath)) return undefined;
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  if (sniffed === 'binary' && head.length >= 3 && head[0] === 0x4f && head[1] === 0x52 && head[2] === 0x43) return 'ORC';
  // SAS data sets open with a fixed 32-byte magic.
  if (name.endsWith('.sas7bdat') && startsWith(head, SAS7BDAT_MAGIC, 0)) return 'SAS';
  return undefined;
}

/** Bytes 0–31 of every `.sas7bdat` file (12 zero bytes, then a fixed signature). */
const SAS7BDAT_MAGIC = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11];

function startsWith(head: Uint8Array, sig: readonly number[], at: number): boolean {
  if (head.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (head[at + i] !== sig[i]) return false;
  return true;
}

export function unreadDatasetMessage(relPath: string, format: string): string {
  return `${relPath}: a dataset in ${format} format, which the data inspector has no reader for; its content was not checked for secrets, personal data or poisoning`;
}
