/** A Dockerfile, reduced to what AI discovery needs. */
export interface Dockerfile {
  /** Build stages in order; the last is what runs. */
  stages: { image: string; alias?: string; line: number }[];
  expose: { port: number; line: number }[];
  env: { key: string; value: string; line: number }[];
  cmd?: { args: string[]; line: number };
  entrypoint?: { args: string[]; line: number };
  runs: { text: string; line: number }[];
}

/** One logical instruction: continuation lines joined, the first line's number kept. */
function instructions(text: string): { op: string; rest: string; line: number }[] {
  const out: { op: string; rest: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  const directive = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? '');
  if (directive) escape = directive[1]!;
  for (let i = 0; i < lines.length; i++) {
    let cur = lines[i]!;
    if (!cur.trim() || cur.trimStart().startsWith('#')) continue;
    const start = i + 1;
    // Only the current physical line is tested and trimmed, and the parts are joined once: re-trimming
    // the growing instruction made 50k continuation lines quadratic (7 s for one file).
    const parts: string[] = [];
    while (cur.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      parts.push(cur.trimEnd().slice(0, -1) + ' ');
      i++;
      // Comment lines inside a continued instruction are dropped, as Docker does.
      while (i < lines.length && lines[i]!.trimStart().startsWith('#')) i++;
      cur = lines[i] ?? '';
    }
    parts.push(cur);
    const l = parts.join('');
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(l);
    if (m) out.push({ op: m[1]!.toUpperCase(), rest: m[2]!.trim(), line: start });
  }
  return out;
}

/** Exec form (`["a", "b"]`) or shell form (split on whitespace, quotes respected). */
export function splitCommand(rest: string): string[] {
  const t = rest.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // Not valid JSON: Docker itself then treats it as shell form.
    }
  }
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of t.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** `${VAR}` / `$VAR` / `${VAR:-default}` from ARG defaults (Docker's build-arg expansion, enough for FROM). */
function expand(s: string, args: Map<string, string>): string {
  return s.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (all, a: string | undefined, def: string | undefined, b: string | undefined) => args.get((a ?? b)!) ?? def ?? all);
}

/** Parses a Dockerfile's instructions. Never throws; unknown instructions are ignored. */
export function parseDockerfile(text: string): Dockerfile {
  const df: Dockerfile = { stages: [], expose: [], env: [], runs: [] };
  const args = new Map<string, string>();
  for (const ins of instructions(text)) {
    switch (ins.op) {
      case 'ARG': {
        const m = /^(\w+)(?:=(.*))?$/.exec(ins.rest);
        if (m?.[2] !== undefined) args.set(m[1]!, m[2].replace(/^["']|["']$/g, ''));
        break;
      }
      case 'FROM': {
        const parts = ins.rest.split(/\s+/).filter((p) => !p.startsWith('--'));
        const image = expand(parts[0] ?? '', args);
        const as = parts.findIndex((p) => p.toUpperCase() === 'AS');
        df.stages.push({ image, ...(as > 0 && parts[as + 1] ? { alias: parts[as + 1] } : {}), line: ins.line });
        break;
      }
      case 'EXPOSE':
        for (const p of ins.rest.split(/\s+/)) {
          const n = Number.parseInt(expand(p, args), 10);
          if (Number.isFinite(n)) df.expose.push({ port: n, line: ins.line });
        }
        break;
      case 'ENV': {
        // `ENV K=V K2="v 2"` or legacy `ENV K V`.
        if (/^\w+\s*=/.test(ins.rest)) {
          for (const m of ins.rest.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) df.env.push({ key: m[1]!, value: m[2]!.replace(/^["']|["']$/g, ''), line: ins.line });
        } else {
          const m = /^(\w+)\s+(.*)$/.exec(ins.rest);
          if (m) df.env.push({ key: m[1]!, value: m[2]!.trim(), line: ins.line });
        }
        break;
      }
      case 'CMD':
        df.cmd = { args: splitCommand(ins.rest), line: ins.line };
        break;
      case 'ENTRYPOINT':
        df.entrypoint = { args: splitCommand(ins.rest), line: ins.line };
        break;
      case 'RUN':
        df.runs.push({ text: ins.rest, line: ins.line });
        break;
      default:
        break;
    }
  }
  return df;
}

/** Packages named by `pip install` / `uv pip install` / `npm install` in RUN lines. */
export function installedPackages(runs: Dockerfile['runs']): { ecosystem: 'pypi' | 'npm'; name: string; line: number }[] {
  const out: { ecosystem: 'pypi' | 'npm'; name: string; line: number }[] = [];
  for (const r of runs) {
    for (const seg of r.text.split(/&&|;|\|\|/)) {
      const pip = /\bpip3?\s+install\s+(.*)$/.exec(seg) ?? /\buv\s+pip\s+install\s+(.*)$/.exec(seg);
      const npm = /\b(?:npm\s+(?:install|i)|yarn\s+add|pnpm\s+add)\s+(.*)$/.exec(seg);
      const m = pip ?? npm;
      if (!m) continue;
      const toks = splitCommand(m[1]!);
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!;
        if (/^-(r|c|e|i|f|-requirement|-constraint|-index-url|-extra-index-url|-find-links)$/.test(t)) {
          i++;
          continue;
        }
        if (t.startsWith('-') || t.startsWith('.') || (t.includes('/') && !(npm && t.startsWith('@')))) continue;
        const name = pip ? /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(t)?.[1] : /^(@?[^@\s]+)/.exec(t)?.[1];
        if (name) out.push({ ecosystem: pip ? 'pypi' : 'npm', name, line: r.line });
      }
    }
  }
  return out;
}
