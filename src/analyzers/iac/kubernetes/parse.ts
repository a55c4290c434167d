import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
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
}

const MAX_DOCS = 2000;

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
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const objects: K8sObject[] = [];
  const errors: ParseError[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
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
      o.items.forEach((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return;
        const sub: Record<string, number> = {};
        for (const [k, v] of Object.entries(lines)) {
          const m = new RegExp(`^items\\[${i}\\]\\.?(.*)$`).exec(k) ?? new RegExp(`^items\\[[^\\]]*\\]\\.?(.*)$`).exec(k);
          if (m && k.startsWith(`items[${i}]`) && m[1]) sub[m[1]] = v;
        }
        objects.push({ obj: item as O, file, line: lines[`items[${i}]`] ?? line, lines: sub });
      });
    } else if (typeof o.kind === 'string' && typeof o.apiVersion === 'string') {
      objects.push({ obj: o, file, line, lines });
    }
  }
  return { objects, errors };
}
