import type { SourceView } from './source.js';

/** One import statement: the module path and the names it binds (when the syntax lists them). */
export interface ImportRef {
  module: string;
  names: string[];
  offset: number;
}

function splitNames(list: string): string[] {
  return list
    .replace(/[(){}\n\\]/g, ' ')
    .split(',')
    .map((s) => s.trim().split(/\s+as\s+|\s*:\s*/)[0]!.replace(/^type\s+/, '').replace(/^\*.*/, '').trim())
    .filter((s) => /^[A-Za-z_$][\w$]*$/.test(s));
}

function pythonImports(v: SourceView): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of v.code.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm)) {
    out.push({ module: m[1]!, names: splitNames(m[2]!), offset: m.index });
  }
  for (const m of v.code.matchAll(/^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm)) {
    for (const part of m[1]!.split(',')) {
      const mod = part.trim().split(/\s+as\s+/)[0]!;
      if (mod) out.push({ module: mod, names: [], offset: m.index });
    }
  }
  return out;
}

function jsImports(v: SourceView): ImportRef[] {
  const out: ImportRef[] = [];
  for (const s of v.strings) {
    const before = v.code.slice(Math.max(0, s.start - 400), s.start);
    if (/\bfrom\s*$/.test(before)) {
      // The nearest `import`/`export` keyword starts this statement (earlier ones are other statements).
      const at = Math.max(before.lastIndexOf('import'), before.lastIndexOf('export'));
      const names = at >= 0 ? splitNames(before.slice(at + 6).replace(/\bfrom\s*$/, '').replace(/^\s*type\s+/, '')) : [];
      out.push({ module: s.value, names, offset: s.start });
    } else if (/\b(?:require|import)\s*\(\s*$/.test(before) || /\bimport\s*$/.test(before)) {
      const destr = /\{([^}]*)\}\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*$/.exec(before);
      out.push({ module: s.value, names: destr ? splitNames(destr[1]!) : [], offset: s.start });
    }
  }
  return out;
}

function goImports(v: SourceView): ImportRef[] {
  const out: ImportRef[] = [];
  const blocks: [number, number][] = [];
  for (const m of v.code.matchAll(/\bimport\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    blocks.push([open, v.matching(open)]);
  }
  for (const s of v.strings) {
    const inBlock = blocks.some(([a, b]) => s.start > a && s.start < b);
    const single = /\bimport\s+(?:[\w.]+\s+)?$/.test(v.code.slice(Math.max(0, s.start - 60), s.start));
    if (inBlock || single) out.push({ module: s.value, names: [], offset: s.start });
  }
  return out;
}

function javaImports(v: SourceView): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of v.code.matchAll(/^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+?)(\.\*)?[ \t]*;/gm)) {
    const full = m[1]!;
    const last = full.split('.').pop() ?? '';
    out.push({ module: full, names: m[2] || !/^[A-Z]/.test(last) ? [] : [last], offset: m.index });
  }
  return out;
}

/** The imports of a lexed source file (comments and strings already masked). */
export function findImports(v: SourceView): ImportRef[] {
  switch (v.lang) {
    case 'python':
      return pythonImports(v);
    case 'js':
      return jsImports(v);
    case 'go':
      return goImports(v);
    case 'java':
      return javaImports(v);
  }
}
