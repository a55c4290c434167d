import { inInstalledPython } from '../../core/index.js';

/**
 * Dataset formats this inspector has no reader for: ORC files, which the inventory lists (without
 * a word, their dataset asset sat in the report with no sensitivity and no finding, as if read and
 * found clean). HDF5 and SAS data sets were here until they got readers (`readers/hdf5.ts`,
 * `readers/sas7bdat.ts`).
 * The scan now says each was not read (DESIGN §7: never silently clean).
 */
export function unreadDatasetFormat(relPath: string, sniffed: string, head: Uint8Array): string | undefined {
  if (inInstalledPython(relPath)) return undefined;
  if (sniffed === 'binary' && head.length >= 3 && head[0] === 0x4f && head[1] === 0x52 && head[2] === 0x43) return 'ORC';
  return undefined;
}

export function unreadDatasetMessage(relPath: string, format: string): string {
  return `${relPath}: a dataset in ${format} format, which the data inspector has no reader for; its content was not checked for secrets, personal data or poisoning`;
}
