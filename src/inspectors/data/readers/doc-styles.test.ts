import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHP, type DocStyle } from '../testing/doc-formats.js';
import { docDocument, docFile, docStreams, FIB_AT, type DocOptions } from '../testing/doc-writer.js';
import { docRows } from './doc.js';

/**
 * A `.doc` whose *styles* hide text (`doc-styles.ts`: the STSH; a paragraph's style through its
 * PAPX, `doc-papx.ts`; a run's character style through sprmCIstd), and paragraph shading under
 * white text, written by `testing/doc-formats.ts`.
 */

const cells = (o: DocOptions, body = BODY) => docRows(docDocument(body, o)).rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text]);

const BODY = 'Shown paragraph.\rA paragraph in the hidden style.\rShown, with a styled note inside. End.\rWhite on a shaded paragraph.\rWhite on a plain paragraph.\r';
/** istd 1: a hidden paragraph style; 2: a white character style based on nothing; 3: a paragraph style based on 1 (inherits hiding); 4: a shaded paragraph style. */
const STYLES: DocStyle[] = [
  { name: 'Hidden note', kind: 'paragraph', chpx: [...CHP.vanish] },
  { name: 'White note', kind: 'character', chpx: [...CHP.whiteIco] },
  { name: 'Hidden child', kind: 'paragraph', base: 1 },
  { name: 'Boxed', kind: 'paragraph', papx: [0x2d, 0x44, 0x00, 0x04] },
];

describe('what a .doc\'s styles hide', () => {
  it('reads a paragraph in a hiding style, and a run in a hiding character style, as hidden', () => {
    const o: DocOptions = {
      styles: STYLES,
      paragraphs: [{ text: 'A paragraph in the hidden style.\r', istd: 1 }],
      formats: [f('a styled note inside.', [0x30, 0x4a, 2, 0])],
    };
    expect(cells(o).slice(0, 5)).toEqual([
      ['body paragraph 1', 'Shown paragraph.'],
      ['body paragraph 2, hidden (vanish)', 'A paragraph in the hidden style.'],
      ['body paragraph 3', 'Shown, with'],
      ['body paragraph 3, hidden (white text)', 'a styled note inside.'],
      ['body paragraph 3', 'End.'],
    ]);
  });

  it('follows a style to its base, and lets direct formatting show what a style hides ("not as the style" too)', () => {
    const o: DocOptions = {
      styles: STYLES,
      paragraphs: [{ text: 'A paragraph in the hidden style.\r', istd: 3 }],
      formats: [f('hidden style.', [0x3c, 0x08, 0x00]), f('Shown, with', [0x3c, 0x08, 0x81])],
    };
    expect(cells(o).slice(1, 4)).toEqual([
      ['body paragraph 2, hidden (vanish)', 'A paragraph in the'],
      ['body paragraph 2', 'hidden style.'],
      // Not as the (plain) style: hidden.
      ['body paragraph 3, hidden (vanish)', 'Shown, with'],
    ]);
  });

  it('does not call white text hidden on a paragraph shaded by its style or its own properties', () => {
    const white = [f('White on a shaded paragraph.', CHP.whiteIco), f('White on a plain paragraph.', CHP.whiteIco)];
    const byStyle: DocOptions = { styles: STYLES, formats: white, paragraphs: [{ text: 'White on a shaded paragraph.\r', istd: 4 }] };
    const direct: DocOptions = { formats: white, paragraphs: [{ text: 'White on a shaded paragraph.\r', istd: 0, grpprl: [0x2d, 0x44, 0x00, 0x04] }] };
    for (const o of [byStyle, direct]) {
      expect(cells(o).slice(-2)).toEqual([
        ['body paragraph 4', 'White on a shaded paragraph.'],
        ['body paragraph 5, hidden (white text)', 'White on a plain paragraph.'],
      ]);
    }
  });

  it('reads a document whose styles hide nothing as before, and a broken style sheet or PAPX page as unstyled, saying so', () => {
    const plain = docRows(docDocument(BODY));
    expect(docRows(docDocument(BODY, { styles: [{ name: 'Bold', kind: 'character', chpx: [...CHP.bold] }], paragraphs: [{ text: 'Shown paragraph.\r', istd: 1 }] }))).toEqual(plain);
    const o: DocOptions = { styles: STYLES, paragraphs: [{ text: 'A paragraph in the hidden style.\r', istd: 1 }] };
    const broken = (patch: (word: DataView, table: DataView, s: ReturnType<typeof docStreams>) => void) => {
      const s = docStreams(BODY, o);
      patch(new DataView(s.WordDocument.buffer), new DataView(s.table.buffer), s);
      return docRows(docFile(s.WordDocument, s.table, s.tableName));
    };
    const sheet = broken((w) => w.setUint32(0xa6, 0x7fff_0000, true));
    expect(sheet.problems).toEqual([expect.stringMatching(/^FIB puts the style sheet \(STSH\) at \d+, 2147418112 bytes, past the \d+-byte table stream; styles not read$/)]);
    expect(sheet.rows.map((r) => r.cells[0]!.text)).toEqual(plain.rows.map((r) => r.cells[0]!.text));
    const page = broken((w, t) => {
      const at = w.getUint32(FIB_AT.fcPlcfBtePapx, true);
      w.setUint8(t.getUint32(at + 8, true) * 512 + 511, 0x40);
    });
    expect(page.problems).toEqual([expect.stringMatching(/^paragraph formatting page \(FKP\) 1 at offset \d+ claims 64 runs \(a page holds 1 to 29\); its runs read as visible$/)]);
    expect(page.rows.every((r) => !r.cells[0]!.field!.includes('hidden'))).toBe(true);
  });

  it('antiword omits the text of a hidden paragraph style as we flag it', async (t) => {
    if (spawnSync('antiword', ['-h']).error !== undefined) return t.skip('no antiword here (Debian: apt-get install antiword); styles not cross-checked');
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-doc-styles-'));
    try {
      // antiword takes a style's font at a character run's start only, as Word starts one at each paragraph whose style changes it: so does this file.
      const o: DocOptions = { styles: STYLES, paragraphs: [{ text: 'A paragraph in the hidden style.\r', istd: 1 }], formats: [f('A paragraph in the hidden style.\r', CHP.normalSize)] };
      const file = path.join(dir, 'styled.doc');
      await writeFile(file, docDocument(BODY, o));
      const words = (s: string) => s.split(/\s+/).filter(Boolean);
      const shown = cells(o).filter(([field]) => !field!.includes('vanish')).map(([, text]) => text);
      expect(words(execFileSync('antiword', ['-f', '-w', '0', file], { encoding: 'utf8', timeout: 10_000 }))).toEqual(words(shown.join(' ')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function f(text: string, grpprl: readonly number[]) {
  return { text, grpprl: [...grpprl] };
}
