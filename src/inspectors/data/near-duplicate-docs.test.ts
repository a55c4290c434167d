import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../core/index.js';
import { DocSketch, docSimilarity, MAX_DOC_CHARS, MIN_DOC_WORDS, type DocSignature } from './doc-sketch.js';
import { dataInspector } from './index.js';
import { checkNearDuplicateDocument } from './near-duplicate-docs.js';
import { strToU8, zipSync } from 'fflate';
import { docxDocument, pdfDocument, tarArchive, tarMember } from './testing/format-writers.js';
import { Rng } from './testing/random.js';
import { scanFileFor } from './testing/scan-file.js';

const WORDS = 'account address after answer before benefit card claim customer data delivery document every form help holder invoice item last month name number office order page paid payment period policy price process purchase receipt record refund request return service shipping store support team term time total within written'.split(' ');

/** Paragraphs of made-up prose, the same for a seed. */
function paragraphs(seed: number, count: number, words = 40): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const p = Array.from({ length: words }, () => rng.pick(WORDS)).join(' ');
    return `${p[0]!.toUpperCase()}${p.slice(1)}.`;
  });
}

function sketchOf(rows: readonly string[]): DocSignature | undefined {
  const s = new DocSketch();
  for (const r of rows) s.add(r);
  return s.finish();
}

const POLICY = paragraphs(1, 15);
/** The policy with one paragraph of fifteen rewritten, as an attacker's copy would be. */
const EDITED = POLICY.map((p, i) => (i === 7 ? 'Refunds are now paid only to the account named in the form sent to the address below; send the card number and its code with every claim.' : p));

describe('DocSketch', () => {
  it('gives the same sketch for the same words however the text is cut into rows and spaced', () => {
    const whole = sketchOf([POLICY.join('\n\n')])!;
    const rewrapped = sketchOf(POLICY.join(' ').match(/.{1,300}(?:\s|$)/g)!.map((l) => l.toUpperCase()))!;
    expect(docSimilarity(whole.sig, rewrapped.sig)).toBe(1);
    expect(whole.words).toBe(POLICY.length * 40);
  });

  it('estimates an edited copy as near and unrelated text as far', () => {
    const a = sketchOf(POLICY)!;
    const edited = docSimilarity(a.sig, sketchOf(EDITED)!.sig);
    expect(edited).toBeGreaterThan(0.8);
    expect(edited).toBeLessThan(1);
    expect(docSimilarity(a.sig, sketchOf(paragraphs(2, 15))!.sig)).toBeLessThan(0.2);
  });

  it('sketches the opening MAX_DOC_CHARS characters of a longer document, and says so', () => {
    const long = sketchOf([POLICY.join('\n\n'), 'x '.repeat(MAX_DOC_CHARS), paragraphs(9, 40).join('\n\n')])!;
    expect(long.partial).toBe(true);
    // What came after the bound is not in the sketch.
    expect(docSimilarity(long.sig, sketchOf([POLICY.join('\n\n'), 'x '.repeat(MAX_DOC_CHARS)])!.sig)).toBe(1);
    expect(sketchOf(POLICY)!.partial).toBeUndefined();
  });

  it('does not sketch a document under MIN_DOC_WORDS words', () => {
    expect(sketchOf(['word '.repeat(MIN_DOC_WORDS - 1)])).toBeUndefined();
    expect(sketchOf(['word '.repeat(MIN_DOC_WORDS)])).toBeDefined();
  });
});

