import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { YamlTooDeepError, yamlNestedDeeper } from '../../shared/yaml-limit.js';
import type { JsonValue } from '../../../core/asset.js';
import { megabytes } from '../../../core/size.js';

type O = { [k: string]: JsonValue };

/** One Kubernetes object with where it was declared. */
export interface K8sObject {
  obj: O;
  file: string;
  line: number;
  /** Dotted manifest path → line; list items keyed by `name` also appear as `containers[app].image`. */
  lines: Record<string, number>;
}

export interface ParseError {
  path: string;
  line: number;
  message: string;
  /** `limit` when the file was only partly read, `too-large` when not read; a syntax error otherwise. */
  reason?: 'limit' | 'too-large';
}

const MAX_DOCS = 2000;
/** Objects taken from one file (documents plus `List` items): a 100k-item List must not stall the scan. */
export const MAX_OBJECTS = 5000;

/** Line maps of each `items[i]` of a List, by item key, in one pass over `lines` (not one per item). */
function linesByItem(lines: Record<string, number>): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [k, v] of Object.entries(lines)) {
    if (!k.startsWith('items[')) continue;
    const close = k.indexOf(']', 6);
    if (close < 0) continue;
    const rest = k.slice(close + 1).replace(/^\./, '');
    if (!rest) continue;
    const item = k.slice(6, close);
    let m = out.get(item);
    if (!m) out.set(item, (m = {}));
    m[rest] = v;
  }
  return out;
}

function recordLines(n: Node | null | undefined, lc: LineCounter, path: string, out: Record<string, number>, depth: number): void {
  if (!n || depth > 24) return;
  if (isMap(n)) {
    for (const p of n.items) {
      if (!isPair(p) || !isScalar(p.key) || !p.key.range) continue;
      const k = String(p.key.value);
      const full = path ? `${path}.${k}` : k;
      const line = lc.linePos(p.key.range[0]).line;
      if (!(full in out)) out[full] = line;
      // Also the bracket-free path (first occurrence wins), for rules that do not know item names.
      const plain = full.replace(/\[[^\]]*\]/g, '');
      if (plain !== full && !(plain in out)) out[plain] = line;
      recordLines(p.value as Node, lc, full, out, depth + 1);
    }
  } else if (isSeq(n)) {
    n.items.forEach((it, i) => {
      const item = it as Node;
      const name = isMap(item) ? item.get('name') : undefined;
      const key = `${path}[${typeof name === 'string' ? name : i}]`;
      if (item.range && !(key in out)) out[key] = lc.linePos(item.range[0]).line;
      recordLines(item, lc, key, out, depth + 1);
    });
  }
}

/**
 * The largest single YAML document parsed: the `yaml` package's document model costs ~120 bytes of
 * heap per byte (a 14 MB List took 1.7 GB), so each document of a stream is parsed on its own and
 * one past this is reported instead (a rendered chart of 300 manifests is many small documents).
 */
export const MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;

/** One document's text in a multi-document stream, and the 1-based line it starts on. */
interface Piece {
  text: string;
  line: number;
}

/** A line that starts a document: `---`, alone or before content or a comment. */
const DOC_START = /^---(?:[ \t]|$)/;
/** A line that ends a document and starts none: `...`. */
const DOC_END = /^\.\.\.(?:[ \t]|$)/;
/** A line that holds no content: blank, a comment or a directive (`%YAML 1.2`). */
const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)$/;

/**
 * Splits a YAML stream into its documents at `---` and `...` lines at column 0, which the YAML spec
 * says always end the document before (block scalar content is indented, so no value holds one).
 * A stretch of only comments and directives goes with the document after it.
 */
