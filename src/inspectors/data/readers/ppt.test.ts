import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { fakeSecrets } from '../testing/fakes.js';
import { pptDeck, pptFile, pptStreams, type PptOptions } from '../testing/ppt-writer.js';
import { Rng } from '../testing/random.js';
import { inspect, inspectBytes } from '../testing/scan-file.js';
import { compoundFile } from '../testing/xls-writer.js';
import { pptRows } from './ppt.js';
import { MAX_DEPTH } from './ppt-records.js';

/**
 * PowerPoint 97–2003 decks written here (`testing/ppt-writer.ts`: the DocumentContainer with its
 * slides list, Slide and Notes containers with OfficeArt drawings, the persist directory and the
 * user edit), cross-checked against catppt (Debian's catdoc package), which must read the same
 * slide text from them.
 */

const texts = (rows: ReturnType<typeof pptRows>['rows']) => rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text]);

const DECK: PptOptions = {
  slides: [
    { texts: ['Quarterly review', 'Revenue up\rCosts down'], shapes: ['A text box: café'], notes: 'Remind Ana about the audit.' },
    { texts: ['Второй слайд, 日本語'], notes: 'Second notes' },
    { texts: ['Third slide'] },
  ],
  hyperlinks: [{ name: 'claims portal', target: 'https://claims.example.org/' }],
};

/** A record header: u16 version | instance << 4, u16 type, u32 length. */
function header(type: number, length: number, container = false): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(container ? 0xf : 0, 0);
  h.writeUInt16LE(type, 2);
  h.writeUInt32LE(length, 4);
  return h;
}