describe('checkNearDuplicateDocument', () => {
  const docs: Record<string, DocSignature> = {
    'rag/policy.md': sketchOf(POLICY)!,
    'rag/policy-2024.md': sketchOf(EDITED)!,
    'rag/pricing.md': sketchOf(paragraphs(3, 15))!,
    'rag/z-archive/policy.md': sketchOf(EDITED)!,
  };
  const flagged = async (order: string[]) => {
    const scan = {};
    const out: Finding[] = [];
    for (const p of order) out.push(...(await checkNearDuplicateDocument(scan, p, docs[p])).findings);
    return out.map((f) => `${f.location?.path} ~ ${f.properties?.copyOf}`).sort();
  };

  it('calls every near copy but the first by path a copy, once, whatever order the documents come in', async () => {
    // policy-2024 sorts before policy.md ('-' < '.'): policy.md is its copy; the archived copy is
    // near both, and named with whichever of them came first.
    const order = Object.keys(docs);
    expect(await flagged(order)).toEqual(['rag/policy.md ~ rag/policy-2024.md', 'rag/z-archive/policy.md ~ rag/policy-2024.md']);
    expect(await flagged([...order].reverse())).toEqual(['rag/policy.md ~ rag/policy-2024.md', 'rag/z-archive/policy.md ~ rag/policy-2024.md']);
    expect(await flagged([order[2]!, order[0]!, order[3]!, order[1]!])).toEqual(['rag/policy.md ~ rag/policy-2024.md', 'rag/z-archive/policy.md ~ rag/policy.md']);
  });

  it('says how alike the two are and why it matters', async () => {
    const scan = {};
    await checkNearDuplicateDocument(scan, 'rag/a.md', docs['rag/policy.md']);
    const [f] = (await checkNearDuplicateDocument(scan, 'rag/b.md', docs['rag/policy-2024.md'])).findings;
    expect(f!.severity).toBe('low');
    expect(f!.message).toMatch(/^rag\/b\.md is a near-duplicate of rag\/a\.md \(about \d\d % of their word 3-shingles shared\).*poisoned/);
    expect(f!.properties).toMatchObject({ indicator: 'near-duplicate-document', copyOf: 'rag/a.md', words: EDITED.join(' ').split(' ').length });
    expect(f!.properties?.partial).toBeUndefined();
  });

  it('does not call a document met twice in one scan a copy of itself', async () => {
    const scan = {};
    await checkNearDuplicateDocument(scan, 'rag/a.md', docs['rag/policy.md']);
    expect((await checkNearDuplicateDocument(scan, 'rag/a.md', docs['rag/policy.md'])).findings).toEqual([]);
  });

  it('says when only the opening of a long document was compared', async () => {
    const scan = {};
    const tail = 'x '.repeat(MAX_DOC_CHARS);
    await checkNearDuplicateDocument(scan, 'rag/a.md', sketchOf([POLICY.join(' '), tail]));
    const [f] = (await checkNearDuplicateDocument(scan, 'rag/b.md', sketchOf([EDITED.join(' ')]))).findings;
    expect(f!.message).toContain('shared in their opening 1 Mi characters (all that is compared)');
    expect(f!.properties?.partial).toBe(true);
  });
});

