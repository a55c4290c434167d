import { shaded80, shadedOperand } from './doc-char-format.js';
import { eachSprm } from './doc-sprms.js';

/**
 * A Word 97–2003 paragraph's shading (sprmPShd80, sprmPShd in a PAPX or a paragraph style's
 * UpxPapx): white text on a shaded paragraph shows, so it is not read as hidden, as the `.docx`
 * reader does with `w:pPr/w:shd`.
 */

const SHD80 = 0x442d;
const SHD = 0xc64d;

/** Whether the list shades its paragraph; undefined when it does not say (or cannot be read that far). */
export function paragraphShading(grpprl: Uint8Array): boolean | undefined {
  let shaded: boolean | undefined;
  eachSprm(grpprl, (op, v) => {
    if (op === SHD80) shaded = shaded80(v[0]! | (v[1]! << 8));
    else if (op === SHD) shaded = shadedOperand(v);
  });
  return shaded;
}
