import { fileAssetId, makeFinding, type Finding, type ScanIssue } from '../../core/index.js';
import { DOC_BANDS, docBandKeys, docSimilarity, MAX_DOC_CHARS, type DocSignature, type DocUnits } from './doc-sketch.js';
import { identicalFiles } from './duplicate-files.js';
import { duplicateRule } from './rules.js';

/**
 * Documents of one scan that are near-duplicates of each other: a RAG corpus holding a policy and
 * an edited copy of it (PoisonedRAG-style: the copy says something else where it was changed, and
 * retrieval may return either), the same report as a PDF and as Markdown, a page saved twice with
 * other wrapping. `duplicate-files.ts` finds byte-for-byte copies; this finds the same text in
 * other bytes and texts that differ in part, from each document's sketch (`doc-sketch.ts`).
 *
 * As with exact copies, which files are called copies does not depend on the order files are met:
 * of two near-duplicates the one later by path is, and it is reported once. Pairs that are the
 * same bytes are left to the exact check; a file can be both an exact copy of one file and a near
 * copy of another (the same text as Markdown twice and as a Word document).
 */

/** Estimated word 3-shingle Jaccard from which two documents are near-duplicates. */
export const NEAR_DOC_JACCARD = 0.8;
/** Documents held per scan: a 256-byte sketch, 16 band links and their map entries — ~1.1 KB each (bench/data-across-files.ts: 67 MB for 60,000). */
const MAX_DOCS = 1 << 16;
/** Paragraph keys held per scan for saying where copies differ (12 bytes and a label each: ~32 MB). */
const MAX_HELD_UNITS = 1 << 20;
/** Earlier documents a document is compared with at most (documents much alike, a template's pages, share bands). */
const MAX_CANDIDATES = 512;

interface Doc {
  path: string;
  sketch: DocSignature;
}

interface Registry {
  docs: Doc[];
  /** Paragraph keys held (DocUnits), against MAX_HELD_UNITS. */
  units: number;
  /** Band key → the last document holding it; `next[doc · DOC_BANDS + band]` → the one before (-1: none). */
  heads: Map<number, number>;
  next: Int32Array;
  /** Paths reported as near copies. */
  flagged: Set<string>;
  /** Whether the "too many documents" issue was given. */
  full: boolean;
}

/** Per scan context (one per target and scan): dropped with it. */
const registries = new WeakMap<object, Registry>();
const keys = new Int32Array(DOC_BANDS);

/**
 * Registers a document's sketch and returns the findings it settles: on this document when an
 * earlier one with a smaller path is a near-duplicate of it, or on such earlier documents whose
 * path is larger than this one's.
 */
export async function checkNearDuplicateDocument(scan: object, path: string, sketch: DocSignature | undefined): Promise<{ findings: Finding[]; issues: ScanIssue[] }> {
  const out = { findings: [] as Finding[], issues: [] as ScanIssue[] };
  if (!sketch) return out;
  let reg = registries.get(scan);
  if (!reg) registries.set(scan, (reg = { docs: [], units: 0, heads: new Map(), next: new Int32Array(16 * DOC_BANDS), flagged: new Set(), full: false }));
  if (reg.docs.length >= MAX_DOCS) {
    if (!reg.full) out.issues.push({ path, reason: 'limit', message: `${path}: over ${MAX_DOCS} documents of this scan are held for the near-duplicate check; it and later documents are checked for exact copies only`, source: 'data' });
    reg.full = true;
    return out;
  }
  docBandKeys(sketch.sig, keys);
  const near: { doc: Doc; similarity: number }[] = [];
  const seen = new Set<number>();
  for (let b = 0; b < DOC_BANDS && seen.size < MAX_CANDIDATES; b++) {
    if (!keys[b]) continue;
    for (let d = reg.heads.get(keys[b]!) ?? -1; d >= 0 && seen.size < MAX_CANDIDATES; d = reg.next[d * DOC_BANDS + b]!) {
      if (seen.has(d)) continue;
      seen.add(d);
      const doc = reg.docs[d]!;
      const similarity = docSimilarity(doc.sketch.sig, sketch.sig);
      if (similarity >= NEAR_DOC_JACCARD) near.push({ doc, similarity });
    }
  }
  // Past the scan's budget of paragraph keys a document is still compared, but cannot say where it differs.
  if (sketch.units && reg.units + sketch.units.keys.length > MAX_HELD_UNITS) {
    const { units: _dropped, ...rest } = sketch;
    sketch = rest;
  }
  reg.units += sketch.units?.keys.length ?? 0;
  register(reg, { path, sketch });
  // The closest first: a copy is named with the original it is nearest to.
  near.sort((x, y) => y.similarity - x.similarity || (x.doc.path < y.doc.path ? -1 : 1));
  for (const { doc, similarity } of near) {
    // The same path met twice in one scan is no pair.
    if (doc.path === path) continue;
    const [copy, original] = path > doc.path ? [path, doc.path] : [doc.path, path];
    // Byte-for-byte copies are `duplicate-files.ts`'s to report (it has hashed both by now).
    if (reg.flagged.has(copy) || (similarity >= 1 && (await identicalFiles(scan, path, doc.path)))) continue;
    // Tested again after the wait: another document's check may have reported this copy meanwhile.
    if (reg.flagged.has(copy)) continue;
    reg.flagged.add(copy);
    const [copySketch, originalSketch] = copy === path ? [sketch, doc.sketch] : [doc.sketch, sketch];
    out.findings.push(nearCopyFinding(copy, original, similarity, copySketch, originalSketch));
  }
  return out;
}