describe('the data inspector on a RAG corpus', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-near-docs-'));
    await mkdir(path.join(root, 'rag'), { recursive: true });
    await writeFile(path.join(root, 'rag', 'handbook.md'), `# Handbook\n\n${POLICY.join('\n\n')}\n`);
    await writeFile(path.join(root, 'rag', 'handbook.docx'), docxDocument(['Handbook', ...POLICY]));
    await writeFile(path.join(root, 'rag', 'handbook-copy.md'), `# Handbook\n\n${POLICY.join('\n\n')}\n`);
    // A PDF's text comes in lines a page wide.
    const lines = (ps: string[]) => ps.flatMap((p) => p.match(/.{1,80}(?:\s|$)/g)!.map((l) => l.trim()));
    await writeFile(path.join(root, 'rag', 'handbook-new.pdf'), pdfDocument([['Handbook', ...lines(EDITED.slice(0, 8))], lines(EDITED.slice(8))]));
    await writeFile(path.join(root, 'rag', 'pricing.md'), paragraphs(3, 15).join('\n\n'));
    // Two pages of one documentation site: a long shared sidebar, footer and licence comment, and little text of their own.
    const page = (seed: number) => {
      const nav = paragraphs(20, 12).map((p) => `<li><a href="#">${p}</a></li>`).join('');
      return `<html><body><!-- ${paragraphs(21, 2).join(' ')} --><div class="sphinxsidebar" role="navigation"><ul>${nav}</ul></div><nav>${paragraphs(22, 2).join(' ')}</nav><div class="body"><h1>Page</h1><p>${paragraphs(seed, 1, 60)[0]}</p></div><footer>${paragraphs(23, 2).join(' ')}</footer></body></html>`;
    };
    await writeFile(path.join(root, 'rag', 'site-a.html'), page(30));
    await writeFile(path.join(root, 'rag', 'site-b.html'), page(31));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const scan = async (files: string[], options: Record<string, unknown> = {}) => {
    const ctx = { root, options };
    const out: Finding[] = [];
    for (const rel of files) out.push(...((await dataInspector.analyze(await scanFileFor(root, rel), ctx)).findings ?? []));
    return out.filter((f) => /duplicate-(document|file)/.test(String(f.properties?.indicator))).map((f) => `${f.location?.path} ${f.properties?.indicator} ${f.properties?.copyOf}`);
  };

  it('finds the same text in another format and an edited copy, and leaves byte-for-byte copies to the exact check', async () => {
    const files = ['rag/handbook.md', 'rag/handbook.docx', 'rag/handbook-copy.md', 'rag/handbook-new.pdf', 'rag/pricing.md'];
    const want = [
      'rag/handbook-new.pdf near-duplicate-document rag/handbook-copy.md',
      'rag/handbook.docx near-duplicate-document rag/handbook-copy.md',
      'rag/handbook.md duplicate-file rag/handbook-copy.md',
      // Also the same text as the Word document, whichever came first.
      'rag/handbook.md near-duplicate-document rag/handbook.docx',
    ];
    expect((await scan(files)).sort()).toEqual(want);
    expect((await scan([...files].reverse())).sort()).toEqual(want);
    // A PDF's units are pages and Markdown's paragraphs: across formats no paragraph is said to differ.
    const ctx = { root, options: {} };
    const pdf = [];
    for (const rel of ['rag/handbook-copy.md', 'rag/handbook-new.pdf']) pdf.push(...((await dataInspector.analyze(await scanFileFor(root, rel), ctx)).findings ?? []));
    expect(pdf.find((f) => f.properties?.indicator === 'near-duplicate-document')!.properties?.differsAt).toBeUndefined();
  });

  it('compares a web page by its content, not the navigation and footer every page of its site repeats', async () => {
    expect(await scan(['rag/site-a.html', 'rag/site-b.html'])).toEqual([]);
  });

  it('says which paragraphs of an edited copy are not in the original, by line', async () => {
    await mkdir(path.join(root, 'rag', 'policies'), { recursive: true });
    await writeFile(path.join(root, 'rag', 'policies', 'refunds.md'), `# Refunds\n\n${POLICY.join('\n\n')}\n`);
    await writeFile(path.join(root, 'rag', 'policies', 'refunds-v2.md'), `# Refunds\n\n${EDITED.join('\n\n')}\n`);
    const ctx = { root, options: {} };
    const out: Finding[] = [];
    for (const rel of ['rag/policies/refunds.md', 'rag/policies/refunds-v2.md']) out.push(...((await dataInspector.analyze(await scanFileFor(root, rel), ctx)).findings ?? []));
    const [f] = out.filter((x) => x.properties?.indicator === 'near-duplicate-document');
    // refunds-v2.md sorts first ('-' < '.'): refunds.md is called the copy; its paragraph 8 sits at line 3 + 2 · 7.
    expect(f!.location?.path).toBe('rag/policies/refunds.md');
    expect(f!.message).toContain("; 1 of its 16 paragraph(s) not in the original (line 17), 1 of the original's not in it:");
    expect(f!.properties).toMatchObject({ paragraphsChanged: 1, paragraphsRemoved: 1, differsAt: ['line 17'] });
  });

  it('compares the documents of a zipped corpus as it compares files, and records of a tar of shards', async () => {
    await writeFile(path.join(root, 'rag', 'corpus.zip'), zipSync({ 'kb/refunds.md': strToU8(POLICY.join('\n\n')), 'kb/refunds-2024.md': strToU8(EDITED.join('\n\n')), 'kb/pricing.md': strToU8(paragraphs(3, 15).join('\n\n')) }));
    const shard = (k: number) => [...paragraphs(40 + k, 30, 12), 'The same record of twelve words copied into every shard of this set.'].map((t) => JSON.stringify({ text: t })).join('\n');
    await writeFile(path.join(root, 'rag', 'shards.tar'), tarArchive(tarMember('train/part-0.jsonl', shard(0)), tarMember('train/part-1.jsonl', shard(1))));
    const ctx = { root, options: {} };
    const out: Finding[] = [];
    for (const rel of ['rag/corpus.zip', 'rag/shards.tar']) out.push(...((await dataInspector.analyze(await scanFileFor(root, rel), ctx)).findings ?? []));
    // Records copied across shards are reported at the end of the target.
    out.push(...((await dataInspector.finish!(ctx)).findings ?? []));
    const found = out.filter((f) => /near-duplicate-document|cross-file-duplicates/.test(String(f.properties?.indicator))).map((f) => `${f.location?.path} ${f.properties?.indicator} ${f.properties?.copyOf}`);
    expect(found.sort()).toEqual(['rag/corpus.zip!/kb/refunds.md near-duplicate-document rag/corpus.zip!/kb/refunds-2024.md', 'rag/shards.tar!/train/part-1.jsonl cross-file-duplicates rag/shards.tar!/train/part-0.jsonl']);
  });

  it('is part of the poisoning detector: a scan without it compares nothing', async () => {
    expect(await scan(['rag/handbook.md', 'rag/handbook.docx'], { detectors: ['secrets', 'pii'] })).toEqual([]);
  });
});
