import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { finalize } from './finalize.js';
import { parseDataOptions } from './options.js';
import { openingEncoding } from './range-encoding.js';
import { lineAlignedRanges, scanInChunks } from './run.js';
import { scanPart, type ScanJob } from './scan-part.js';
import { CJK_NOTES, encodeWithPython, PYTHON } from './testing/cjk-texts.js';
import { inspectBytes } from './testing/scan-file.js';
import { inScratchDir } from './testing/scratch-dir.js';

const SKIP = !PYTHON && 'no python3 here to encode the texts';

/** ASCII lines, `bytes` of them at least. */
const LINE = 'an ordinary line of plain notes about parcels and refunds, nothing in it\n';
const ascii = (bytes: number) => LINE.repeat(Math.ceil(bytes / LINE.length));
/** A line with a few Japanese characters only: too few to guess an encoding on (Windows-1252 alone). */
const CONTACT = 'メール：tanaka.ichiro@example.co.jp\n';
/** Japanese notes, 8 KiB and more of them (their own e-mail line left out: the address found is CONTACT's). */
const NOTES = CJK_NOTES.ja.split('\n').filter((l) => !l.includes('@')).join('\n').repeat(40);

/**
 * A file of `pieces` (their text; Shift_JIS where `sjis`), each padded with ASCII lines to one
 * length, so that `lineAlignedRanges` splits it into exactly these ranges: its text and its bytes.
 */
function rangesOf(pieces: { text: string; sjis?: boolean }[]): { text: string; bytes: Buffer; chunk: number } {
  const encoded = encodeWithPython(pieces.filter((p) => p.sjis).map((p) => [p.text, 'shift_jis'] as const));
  const raw = pieces.map((p) => (p.sjis ? encoded.shift()! : Buffer.from(p.text)));
  const length = Math.max(...raw.map((b) => b.length)) + 100;
  const pads = raw.map((b) => ascii(length - b.length).slice(0, length - b.length - 1) + '\n');
  // Each piece ends its range with a line break: a chunk one byte short of it splits just after.
  return {
    text: pieces.map((p, i) => p.text + pads[i]).join(''),
    bytes: Buffer.concat(raw.flatMap((b, i) => [b, Buffer.from(pads[i]!)])),
    chunk: length - 1,
  };
}

/**
 * Findings as one pass gives them and as the file split into its ranges gives them — left to its
 * ranges to agree (`split`), and read in what its opening decides (`opened`, as `runScanJob` does) —,
 * what each range alone decides, and how many ranges were scanned each way.
 */
async function wholeAndSplit(dir: string, rel: string, file: { bytes: Buffer; chunk: number }) {
  const abs = path.join(dir, path.basename(rel));
  await writeFile(abs, file.bytes);
  const cls = classify(rel, 'text')!;
  const base: ScanJob = { absPath: abs, relPath: rel, cls, options: parseDataOptions({}).options };
  const ranges = await lineAlignedRanges(abs, file.bytes.length, file.chunk);
  const findings = async (part: Promise<Parameters<typeof finalize>[2]>) => (await part.then((p) => finalize(rel, cls, p))).findings!.map((f) => ({ message: f.message, location: f.location }));
  const alone = await Promise.all(ranges.map(async (range) => (await scanPart({ ...base, range })).status.encoding));
  const scans = { split: 0, opened: 0 };
  const counted = (key: keyof typeof scans) => (job: ScanJob) => {
    if (job.range) scans[key]++;
    return scanPart(job);
  };
  const opening = await openingEncoding(abs);
  const split = await findings(scanInChunks(base, ranges, counted('split')));
  const opened = await findings(scanInChunks({ ...base, encoding: opening }, ranges, counted('opened')));
  return { whole: await findings(scanPart(base)), split, opened, alone, opening, scans };
}

/** The 1-based line of the text's first `CONTACT`. */
const contactLine = (text: string) => text.split('\n').indexOf(CONTACT.trimEnd()) + 1;

