import YAML from 'yaml';
import { assertYamlSize } from '../shared/yaml-limit.js';

/** One setting found in a config file: its key path (as an env-style name), its value and line. */
export interface Setting {
  /** The variable or key as written (`OPENAI_API_KEY`, `openai.api_key`). */
  key: string;
  /** Env-style candidates for the key: `openai.apiKey` → `OPENAI_API_KEY`, `API_KEY`. */
  names: string[];
  value: string;
  line?: number;
}

/** `apiKey` → `API_KEY`, `api-key` → `API_KEY`. */
export function envStyle(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

/**
 * `KEY=value  # note` → `value`: cut at the first `#` after white space. A scan for `#`, because the
 * regex `/\s+#.*$/` retried every start in a run of spaces (a minute for one 200k-space line).
 */
export function dropInlineComment(v: string): string {
  // As in the regex, the comment must run to the end without a line break (`.` stops at `\r`).
  const brk = Math.max(v.lastIndexOf('\r'), v.lastIndexOf('\n'), v.lastIndexOf('\u2028'), v.lastIndexOf('\u2029'));
  for (let i = v.indexOf('#', Math.max(1, brk + 1)); i > 0; i = v.indexOf('#', i + 1)) if (/\s/.test(v[i - 1]!)) return v.slice(0, i).trimEnd();
  return v;
}

/**
 * `.env`, `.envrc` and Java `.properties`: `[export] KEY=VALUE` lines, quotes stripped, inline
 * comments after unquoted values dropped. Multi-line quoted values keep their first line only.
 */
export function readEnvLines(text: string): Setting[] {
  const out: Setting[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/.exec(lines[i]!);
    if (!m || lines[i]!.trimStart().startsWith('#') || lines[i]!.trimStart().startsWith('!')) continue;
    let v = m[2]!.trim();
    const q = v[0];
    if ((q === '"' || q === "'") && v.lastIndexOf(q) > 0) v = v.slice(1, v.lastIndexOf(q));
    else v = dropInlineComment(v);
    const key = m[1]!;
    const parts = key.split(/[.]/).map(envStyle).filter(Boolean);
    const names = [envStyle(key)];
    for (let k = Math.min(3, parts.length); k >= 1; k--) names.push(parts.slice(-k).join('_'));
    out.push({ key, names: [...new Set(names)], value: v, line: i + 1 });
  }
  return out;
}

/**
 * Env-style names for a key path, last 3 segments down to 1, each segment both camel-split and
 * plain (`OpenAI.ApiKey` → `OPEN_AI_API_KEY`, `OPENAI_API_KEY`, …), most specific first.
 */
export function keyCandidates(path: readonly string[]): string[] {
  const variants = path.slice(-3).map((seg) => [...new Set([envStyle(seg), seg.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()])].filter(Boolean));
  const out: string[] = [];
  for (let start = 0; start < variants.length; start++) {
    let combos: string[] = [''];
    for (const vs of variants.slice(start)) combos = combos.flatMap((c) => vs.map((v) => (c ? `${c}_${v}` : v)));
    out.push(...combos);
  }
  return [...new Set(out)];
}

export const MAX_NODES = 50_000;
export const MAX_DEPTH = 32;

/**
 * Leaves of a YAML or JSON config with their key paths, as settings. Lines come from the YAML
 * CST for YAML (JSON is YAML, so one reader serves both). Bounded: depth 32, 50k nodes.
 */
export function readStructured(text: string): Setting[] {
  return readStructuredBounded(text).settings;
}

/** `readStructured` plus what its bounds left out, so the caller can report it. */
export function readStructuredBounded(text: string): { settings: Setting[]; skipped: { tooDeep: number; overNodes: boolean } } {
  assertYamlSize(text);
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, lineCounter: lc });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const out: Setting[] = [];
  let nodes = 0;
  const skipped = { tooDeep: 0, overNodes: false };
  const visit = (node: unknown, path: string[], depth: number) => {
    if (!node) return;
    if (depth > MAX_DEPTH) {
      skipped.tooDeep++;
      return;
    }
    if (++nodes > MAX_NODES) {
      skipped.overNodes = true;
      return;
    }
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const k = YAML.isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k !== undefined) visit(pair.value, [...path, k], depth + 1);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        // `- OPENAI_API_KEY=…` (compose-style env lists) are settings too.
        if (YAML.isScalar(item) && typeof item.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(item.value)) {
          const [k, ...rest] = item.value.split('=');
          out.push({ key: k!, names: [envStyle(k!)], value: rest.join('='), ...(item.range ? { line: lc.linePos(item.range[0]).line } : {}) });
        } else visit(item, [...path, String(i)], depth + 1);
      });
    } else if (YAML.isScalar(node) && path.length) {
      const v = node.value;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
      const names = keyCandidates(path.filter((p) => !/^\d+$/.test(p)));
      // `{ name: OPENAI_API_KEY, value: … }` (Kubernetes-style env entries) names the variable.
      out.push({ key: path.join('.'), names, value: String(v), ...(node.range ? { line: lc.linePos(node.range[0]).line } : {}) });
    }
  };
  visit(doc.contents, [], 0);
  return { settings: out, skipped };
}
