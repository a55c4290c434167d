import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { BlockLines } from './lines.js';
import type { TfFile, TfParseError } from './hcl.js';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
/** A block body in JSON syntax is an object, or an array of them when repeated. */
const bodies = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/**
 * Terraform's JSON syntax (`*.tf.json`) in the shape the HCL parser gives (`resource.type.name =
 * [body]`, `locals = [ {...} ]`), so the evaluator reads both alike; expressions are the same
 * `${…}` strings. Lines come from the JSON source: blocks at their name key, attributes at theirs.
 */
export function parseTfJson(reportPath: string, text: string): TfFile | TfParseError {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    const line = lc.linePos(doc.errors[0]!.pos[0]).line;
    return { path: reportPath, line, message: `${reportPath}:${line}: ${doc.errors[0]!.message.split('\n')[0]}` };
  }
  const raw = asObj(doc.toJS());
  if (!raw) return { path: reportPath, line: 1, message: `${reportPath}:1: a Terraform JSON file must hold an object` };
  const json: Obj = {};
  for (const [kind, v] of Object.entries(raw)) {
    if (kind === 'resource' || kind === 'data') {
      const byType: Obj = {};
      for (const [type, byName] of Object.entries(asObj(v) ?? {})) {
        const names: Obj = {};
        for (const [name, body] of Object.entries(asObj(byName) ?? {})) names[name] = bodies(body);
        byType[type] = names;
      }
      json[kind] = byType;
    } else if (kind === 'variable' || kind === 'module' || kind === 'output') {
      json[kind] = Object.fromEntries(Object.entries(asObj(v) ?? {}).map(([name, body]) => [name, bodies(body)]));
    } else if (kind === 'locals') json.locals = bodies(v);
    else json[kind] = v;
  }
  return { path: reportPath, json, lines: new Map(jsonLines(doc.contents as Node, lc).map((b) => [b.key, b])) };
}

/** Block and attribute lines from the JSON node tree (first occurrence of a path wins, as for HCL). */
function jsonLines(root: Node | null | undefined, lc: LineCounter): BlockLines[] {
  const out: BlockLines[] = [];
  const line = (n: Node | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : 1);
  const attrs = (n: unknown, prefix: string, into: Record<string, number>, depth: number) => {
    if (!isMap(n) || depth > 12) return;
    for (const p of n.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const path = prefix ? `${prefix}.${String(p.key.value)}` : String(p.key.value);
      if (!(path in into)) into[path] = line(p.key as Node);
      const vals = isMap(p.value) ? [p.value] : ((p.value as { items?: unknown[] } | null)?.items ?? []);
      for (const v of vals) attrs(v, path, into, depth + 1);
    }
  };
  if (!isMap(root)) return out;
  for (const top of root.items) {
    if (!isPair(top) || !isScalar(top.key) || !isMap(top.value)) continue;
    const kind = String(top.key.value);
    const named = (key: string, keyNode: Node, body: unknown) => {
      const b: BlockLines = { key, line: line(keyNode), attrs: {} };
      for (const v of isMap(body) ? [body] : ((body as { items?: unknown[] } | null)?.items ?? [])) attrs(v, '', b.attrs, 0);
      out.push(b);
    };
    for (const p of top.value.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      if (kind === 'resource' || kind === 'data') {
        if (!isMap(p.value)) continue;
        for (const q of p.value.items) if (isPair(q) && isScalar(q.key)) named(`${kind}.${String(p.key.value)}.${String(q.key.value)}`, q.key as Node, q.value);
      } else if (kind === 'module' || kind === 'variable' || kind === 'output') named(`${kind}.${String(p.key.value)}`, p.key as Node, p.value);
    }
  }
  return out;
}