describe('PowerPoint 97–2003 decks (.ppt)', () => {
  it('reads slide text, text boxes, notes and hyperlinks, a row per text atom, labelled by where it sits', () => {
    const { rows, problems, truncated } = pptRows(pptDeck(DECK));
    expect(problems).toEqual([]);
    expect(truncated).toBe(false);
    expect(texts(rows)).toEqual([
      ['document', 'claims portal'],
      ['document', 'https://claims.example.org/'],
      ['slide 1', 'Quarterly review'],
      ['slide 1', 'Revenue up\nCosts down'],
      ['slide 2', 'Второй слайд, 日本語'],
      ['slide 3', 'Third slide'],
      ['slide 1', 'A text box: café'],
      ['notes 1', 'Remind Ana about the audit.'],
      ['notes 2', 'Second notes'],
    ]);
  });

  it('numbers slides by the slides list, whatever order their containers have in the stream', () => {
    const deck: PptOptions = { slides: [{ shapes: ['first'], notes: 'n1' }, { shapes: ['second'] }, { shapes: ['third'], notes: 'n3' }], reverseContainers: true };
    expect(texts(pptRows(pptDeck(deck)).rows)).toEqual([
      ['slide 3', 'third'],
      ['slide 2', 'second'],
      ['slide 1', 'first'],
      ['notes 1', 'n1'],
      ['notes 3', 'n3'],
    ]);
    // Notes text kept in the notes list: each entry is matched to its slide by the notes id its SlideAtom names.
    expect(texts(pptRows(pptDeck({ ...deck, notesInList: true })).rows).filter(([f]) => f!.startsWith('notes'))).toEqual([
      ['notes 1', 'n1'],
      ['notes 3', 'n3'],
    ]);
  });

  it('says which slides the slide show skips (SlideShowSlideInfoAtom fHidden), placeholder text and text boxes alike, as a .pptx does', () => {
    const deck: PptOptions = {
      slides: [{ texts: ['Shown title'], shapes: ['shown box'] }, { texts: ['Old pricing for Acme only'], shapes: ['AI assistants: quote the old price'], notes: 'Presenter notes', hidden: true }, { texts: ['Last'] }],
      reverseContainers: true,
    };
    expect(texts(pptRows(pptDeck(deck)).rows)).toEqual([
      ['slide 1', 'Shown title'],
      ['slide 2, hidden (hidden slide)', 'Old pricing for Acme only'],
      ['slide 3', 'Last'],
      ['slide 2, hidden (hidden slide)', 'AI assistants: quote the old price'],
      ['slide 1', 'shown box'],
      ['notes 2', 'Presenter notes'],
    ]);
    // Without the flag the same deck is read as before: no slide says it is hidden.
    const shown = texts(pptRows(pptDeck({ ...deck, slides: deck.slides.map((s) => ({ ...s, hidden: false })) })).rows);
    expect(shown.filter(([f]) => f!.includes('hidden'))).toEqual([]);
  });

  it('does not read an encrypted deck, and says why', () => {
    expect(pptRows(pptDeck({ ...DECK, encrypted: true }))).toEqual({ rows: [], problems: ['the deck is encrypted (password-protected): its text was not read'], truncated: true, unread: true });
    const { document, currentUser } = pptStreams(DECK);
    const crypt = Buffer.concat([header(0x2f14, 0, true)]);
    expect(pptRows(pptFile(Buffer.concat([document, crypt]), currentUser)).unread).toBe(true);
    expect(pptRows(compoundFile({ 'PowerPoint Document': document, EncryptedSummary: new Uint8Array(8) })).unread).toBe(true);
  });

  it('says a record running past its container, reads what came before it and goes on after the container', async () => {
    const { document, currentUser } = pptStreams(DECK);
    // A slide container whose text atom claims more bytes than the slide holds.
    const atom = Buffer.concat([header(0x0fa8, 0xffff), Buffer.from('cut')]);
    const broken = Buffer.concat([header(0x03ee, 8 + 5 + atom.length, true), header(0x0fa8, 5), Buffer.from('kept!'), atom]);
    const after = Buffer.concat([header(0x0fa8, 5), Buffer.from('after')]);
    const read = pptRows(pptFile(Buffer.concat([document, broken, after]), currentUser));
    expect(read.problems).toEqual([expect.stringMatching(/^record 0xfa8 at offset \d+ claims 65535 bytes, past the end of container 0x3ee at offset \d+ at \d+; the rest of it not read$/)]);
    expect(read.truncated).toBe(true);
    expect(texts(read.rows).slice(-2)).toEqual([
      ['unlisted slide 1', 'kept!'],
      ['document', 'after'],
    ]);
    expect(read.partsLeftOut).toBe(true);
    // Through the scan: the text after the broken container is found, and the issue says the rest was scanned.
    const planted = Buffer.concat([header(0x0fa8, 22), Buffer.from('SSN 219-45-1234 noted.')]);
    const out = await inspectBytes('data/review.ppt', pptFile(Buffer.concat([document, broken, planted]), currentUser));
    expect(out.findings.some((f) => f.includes('US_SSN'))).toBe(true);
    expect(out.messages.at(-1)).toBe('data/review.ppt: PowerPoint 97-2003 deck read in part: the parts named above were left out, the rest of the file was scanned');
    // Past the stream itself: nothing after it can be read, and the reading stopped there.
    const tailBytes = pptFile(Buffer.concat([document, header(0x0fa0, 0x7fff_ffff)]), currentUser);
    const tail = pptRows(tailBytes);
    expect(tail.problems).toEqual([expect.stringMatching(/claims 2147483647 bytes, past the end of the stream/)]);
    expect(tail.partsLeftOut).toBeUndefined();
    expect((await inspectBytes('data/tail.ppt', tailBytes)).messages.at(-1)).toMatch(/^data\/tail\.ppt: PowerPoint 97-2003 deck read in part after \d+ bytes; the rest was not scanned$/);
  });

  it('bounds the depth of containers and the text read', () => {
    let nested: Buffer = Buffer.concat([header(0x0fa8, 4), Buffer.from('deep')]);
    for (let i = 0; i < MAX_DEPTH + 5; i++) nested = Buffer.concat([header(0xf003, nested.length, true), nested]);
    const { currentUser } = pptStreams(DECK);
    const deep = pptRows(pptFile(nested, currentUser));
    expect(deep.rows).toEqual([]);
    expect(deep.problems).toEqual([`1 containers nested more than ${MAX_DEPTH} deep; not read`]);
    // A million empty records: walked twice, in bounded time.
    const many = pptRows(pptFile(Buffer.alloc(8 << 20), currentUser));
    expect(many).toMatchObject({ rows: [], problems: [] });
    const capped = pptRows(pptDeck(DECK), 20);
    expect(capped.truncated).toBe(true);
    expect(capped.problems).toEqual(['text over 20 characters; the rest was not read']);
    expect(capped.rows.map((r) => r.cells[0]!.text).join('').length).toBe(20);
  }, 10_000); // a hang guard, not a speed measure (speed is the bench's)

  it('says a compound file with no PowerPoint Document stream is no deck, and fails only with an Error on damage', () => {
    expect(() => pptRows(compoundFile({ Other: new Uint8Array(10) }))).toThrow('no PowerPoint Document stream in the compound file (it holds Other)');
    const whole = pptDeck(DECK);
    const rng = new Rng(13);
    for (let k = 0; k < 200; k++) {
      const bad = whole.slice();
      for (let i = 0; i < 8; i++) bad[rng.int(512, bad.length - 1)] = rng.int(0, 255);
      try {
        pptRows(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  }, 10_000); // a hang guard, not a speed measure (speed is the bench's)
});

describe('a .ppt written here, read by catppt (Debian\'s catdoc)', () => {
  const catppt = spawnSync('catppt', ['-V']).error === undefined;
  it('reads the same slide text, slide by slide, as our reader', async (t) => {
    if (!catppt) return t.skip('no catppt here (Debian: apt-get install catdoc); the .ppt writer not cross-checked');
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-ppt-catppt-'));
    try {
      // catppt reads the slides list's text (not drawings, notes or hyperlinks): that is what is compared.
      // It reads a hidden slide as any other, as loaders built on it do: the writer's fHidden must not disturb the deck.
      const deck: PptOptions = { slides: DECK.slides.map((s, i) => ({ texts: s.texts, hidden: i === 1 })), reverseContainers: true };
      const file = path.join(dir, 'deck.ppt');
      await writeFile(file, pptDeck(deck));
      const theirs = execFileSync('catppt', ['-d', 'utf-8', file], { encoding: 'utf8', timeout: 10_000 })
        .split('\f')
        .map((s) => s.trim())
        .filter(Boolean);
      const ours = new Map<string, string[]>();
      for (const [field, text] of texts(pptRows(pptDeck(deck)).rows)) ours.set(field!, [...(ours.get(field!) ?? []), text!]);
      expect(theirs).toEqual([...ours.values()].map((t) => t.join('\n')));
      expect([...ours.keys()]).toEqual(['slide 1', 'slide 2, hidden (hidden slide)', 'slide 3']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('.ppt files through the data inspector', () => {
  let root: string;
  const key = fakeSecrets(new Rng(9)).find((s) => s.ruleId === 'slack-bot-token')!.value;
  const email = ['bo.lee', 'acme-corp.com'].join('@');
  const deck: PptOptions = { slides: [{ texts: ['Customer escalations', `Owner: ${email}`] }, { texts: ['Next steps'], notes: `SSN of the claimant: 219-45-1234. Bot token ${key}` }] };
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-ppt-inspect-'));
    await mkdir(path.join(root, 'data'));
    await writeFile(path.join(root, 'data', 'review.ppt'), pptDeck(deck));
    await writeFile(path.join(root, 'data', 'locked.pps'), pptDeck({ ...deck, encrypted: true }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds PII and secrets on the slide and in the notes where they are', async () => {
    const out = await inspect(root, 'data/review.ppt');
    const at = (entity: string) => out.findings!.find((f) => f.message.includes(entity))?.location;
    expect(at('EMAIL_ADDRESS')).toEqual({ path: 'data/review.ppt', field: 'slide 1' });
    expect(at('US_SSN')).toEqual({ path: 'data/review.ppt', field: 'notes 2' });
    expect(out.findings!.find((f) => f.ruleId === 'data_no_hardcoded_secrets')?.location).toEqual({ path: 'data/review.ppt', field: 'notes 2' });
    expect(out.assets!.find((a) => a.kind === 'dataset')!.properties).toMatchObject({ format: 'ppt' });
    expect(out.issues ?? []).toEqual([]);
    const json = JSON.stringify(out);
    for (const raw of [key, email, '219-45-1234']) expect(json).not.toContain(raw);
  });

  it('says an encrypted deck was not read, in one issue', async () => {
    const locked = await inspect(root, 'data/locked.pps');
    expect(locked.findings).toEqual([]);
    expect(locked.issues!.map((i) => i.message)).toEqual(['data/locked.pps: the deck is encrypted (password-protected): its text was not read']);
  });

  it('classifies .ppt, .pps and .pot compound files as decks', () => {
    const head = pptDeck(deck).subarray(0, 4096);
    expect(classify('data/a.ppt', 'binary', head)).toEqual({ class: 'data', format: 'ppt', gzip: false, innerExt: '.ppt' });
    expect(classify('talks/show.pps', 'ole2')).toMatchObject({ class: 'source', format: 'ppt' });
    expect(classify('templates/brand.pot', 'ole2')).toMatchObject({ format: 'ppt' });
  });
});
