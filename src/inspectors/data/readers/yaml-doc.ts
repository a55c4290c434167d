import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { recordOf, type Leaf } from './json.js';
import { MAX_DEPTH, MAX_LEAVES } from './json-paths.js';
import type { DataRow, TextCell } from './types.js';
import { YAML_ROW_KEYS } from './yaml-head.js';

/**
 * A YAML document in a data folder read as records: Rasa's `nlu.yml` (intents and their example
 * utterances), promptfoo's test cases, an instruction set kept as YAML, multi-document streams.
 * Records are found as in a JSON document (a top-level list, or a list under `data`, `examples`,
 * `nlu`, `tests` …); each scalar is a cell with its field path and its exact place in the file.
 * A Rasa intent's examples are a record each, labelled with the intent.
 *
 * The walk reads the parsed node tree, never `toJS()`: an alias is not expanded (a billion-laughs
 * document costs its own size), and every scalar keeps its source range, so a literal block's hit
 * is placed on its own line. Bounded like JSON records: MAX_LEAVES values and MAX_DEPTH levels a
 * record; past either, the rest of that record is not taken and the reader says so.
 */

interface YamlLeaf extends Leaf {
  cell: TextCell;
}

/** Rows of a YAML stream; `problems` receives what the parser could not read (the rest is still read). */
export function* yamlDocumentRows(raw: string, problems: string[]): Generator<DataRow> {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(raw, { lineCounter: lines, uniqueKeys: false, strict: false, prettyErrors: false });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  for (const d of docs) {
    const e = d.errors[0];
    if (e) problems.push(`invalid YAML at line ${lines.linePos(e.pos[0]).line} (${e.message.split('\n')[0]}); the rest of that document may be unread`);
  }
  const walker = new LeafWalker(raw, lines, problems);
  const withContent = docs.filter((d) => d.contents !== null);
  // A stream of several documents (`---` between them): each is a record, unless it holds a list of them.
  let row = 0;
  for (const d of withContent) {
    const items = recordNodes(d.contents as Node);
    if (!items) {
      const ls = walker.leaves(d.contents as Node, '');
      if (withContent.length > 1) yield recordRow(++row, ls);
      else yield { cells: ls.map((l) => l.cell) };
      continue;
    }
    for (const { path, node } of items) {
      const examples = rasaExamples(node, path, walker);
      if (examples) for (const r of examples) yield { ...r, row: ++row };
      else yield recordRow(++row, walker.leaves(node, path));
    }
  }
}

/**
 * A Rasa intent (`- intent: greet` with `examples: |` listing `- hey there` lines) is a set of
 * training examples, each labelled with the intent: a row and a record per example, so the same
 * utterance listed under two intents is found as duplicates whose labels conflict (as Rasa's own
 * data validation warns). Undefined when the node is not such an intent.
 */
function rasaExamples(node: Node, path: string, walker: LeafWalker): DataRow[] | undefined {
  if (!isMap(node)) return undefined;
  const intent = node.get('intent', true);
  const examples = node.get('examples', true);
  if (!isScalar(intent) || typeof intent.value !== 'string' || !isScalar(examples) || examples.type !== 'BLOCK_LITERAL') return undefined;
  const block = walker.leaves(examples, `${path}.examples`)[0]?.cell;
  const spans = block?.spans;
  if (!block || !spans) return undefined;
  const label = intent.value;
  const rows: DataRow[] = [];
  for (let k = 0; k < spans.length; k += 3) {
    const from = spans[k]!;
    const nl = block.text.indexOf('\n', from);
    const m = /^(\s*-\s+)(.*\S)\s*$/.exec(block.text.slice(from, nl < 0 ? block.text.length : nl));
    if (!m) continue;
    const line = spans[k + 1]!;
    const cell: TextCell = { text: m[2]!, field: `${path}.examples[${rows.length}]`, line, column: spans[k + 2]! + m[1]!.length, verbatim: true };
    rows.push({ cells: [cell], record: { text: cell.text, label, line } });
  }
  return rows.length ? rows : undefined;
}

function recordRow(row: number, ls: YamlLeaf[]): DataRow {
  const cells = ls.map((l) => l.cell);
  const rec = recordOf(ls);
  return rec ? { row, cells, record: { ...rec, line: cells[0]?.line } } : { row, cells };
}

