import { isSpssSystemFile } from '../../core/index.js';
import type { ByteSource } from './io/byte-source.js';
import { isTextPickle } from './text-pickle.js';

/**
 * Files that wear a model file's extension but are something else, known by their content: saying
 * "inconclusive, review by hand" for each was noise. In an installed SciPy alone, 47 IDL `.sav`
 * test files and three site-packages `.pth` files came out that way, and in /usr/share vim's
 * Portuguese tutor (`tutor.pt`); `.sav` is SPSS's data file too. Only content the scanner did not take for any model format (pickle, zip, …) reaches this
 * check, so a pickle named `.sav` is still scanned as one.
 */
export interface NonModelFile {
  /** The `formats` entry: what the file is. */
  format: string;
  /** Said in the scan's notes. */
  note: string;
}

/** The `formats` entries this module gives: a file with one of them is known to be no model. */
export const NON_MODEL_FORMATS: ReadonlySet<string> = new Set(['idl-save', 'spss-sav', 'python-path-file', 'plain-text']);

/**
 * Text is recognised up to this size (read whole): a site `.pth` is read whole by Python at start-up,
 * and a text file under a model's name is a note or a tutor, never megabytes.
 */
const MAX_TEXT = 1024 * 1024;

export async function recogniseNonModel(src: ByteSource, name: string, head: Uint8Array): Promise<NonModelFile | undefined> {
  // IDL SAVE (scipy.io.readsav, which reads it as data): `SR`, then record format 0x0004 or 0x0006 (compressed).
  if (head.length >= 4 && head[0] === 0x53 && head[1] === 0x52 && head[2] === 0 && (head[3] === 4 || head[3] === 6)) {
    return { format: 'idl-save', note: 'an IDL SAVE data file (scipy.io.readsav reads it as data), not a model format: nothing in it runs when it is read' };
  }
  // SPSS system file (`.sav` too: read by pyreadstat / pandas.read_spss as data): `$FL2`, or `$FL3` when zlib-compressed.
  if (isSpssSystemFile(head)) {
    return { format: 'spss-sav', note: 'an SPSS system data file (read as data by pandas.read_spss), not a model format: nothing in it runs when it is read' };
  }
  // The head first: binary content shows a control byte there, and is not read whole.
  if (src.size === 0 || src.size > MAX_TEXT || !isPlainText(head)) return undefined;
  const bytes = await src.read(0, src.size);
  // A text pickle whose import comes past the head detection reads (4 KiB of harmless opcodes
  // first) is text too: read whole, it is still a pickle, and stays unrecognised (inconclusive).
  if (!isPlainText(bytes) || isTextPickle(bytes)) return undefined;
  // A Git LFS pointer stands for a model the checkout did not fetch: that is still to be said.
  if (startsWithText(bytes, LFS_POINTER)) return undefined;
  if (name.endsWith('.pth')) {
    return { format: 'python-path-file', note: 'a Python path configuration file (site-packages `.pth`: one path per line; a line starting `import` runs when Python starts), not a PyTorch checkpoint' };
  }
  // Plain text that is no text pickle (those were taken already): pickle.load and torch.load fail on it.
  return { format: 'plain-text', note: 'plain text (vim\'s Portuguese tutor is tutor.pt), not a model: no model loader reads it' };
}

const LFS_POINTER = 'version https://git-lfs.github.com/spec/';

function startsWithText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Text: no control characters but tab, CR and LF, in any 8-bit encoding (vim's tutor.pt is
 * Latin-1). Binary data has control bytes within its first few hundred.
 */
function isPlainText(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
  return true;
}
