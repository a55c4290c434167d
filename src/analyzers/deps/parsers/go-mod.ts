import type { ParseResult, ParsedDep } from '../types.js';

/** go.mod: `require` lines and blocks; `// indirect` marks transitive requirements. */
export function parseGoMod(text: string): ParseResult {
  const deps: ParsedDep[] = [];
  const lines = text.split(/\r?\n/);
  let inRequire = false;
  const req = (body: string, line: number) => {
    const m = /^\s*(\S+)\s+(v\S+)(\s*\/\/.*)?$/.exec(body);
    if (!m) return;
    deps.push({ ecosystem: 'golang', name: m[1]!.replace(/^"|"$/g, ''), version: m[2]!, direct: !/\/\/\s*indirect/.test(m[3] ?? ''), line });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (inRequire) {
      if (l.startsWith(')')) inRequire = false;
      else if (l && !l.startsWith('//')) req(l, i + 1);
      continue;
    }
    if (/^require\s*\($/.test(l)) inRequire = true;
    else if (l.startsWith('require ')) req(l.slice('require '.length), i + 1);
  }
  if (!deps.length && text.trim() && !/^\s*module\s+\S+/m.test(text)) throw new Error('no module directive');
  return { deps };
}