/** The record nodes of a document: a top-level list, or a list of maps under a conventional key. */
function recordNodes(n: Node): { path: string; node: Node }[] | undefined {
  if (isSeq(n)) return n.items.flatMap((node, i) => (node && typeof node === 'object' ? [{ path: `[${i}]`, node: node as Node }] : []));
  if (!isMap(n)) return undefined;
  for (const k of YAML_ROW_KEYS) {
    const v = n.get(k, true);
    if (isSeq(v) && v.items.length && isMap(v.items[0])) return v.items.flatMap((node, i) => (node && typeof node === 'object' ? [{ path: `${k}[${i}]`, node: node as Node }] : []));
  }
  return undefined;
}

/** Walks a node's scalars in document order into cells that know their place in the file. */
class LeafWalker {
  private capped = false;

  constructor(
    private readonly raw: string,
    private readonly lines: LineCounter,
    private readonly problems: string[],
  ) {}

  leaves(node: Node, prefix: string): YamlLeaf[] {
    const out: YamlLeaf[] = [];
    this.walk(node, prefix, '', 0, out);
    return out;
  }

  private walk(node: unknown, path: string, key: string, depth: number, out: YamlLeaf[]): void {
    if (out.length >= MAX_LEAVES || depth > MAX_DEPTH) {
      if (!this.capped) {
        this.capped = true;
        this.problems.push(`a record with more than ${MAX_LEAVES} values or deeper than ${MAX_DEPTH} levels: the rest of it was not read`);
      }
      return;
    }
    if (isScalar(node)) {
      const cell = this.cell(node, path);
      if (cell) out.push({ path, value: cell.text, key, cell });
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) this.walk(node.items[i], `${path}[${i}]`, key, depth + 1, out);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        // A complex key (a map as a key) is rare and has no path name: its scalars are still read.
        if (!isScalar(pair.key) && pair.key) this.walk(pair.key, path, key, depth + 1, out);
        this.walk(pair.value, path ? `${path}.${k}` : k, k, depth + 1, out);
      }
    }
    // An alias (`*anchor`) is not followed: its anchor's values were read where they stand.
  }

  /** A scalar as a cell; strings and numbers only (a boolean or null carries no text). */
  private cell(s: Scalar, field: string): TextCell | undefined {
    const v = s.value;
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? (s.source ?? String(v)) : undefined;
    if (text === undefined || text === '' || !s.range) return undefined;
    const [start, valueEnd] = s.range;
    const pos = this.lines.linePos(start);
    const cell: TextCell = { text, field, line: pos.line, column: pos.col, verbatim: false };
    const quoted = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE';
    const body = quoted ? this.raw.slice(start + 1, valueEnd - 1) : this.raw.slice(start, valueEnd);
    if (body === text) {
      // As written (a plain or quoted scalar needing no escapes): offsets inside it are exact.
      cell.verbatim = true;
      if (quoted) cell.column = pos.col + 1;
    } else if (s.type === 'BLOCK_LITERAL') {
      cell.spans = this.literalSpans(text, start, valueEnd);
    }
    return cell;
  }

  /**
   * A literal block (`|`) keeps each source line as a line of its value, less the indentation:
   * value line k is the end of source line k after the indicator's, so each gets a stretch of its
   * own and a hit is placed on its own line and column. Checked as it goes; on any mismatch the
   * lines already matched keep their stretches and the rest fall to the last one.
   */
  private literalSpans(text: string, start: number, end: number): number[] | undefined {
    const raw = this.raw;
    const spans: number[] = [];
    let lineStart = raw.indexOf('\n', start) + 1;
    for (let from = 0; lineStart > 0 && lineStart < end && from < text.length; ) {
      const nl = text.indexOf('\n', from);
      const valueLine = text.slice(from, nl < 0 ? text.length : nl);
      let lineEnd = raw.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = raw.length;
      const contentEnd = raw.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      if (valueLine) {
        const at = contentEnd - valueLine.length;
        if (at < lineStart || !raw.startsWith(valueLine, at)) break;
        const p = this.lines.linePos(at);
        spans.push(from, p.line, p.col);
      }
      if (nl < 0) break;
      from = nl + 1;
      lineStart = lineEnd + 1;
    }
    return spans.length ? spans : undefined;
  }
}
