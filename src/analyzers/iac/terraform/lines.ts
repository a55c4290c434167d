/**
 * Line numbers for Terraform: hcl2json loses them, so a light scan of the source finds each
 * top-level block (`resource "t" "n" {`) and, inside it, the line of every attribute and nested
 * block as a dotted path (`content_policy_config.filters_config.type`). Braces inside strings,
 * heredocs and comments are skipped. The first occurrence of a repeated path wins.
 */
export interface BlockLines {
  /** `resource.aws_s3_bucket.b`, `module.vpc`, `data.aws_iam_policy_document.p`. */
  key: string;
  line: number;
  attrs: Record<string, number>;
}

const TOP = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"\s*\{|^\s*(module|variable|output)\s+"([^"]+)"\s*\{|^\s*(locals|terraform|provider)\b[^{]*\{/;
const ATTR = /^\s*("?[A-Za-z_][\w-]*"?)\s*(=(?!=)|\{)/;
const NESTED = /^\s*([A-Za-z_][\w-]*)(\s+"[^"]*")*\s*\{/;

/** Scans one .tf file; returns its top-level blocks with attribute lines. */
export function scanTerraformLines(src: string): BlockLines[] {
  const lines = src.split('\n');
  const out: BlockLines[] = [];
  let cur: BlockLines | undefined;
  const stack: { name: string; openDepth: number }[] = [];
  let depth = 0;
  let heredoc: string | null = null;
  let inComment = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (heredoc) {
      if (line.trim() === heredoc) heredoc = null;
      continue;
    }
    if (inComment) {
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (depth === 0) {
      const m = TOP.exec(line);
      if (m) {
        const key = m[1] ? `${m[1]}.${m[2]}.${m[3]}` : m[4] ? `${m[4]}.${m[5]}` : m[6]!;
        cur = { key, line: n + 1, attrs: {} };
        out.push(cur);
        stack.length = 0;
      }
    } else if (cur) {
      const path = stack.map((s) => s.name).filter(Boolean).join('.');
      const nested = NESTED.exec(line);
      const attr = ATTR.exec(line);
      // `dynamic "x" {` declares the blocks `x`: its line is where `x` is written.
      const dynName = /^\s*dynamic\s+"([^"]+)"/.exec(line)?.[1];
      const name = dynName ?? (nested?.[1] ?? attr?.[1] ?? '').replace(/"/g, '');
      if (name && name !== 'dynamic' && name !== 'content') {
        const full = path ? `${path}.${name}` : name;
        if (!(full in cur.attrs)) cur.attrs[full] = n + 1;
      }
      if (nested && line.trimEnd().endsWith('{')) {
        // dynamic "x" { content { … } } : attributes inside land on `x`.
        const dyn = /^\s*dynamic\s+"([^"]+)"/.exec(line);
        stack.push({ name: dyn ? dyn[1]! : nested[1] === 'content' ? '' : nested[1]!, openDepth: depth });
      } else if (attr && attr[2] === '{' && !line.includes('}')) {
        stack.push({ name, openDepth: depth });
      } else if (attr && attr[2] === '=' && /[{[(]\s*$/.test(line.trimEnd())) {
        stack.push({ name, openDepth: depth });
      }
    }
    const hd = /<<-?\s*([A-Z_][A-Z0-9_]*)\s*$/.exec(line);
    depth += braceDelta(line);
    if (depth < 0) depth = 0;
    // A nested block's entry leaves the path once the depth falls back to where it opened.
    while (stack.length && stack[stack.length - 1]!.openDepth >= depth) stack.pop();
    if (depth === 0) cur = undefined;
    if (hd) heredoc = hd[1]!;
    if (/^\s*\/\*/.test(line) && !line.includes('*/')) inComment = true;
  }
  return out;
}

/** Net `{[(` minus `}])` on a line, outside strings and comments. */
function braceDelta(line: string): number {
  let d = 0;
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '\\') i++;
      else if (c === '"') q = false;
      continue;
    }
    if (c === '"') q = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if (c === '{' || c === '[' || c === '(') d++;
    else if (c === '}' || c === ']' || c === ')') d--;
  }
  return d;
}
