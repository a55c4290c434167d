import type { ParseResult, ParsedDep } from '../types.js';
import { parsePep508 } from './pep508.js';

/** `#egg=name` of an editable or VCS requirement. */
function eggName(s: string): string | undefined {
  const m = /[#&]egg=([A-Za-z0-9._-]+)/.exec(s);
  return m?.[1];
}

/**
 * The logical line starting at `lines[first]`: each trailing `\` drops and the next line joins after
 * a space. Pieces are joined once: growing one string and asking it `endsWith` each time
 * re-flattened it (5 minutes for 160,000 `--hash` continuation lines).
 */
export function logicalLine(lines: readonly string[], first: number): { text: string; last: number } {
  const pieces = [lines[first]!];
  let i = first;
  while (pieces[pieces.length - 1]!.endsWith('\\') && i + 1 < lines.length) {
    pieces[pieces.length - 1] = pieces[pieces.length - 1]!.slice(0, -1);
    pieces.push(lines[++i]!);
  }
  return { text: pieces.join(' '), last: i };
}

/**
 * requirements*.txt (pip's format): PEP 508 lines, `\` continuations, comments, `-r`/`-c`
 * includes (recorded, not followed: each file is scanned on its own), `-e` editables, options.
 */
export function parseRequirements(text: string): ParseResult {
  const deps: ParsedDep[] = [];
  const includes: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    const joined = logicalLine(lines, i);
    i = joined.last;
    let line = joined.text;
    // A comment starts at `#` at line start or after whitespace (a URL's `#egg=` is not a comment).
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (inc) {
      includes.push(inc[1]!);
      continue;
    }
    const editable = /^(?:-e|--editable)(?:\s+|=)(\S+)/.exec(line);
    if (editable) {
      const name = eggName(editable[1]!);
      if (name) deps.push({ ecosystem: 'pypi', name, direct: true, line: startLine, versionSpec: editable[1]! });
      continue;
    }
    if (line.startsWith('-')) continue; // --index-url, --hash-only lines, -f …
    // Drop per-requirement options (`--hash=sha256:…`).
    const req = line.replace(/\s--[a-z-]+(=\S+|\s+\S+)?/g, '').trim();
    if (/^[a-z+]+:\/\//i.test(req) || req.startsWith('.') || req.startsWith('/')) {
      const name = eggName(req);
      if (name) deps.push({ ecosystem: 'pypi', name, direct: true, line: startLine, versionSpec: req });
      continue;
    }
    const d = parsePep508(req);
    if (d) deps.push({ ecosystem: 'pypi', ...d, direct: true, line: startLine });
  }
  return { deps, includes };
}