export function documentPieces(text: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  let startLine = 1;
  let lineNo = 1;
  let content = false;
  const cut = (at: number, nextLine: number) => {
    out.push({ text: text.slice(start, at), line: startLine });
    start = at;
    startLine = nextLine;
    content = false;
  };
  for (let i = 0; i < text.length; lineNo++) {
    const nl = text.indexOf('\n', i);
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(i, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (DOC_START.test(line)) {
      if (content) cut(i, lineNo);
      // `--- value` carries content on the marker line itself.
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) content = true;
    } else if (DOC_END.test(line)) {
      if (content) cut(next, lineNo + 1);
    } else if (!NO_CONTENT.test(line)) content = true;
    i = next;
  }
  // Trailing comments, or a stream of nothing else: with the last document, or a piece of their own.
  if (start < text.length) {
    if (content || !out.length) out.push({ text: text.slice(start), line: startLine });
    else out[out.length - 1]!.text += text.slice(start);
  }
  return out;
}

/**
 * Parses a multi-document manifest (Helm-rendered output included); `List` kinds are unrolled.
 * Each document is parsed on its own (bounded memory); one over MAX_DOCUMENT_CHARS, nested too
 * deep or with a syntax error is reported naming the file and line, and the others are kept.
 */
export function parseManifests(text: string, file: string): { objects: K8sObject[]; errors: ParseError[] } {
  const objects: K8sObject[] = [];
  const errors: ParseError[] = [];
  const pieces = documentPieces(text);
  // Past the cap the rest of the file is not read: said, so it is not called clean.
  if (pieces.length > MAX_DOCS) errors.push({ path: file, line: 1, reason: 'limit', message: `${file}: ${pieces.length} YAML documents, over the Kubernetes analyzer's ${MAX_DOCS}; only the first ${MAX_DOCS} were read` });
  for (const piece of pieces.slice(0, MAX_DOCS)) {
    if (piece.text.length > MAX_DOCUMENT_CHARS) {
      errors.push({ path: file, line: piece.line, reason: 'too-large', message: `${file}:${piece.line}: a ${megabytes(piece.text.length)} YAML document, over the Kubernetes analyzer's ${MAX_DOCUMENT_CHARS / 1048576} MB per document; not parsed (the file's other documents were)` });
      continue;
    }
    if (yamlNestedDeeper(piece.text)) {
      errors.push({ path: file, line: piece.line, message: `${file}:${piece.line}: ${new YamlTooDeepError().message}` });
      continue;
    }
    parsePiece(piece, file, objects, errors);
  }
  return { objects, errors };
}

/** Parses one document's text, adding its objects (a List's items unrolled) and errors, lines counted from the file's start. */
function parsePiece(piece: Piece, file: string, objects: K8sObject[], errors: ParseError[]): void {
  const lc = new LineCounter();
  const at = (offset: number) => lc.linePos(offset).line + piece.line - 1;
  const docs = parseAllDocuments(piece.text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const line = at(e.pos[0]);
      errors.push({ path: file, line, message: `${file}:${line}: ${e.message.split('\n')[0]}` });
      continue;
    }
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ path: file, line: piece.line, message: `${file}: ${(e as Error).message}` });
      continue;
    }
    if (!js || typeof js !== 'object' || Array.isArray(js)) continue;
    const o = js as O;
    const lines: Record<string, number> = {};
    recordLines(doc.contents as Node, lc, '', lines, 0);
    if (piece.line > 1) for (const k in lines) lines[k]! += piece.line - 1;
    const line = doc.contents?.range ? at(doc.contents.range[0]) : piece.line;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      const byItem = linesByItem(lines);
      const room = MAX_OBJECTS - objects.length;
      if (o.items.length > room) {
        errors.push({ path: file, line, reason: 'limit', message: `${file}:${line}: ${o.kind} has ${o.items.length} items; only the first ${Math.max(room, 0)} were read (limit ${MAX_OBJECTS} objects per file)` });
      }
      o.items.slice(0, Math.max(room, 0)).forEach((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return;
        objects.push({ obj: item as O, file, line: lines[`items[${i}]`] ?? line, lines: byItem.get(String(i)) ?? {} });
      });
    } else if (typeof o.kind === 'string' && typeof o.apiVersion === 'string') {
      objects.push({ obj: o, file, line, lines });
    }
  }
}
