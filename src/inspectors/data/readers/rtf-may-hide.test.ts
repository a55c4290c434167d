import { describe, expect, it } from 'vitest';
import { Rng } from '../testing/random.js';
import { rtfDocument, type Rgb, type RtfFormatting, type RtfParagraph, type RtfRun, type RtfStyle } from '../testing/rtf-writer.js';
import { rtfRows } from './rtf-doc.js';
import { rtfMayHide } from './rtf-may-hide.js';

/** Whether the reader flags a run of the document as hidden (a comment too). */
function readerHides(raw: string): boolean {
  return rtfRows(raw).rows.some((r) => r.cells.some((c) => /, hidden \(/.test(c.field ?? '')));
}

describe('rtfMayHide', () => {
  it('sees each word that can hide text, and not its turned-off or harmless forms', () => {
    const doc = (body: string, colours = String.raw`\red255\green255\blue255;`) => String.raw`{\rtf1\ansi{\colortbl;${colours}}\pard ${body}\par}`;
    for (const hides of [String.raw`{\v x}`, String.raw`{\v1 x}`, String.raw`{\v01 x}`, String.raw`{\deleted x}`, String.raw`{\cf1 x}`, String.raw`{\cf01 x}`, String.raw`{\fs0 x}`, String.raw`{\fs1 x}`, String.raw`{\fs-4 x}`, String.raw`x{\chatn}{\*\annotation note}`]) {
      expect([hides, readerHides(doc(hides)), rtfMayHide(doc(hides))]).toEqual([hides, true, true]);
    }
    for (const shows of [String.raw`{\v0 x}`, String.raw`{\v-0 x}`, String.raw`{\deleted0 x}`, String.raw`{\cf0 x}`, String.raw`{\fs2 x}`, String.raw`{\fs10 x}`, String.raw`{\fs x}`, String.raw`{\vertalc x}`, String.raw`{\cfpat1 x}`]) {
      expect([shows, rtfMayHide(doc(shows))]).toEqual([shows, false]);
    }
    // A colour named, but none white (nor all but white) in the table.
    expect(rtfMayHide(doc(String.raw`{\cf1 x}`, String.raw`\red255\green255\blue0;`))).toBe(false);
    expect(rtfMayHide(doc(String.raw`{\cf1 x}`, String.raw`\red250\green251\blue1000;`))).toBe(true);
  });

  it('is never false where the reader flags a hidden run, on random documents (styled, and with random words put in)', () => {
    const rng = new Rng(11);
    const int = (n: number) => rng.int(0, n - 1);
    const colours: Rgb[] = [
      [255, 255, 255],
      [250, 252, 251],
      [249, 255, 255],
      [0, 0, 255],
      [255, 255, 0],
    ];
    const formatting = (): RtfFormatting => ({
      hidden: int(6) === 0 ? int(2) === 0 : undefined,
      deleted: int(8) === 0 || undefined,
      colour: int(4) === 0 ? colours[int(colours.length)] : undefined,
      shade: int(6) === 0 ? colours[int(colours.length)] : undefined,
      shadeWord: (['highlight', 'cb', 'chcbpat'] as const)[int(3)],
      halfPoints: int(5) === 0 ? [0, 1, 2, 3, 20][int(5)] : undefined,
    });
    const words = ['\\v', '\\v0', '\\fs1', '\\fs01', '\\fs-2', '\\fs24', '\\cf1', '\\cf2', '\\deleted', '\\plain', '\\pard', '\\s15', '\\cs16', '{\\chatn}{\\*\\annotation note}', '\\highlight3', '\\cbpat2', '\\red255'];
    let hid = 0;
    let skipped = 0;
    for (let k = 0; k < 3000; k++) {
      const styles: RtfStyle[] = int(2) ? [] : [{ kind: 'paragraph', id: 15, name: 'Note', ...formatting() }, { kind: 'character', id: 16, name: 'Aside', basedOn: undefined, ...formatting() }];
      const run = (): RtfRun => ({ text: `run ${int(100)}`, style: styles.length && int(3) === 0 ? 16 : undefined, ...formatting() });
      const paragraphs: RtfParagraph[] = Array.from({ length: 1 + int(3) }, () => {
        const runs = Array.from({ length: 1 + int(3) }, run);
        return styles.length && int(3) === 0 ? { style: 15, runs } : runs;
      });
      let raw = rtfDocument(paragraphs, { styles });
      // Words put in at random places between groups and text.
      for (let m = int(3); m > 0; m--) {
        const at = raw.indexOf(' ', int(raw.length));
        if (at > 0) raw = `${raw.slice(0, at)}${words[int(words.length)]} ${raw.slice(at + 1)}`;
      }
      const hides = readerHides(raw);
      if (hides) {
        hid++;
        expect([raw, rtfMayHide(raw)]).toEqual([raw, true]);
      } else if (!rtfMayHide(raw)) skipped++;
    }
    // Both kinds were met: documents that hide, and documents the check lets go unparsed.
    expect(hid).toBeGreaterThan(500);
    expect(skipped).toBeGreaterThan(300);
  });
});