describe.skipIf(SKIP)('a text file split into ranges across threads', () => {
  it('reads every range in the encoding its first range was read in, not in one each guesses alone', async () => {
    await inScratchDir('aispm-range-enc-', async (dir) => {
      // Range 1: Japanese notes, plenty to tell Shift_JIS by. Ranges 2 and 3: ASCII lines and a
      // line with four Japanese characters, which alone say nothing (read as Windows-1252).
      const file = rangesOf([{ text: NOTES, sjis: true }, { text: ascii(4000) + CONTACT, sjis: true }, { text: CONTACT + ascii(4000), sjis: true }]);
      const { whole, split, opened, alone, opening, scans } = await wholeAndSplit(dir, 'rag/notes.txt', file);
      expect(alone).toEqual(['shift_jis', 'windows-1252', 'windows-1252']);
      expect(split).toEqual(whole);
      // Left to the ranges, the two that guessed otherwise are read again; told by the opening, none is.
      expect(opening).toBe('shift_jis');
      expect(opened).toEqual(whole);
      expect(scans).toEqual({ split: 5, opened: 3 });
      // The address after `メール：` at column 5, as in the UTF-8 text (read alone, its range made it
      // `Ftana…` at column 8: the mojibake of `：` ends in an `F`).
      expect(whole.find((f) => f.message.includes('EMAIL_ADDRESS'))!.message).toContain(`(line ${contactLine(file.text)}:5)`);
    });
  });

  it('decides on the first range with bytes past ASCII when the first range is ASCII', async () => {
    await inScratchDir('aispm-range-enc-', async (dir) => {
      // Range 1 is ASCII (it decides nothing); range 2 holds Japanese notes; range 3 four characters.
      const file = rangesOf([{ text: ascii(8000) }, { text: NOTES, sjis: true }, { text: ascii(4000) + CONTACT, sjis: true }]);
      const { whole, split, opened, alone, scans } = await wholeAndSplit(dir, 'rag/notes.txt', file);
      expect(alone).toEqual([undefined, 'shift_jis', 'windows-1252']);
      expect(split).toEqual(whole);
      expect(opened).toEqual(whole);
      expect(scans.split).toBe(4);
      expect(whole.find((f) => f.message.includes('EMAIL_ADDRESS'))!.message).toContain(`(line ${contactLine(file.text)}:5)`);
    });
  });
});

describe.skipIf(SKIP)("a split file's opening", () => {
  it('decides what one pass decides in its first MiB, and nothing when that is ASCII', async () => {
    await inScratchDir('aispm-range-enc-', async (dir) => {
      const [notes] = encodeWithPython([[CJK_NOTES.ja, 'shift_jis']]);
      const opening = async (bytes: Buffer) => {
        await writeFile(path.join(dir, 'f.txt'), bytes);
        return openingEncoding(path.join(dir, 'f.txt'));
      };
      const big = Buffer.from(ascii(1 << 20));
      expect(await opening(Buffer.concat([notes!, big]))).toBe('shift_jis');
      expect(await opening(Buffer.concat([Buffer.from('caf\xe9 au lait\n', 'latin1'), big]))).toBe('windows-1252');
      expect(await opening(Buffer.concat([Buffer.from('café au lait\n'), big]))).toBe('utf-8');
      // ASCII for its first MiB: its ranges decide, and agree afterwards (above).
      expect(await opening(Buffer.concat([big, notes!]))).toBeUndefined();
      // A file under a MiB decides at its end, as one pass does.
      expect(await opening(notes!)).toBe('shift_jis');
    });
  });
});

describe.skipIf(SKIP)('a Shift_JIS file whose first 64 KiB and more are ASCII', () => {
  it('is read as Shift_JIS from its first byte past ASCII, in hand and streamed in 1 MiB chunks', async () => {
    for (const opening of [70 * 1024, 1536 * 1024]) {
      const [notes] = encodeWithPython([[CJK_NOTES.ja, 'shift_jis']]);
      const want = (await inspectBytes('rag/notes.txt', Buffer.from(ascii(opening) + CJK_NOTES.ja))).findings;
      expect(want.length).toBeGreaterThan(2);
      expect((await inspectBytes('rag/notes.txt', Buffer.concat([Buffer.from(ascii(opening)), notes!]))).findings, `${opening} bytes of ASCII first`).toEqual(want);
    }
  });
});
