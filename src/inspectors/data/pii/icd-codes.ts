import { isWordChar } from './candidates.js';

/** An ICD-10 code as the recognizer reads one: a category (`I10`) and an optional subdivision (`E11.9`). Regex source, no anchors. */
export const ICD_CODE_SHAPE = '[A-TV-Z]\\d[0-9AB](?:\\.[0-9A-TV-Z]{1,4})?';
const ICD_CODE = new RegExp(`^${ICD_CODE_SHAPE}$`);

/**
 * Whether the code at `start`..`end` is one part of a hyphen-joined identifier
 * (`OC-SP-ESAM-API-I03-131025`, the CableLabs specification MediaConvert's docs cite): a word
 * joined to it by a hyphen that is no code itself. A range of codes (`I10-I15`, `E10.9-E11`) is
 * two codes, and stays.
 */
export function inJoinedIdentifier(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) === 45 && isWordChar(text.charCodeAt(start - 2))) {
    let i = start - 1;
    while (i > 0 && (isWordChar(text.charCodeAt(i - 1)) || (text.charCodeAt(i - 1) === 46 && i > 1 && isWordChar(text.charCodeAt(i - 2))))) i--;
    if (!ICD_CODE.test(text.slice(i, start - 1))) return true;
  }
  if (text.charCodeAt(end) === 45 && isWordChar(text.charCodeAt(end + 1))) {
    let j = end + 1;
    while (j < text.length && (isWordChar(text.charCodeAt(j)) || (text.charCodeAt(j) === 46 && isWordChar(text.charCodeAt(j + 1))))) j++;
    if (!ICD_CODE.test(text.slice(end + 1, j))) return true;
  }
  return false;
}
