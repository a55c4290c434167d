/**
 * Static check of a Jinja chat template (GGUF `tokenizer.chat_template`, `tokenizer_config.json`).
 * Ordinary templates loop over messages, index `message['role']`, call `raise_exception`, use
 * `namespace()` and filters like `trim`/`tojson`. Server-side template injection needs Python
 * internals: dunder attributes, leaked globals (`cycler`, `lipsum`, `self`…), `attr` filters and
 * string concatenation that spells a dunder. Only the code inside `{{ }}` / `{% %}` is examined.
 */
export interface TemplateVerdict {
  level: 'malicious' | 'suspicious' | 'clean';
  reasons: string[];
}

const LEAKY_GLOBALS = /\b(cycler|joiner|lipsum|self|config|request|url_for|get_flashed_messages|range\.__|dict\.__|namespace\.__|os|subprocess|sys|builtins|importlib)\s*\.\s*[A-Za-z_]/;
const DUNDER = /__[A-Za-z]\w*__/;
const GADGET_IDENTS = /\b(popen|subprocess|__import__|import_module|check_output|getattr|globals|builtins|subclasses|execfile)\b|\.\s*(system|popen|spawn\w*|eval|exec|mro)\s*\(|(^|[^.\w])(eval|exec|compile)\s*\(/;
/** Names that only a payload looks up by string (`x['popen']`, `x|attr('system')`). */
const GADGET_KEYS = /^(popen|system|os|subprocess|builtins|globals|eval|exec|import|getattr|modules|subclasses|mro|check_output|spawn\w*|sys|importlib|import_module|load_module|func_globals|f_globals|gi_frame|f_back|f_builtins)$/;

function codeSegments(t: string): string[] {
  const out: string[] = [];
  for (const m of t.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

/** Splits a code segment into its string literals and the code with literals blanked out. */
function literals(code: string): { bare: string; strings: string[]; joined: string[] } {
  const strings: string[] = [];
  const bare = code.replace(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g, (_, a: string | undefined, b: string | undefined) => {
    strings.push(a ?? b ?? '');
    return `"S${strings.length - 1}"`;
  });
  // Literals glued with ~ or + ('__cla' ~ 'ss__') are read as one.
  const joined: string[] = [];
  for (const m of bare.matchAll(/"S\d+"(?:\s*[~+]\s*"S\d+")+/g)) {
    joined.push(m[0].split(/\s*[~+]\s*/).map((s) => strings[Number(s.slice(2, -1))] ?? '').join(''));
  }
  return { bare, strings, joined };
}

export function checkChatTemplate(template: string): TemplateVerdict {
  const reasons: string[] = [];
  let level: TemplateVerdict['level'] = 'clean';
  const bump = (l: 'malicious' | 'suspicious', why: string) => {
    if (!reasons.includes(why) && reasons.length < 10) reasons.push(why);
    if (l === 'malicious' || level === 'clean') level = l;
  };
  for (const seg of codeSegments(template)) {
    const { bare, strings, joined } = literals(seg);
    const d = DUNDER.exec(bare);
    if (d) bump('malicious', `template code reaches Python internals (${d[0]})`);
    const g = LEAKY_GLOBALS.exec(bare);
    if (g) bump('malicious', `template walks a leaked global object (${g[0].trim()})`);
    const usesAttr = /\|\s*attr\b|\battr\s*\(|\bmap\s*\(\s*"S\d+"/.test(bare);
    const keys = new Set<string>(joined);
    for (const m of bare.matchAll(/\[\s*"S(\d+)"\s*\]|attr\s*\(\s*"S(\d+)"/g)) keys.add(strings[Number(m[1] ?? m[2])] ?? '');
    for (const s of [...strings, ...joined]) {
      const sd = DUNDER.exec(s);
      if (sd) bump('malicious', `template spells a dunder name in a string (${sd[0]})`);
      else if (/^_|_$/.test(s) && usesAttr) bump('suspicious', `template builds attribute names from fragments ('${s.slice(0, 20)}')`);
    }
    for (const k of keys) if (GADGET_KEYS.test(k)) bump('malicious', `template looks up '${k}' by name`);
    if (usesAttr) bump('suspicious', 'template uses the attr filter to reach object attributes');
    if (/^[\s-]*(import|from)\s/.test(seg)) bump('suspicious', 'template imports other templates or modules');
    const gw = GADGET_IDENTS.exec(bare);
    if (gw) bump('malicious', `template calls ${gw[0].trim()}`);
  }
  return { level, reasons };
}
