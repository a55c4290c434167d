import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { YamlTooDeepError, yamlNestedDeeper } from '../../shared/yaml-limit.js';
import type { JsonValue } from '../../../core/asset.js';

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
 * Parses a multi-document manifest (Helm-rendered output included); `List` kinds are unrolled.
 * A syntax error names the file and line and the readable documents are kept.
 */
export function parseManifests(text: string, file: string): { objects: K8sObject[]; errors: ParseError[] } {
  if (yamlNestedDeeper(text)) return { objects: [], errors: [{ path: file, line: 1, message: `${file}: ${new YamlTooDeepError().message}` }] };
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const objects: K8sObject[] = [];
  const errors: ParseError[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  // Past the cap the rest of the file is not read: said, so it is not called clean.
  if (list.length > MAX_DOCS) errors.push({ path: file, line: 1, reason: 'limit', message: `${file}: ${list.length} YAML documents, over the Kubernetes analyzer's ${MAX_DOCS}; only the first ${MAX_DOCS} were read` });
  for (const doc of list.slice(0, MAX_DOCS)) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const line = lc.linePos(e.pos[0]).line;
      errors.push({ path: file, line, message: `${file}:${line}: ${e.message.split('\n')[0]}` });
      continue;
    }
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ path: file, line: 1, message: `${file}: ${(e as Error).message}` });
      continue;
    }
    if (!js || typeof js !== 'object' || Array.isArray(js)) continue;
    const o = js as O;
    const lines: Record<string, number> = {};
    recordLines(doc.contents as Node, lc, '', lines, 0);
    const line = doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : 1;
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
  return { objects, errors };
}