function register(reg: Registry, doc: Doc): void {
  const d = reg.docs.length;
  reg.docs.push(doc);
  if ((d + 1) * DOC_BANDS > reg.next.length) {
    const grown = new Int32Array(reg.next.length * 2);
    grown.set(reg.next);
    reg.next = grown;
  }
  for (let b = 0; b < DOC_BANDS; b++) {
    const key = keys[b]!;
    if (!key) {
      reg.next[d * DOC_BANDS + b] = -1;
      continue;
    }
    reg.next[d * DOC_BANDS + b] = reg.heads.get(key) ?? -1;
    reg.heads.set(key, d);
  }
}

function nearCopyFinding(copy: string, original: string, similarity: number, sketch: DocSignature, originalSketch: DocSignature): Finding {
  const partial = sketch.partial === true || originalSketch.partial === true;
  const opening = partial ? ` in their opening ${MAX_DOC_CHARS / (1 << 20)} Mi characters (all that is compared)` : '';
  // Paragraphs compare within one format only: a PDF's units are pages, a Markdown file's paragraphs.
  const diff = formatOf(copy) === formatOf(original) ? differences(sketch.units, originalSketch.units) : undefined;
  const where = diff ? `; ${diff.words}` : '';
  const what =
    similarity >= 1
      ? `${copy} holds the same text as ${original}${opening}, or text that differs in a few words only (every sketched word 3-shingle alike)${where}: another format or wrapping of one document, which a RAG index built from both returns twice, or a copy edited in a word or two — compare the two before indexing`
      : `${copy} is a near-duplicate of ${original} (about ${Math.round(similarity * 100)} % of their word 3-shingles shared${opening})${where}: a RAG index built from both returns near-identical chunks, which disagree wherever one was edited — pages generated from one template, or an altered copy of a trusted page, which is how retrieval is poisoned; compare the two before indexing`;
  return makeFinding(duplicateRule, {
    assetId: fileAssetId('dataset', copy),
    location: { path: copy },
    message: what,
    evidenceKey: `near-copy|${copy}`,
    properties: { indicator: 'near-duplicate-document', copyOf: original, similarity: Number(similarity.toFixed(2)), words: sketch.words, ...(partial ? { partial: true } : {}), ...(diff?.properties ?? {}) },
  });
}

/** A file's format as its name says (`.md`, `.txt.gz` → `.txt`). */
function formatOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase().replace(/\.(?:gz|zst|bz2|xz)$/, '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

/** Places listed in a finding where the copy differs. */
const MAX_PLACES = 5;

/**
 * Where a near copy differs from its original, by paragraph (case and spacing aside): the copy's
 * paragraphs the original lacks (listed by place, the first MAX_PLACES), and how many of the
 * original's the copy lacks. Undefined when either kept no paragraphs, or they share every one
 * (the difference is then inside a paragraph's spacing, or past the paragraphs kept).
 */
function differences(copy: DocUnits | undefined, original: DocUnits | undefined): { words: string; properties: Record<string, unknown> } | undefined {
  if (!copy || !original) return undefined;
  const inOriginal = new Set(original.keys);
  const inCopy = new Set(copy.keys);
  const changed: string[] = [];
  let added = 0;
  for (let i = 0; i < copy.keys.length; i++) {
    if (inOriginal.has(copy.keys[i]!)) continue;
    added++;
    if (changed.length < MAX_PLACES && copy.where[i]) changed.push(copy.where[i]!);
  }
  let removed = 0;
  for (const k of original.keys) if (!inCopy.has(k)) removed++;
  if (!added && !removed) return undefined;
  const of = `${added} of its ${copy.keys.length}${copy.cut ? ' first' : ''} paragraph(s) not in the original`;
  const places = changed.length ? ` (${changed.join(', ')}${added > changed.length ? ', …' : ''})` : '';
  const gone = removed ? `, ${removed} of the original's not in it` : '';
  return { words: `${of}${places}${gone}`, properties: { paragraphsChanged: added, paragraphsRemoved: removed, differsAt: changed } };
}
