import { locAt, type FileContext } from './context.js';

/** Cloud storage URIs (and Azure blob/dfs URLs) the lineage joins care about. */
const URI_RE = /\b(?:s3a?|s3n|gs|az|abfss?|wasbs?):\/\/[^\s'"`<>]+|\bhttps:\/\/[a-z0-9-]+\.(?:blob|dfs)\.core\.windows\.net\/[^\s'"`<>?]*/gi;

const READ_CALLS = /^(?:read_\w+|load\w*|open|download\w*|get_object|GetObject|getObject|from_pretrained|hf_hub_download|textFile|read|Read\w*|scan_\w+|fetch|copy_to_local|ls|glob|list_objects\w*|from_\w+|load_dataset|LoadDataset|Dataset\w*)$/;
const WRITE_CALLS = /^(?:to_\w+|save\w*|dump|upload\w*|put_object|PutObject|putObject|write\w*|Write\w*|push_to_hub|log_artifact\w*|log_model|export\w*|sink|saveAsTable|put|copy_from_local|mkdir|register_model)$/;

/** The callee whose argument list contains `offset` (searching back over balanced brackets). */
function enclosingCall(code: string, offset: number): { name: string; open: number } | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0 && offset - i < 4000; i--) {
    const c = code[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) continue;
      depth--;
    } else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const m = /([A-Za-z_$][\w$]*)\s*$/.exec(code.slice(Math.max(0, i - 80), i));
      return m ? { name: m[1]!, open: i } : undefined;
    } else if (c === '\n' && depth === 0 && /[;]\s*$/.test(code.slice(Math.max(0, i - 2), i))) return undefined;
  }
  return undefined;
}

function modeOf(fc: FileContext, call: { name: string; open: number }): 'uri-read' | 'uri-write' | undefined {
  if (call.name === 'open') {
    const close = fc.v.matching(call.open);
    const args = fc.v.code.slice(call.open, close);
    const comma = args.indexOf(',');
    const modeLit = comma >= 0 ? fc.v.literalAt(call.open + comma + 1) : undefined;
    const kw = /\bmode\s*=\s*/.exec(args);
    const mode = modeLit?.value ?? (kw ? fc.v.literalAt(call.open + kw.index + kw[0].length)?.value : undefined) ?? 'r';
    return /[wax+]/.test(mode) ? 'uri-write' : 'uri-read';
  }
  if (WRITE_CALLS.test(call.name)) return 'uri-write';
  if (READ_CALLS.test(call.name)) return 'uri-read';
  return undefined;
}

/**
 * Every cloud-storage URI in a string literal → an observation (`uri-read`, `uri-write` or `uri`)
 * for the graph's lineage joins. Read vs write comes from the call the URI (or the constant
 * holding it) is passed to. Query strings are dropped: Azure SAS tokens live there.
 */
export function detectUris(fc: FileContext): void {
  const v = fc.v;
  for (const s of v.strings) {
    if (s.value.length > 4000) continue;
    URI_RE.lastIndex = 0;
    for (const m of s.value.matchAll(URI_RE)) {
      const value = m[0].split('?')[0]!.replace(/[),;]+$/, '');
      let type: 'uri-read' | 'uri-write' | 'uri' = 'uri';
      const call = enclosingCall(v.code, s.start);
      const direct = call ? modeOf(fc, call) : undefined;
      if (direct) type = direct;
      else {
        // `DATA = "s3://…"` then `pd.read_csv(DATA)`: follow the constant to its uses.
        const bound = /([A-Za-z_$][\w$]*)\s*(?::\s*[\w.]+\s*)?:?=\s*[fFrRbB]?$/.exec(v.code.slice(Math.max(0, s.start - 80), s.start));
        if (bound) {
          for (const use of v.code.matchAll(new RegExp(`(?<![\\w$])${bound[1]!.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))) {
            if (use.index <= s.start) continue;
            const c = enclosingCall(v.code, use.index);
            const mode = c ? modeOf(fc, c) : undefined;
            if (mode) {
              type = type === 'uri' || type === mode ? mode : type;
              if (mode === 'uri-write') break;
            }
          }
          // Uses inside interpolated strings: f"{OUTPUT_URI}/metrics.json", `${BASE}/x`.
          const inner = new RegExp(`\\{\\s*${bound[1]!.replace(/\$/g, '\\$')}\\b`);
          for (const t of v.strings) {
            if (!t.interpolated || t.start <= s.start || !inner.test(t.value)) continue;
            const c = enclosingCall(v.code, t.start);
            const mode = c ? modeOf(fc, c) : undefined;
            if (mode) type = type === 'uri' || type === mode ? mode : type;
          }
        }
      }
      const l = locAt(fc, s.start);
      fc.em.observations.push({
        type,
        value,
        assetId: fc.owner,
        path: fc.path,
        line: l.line,
        properties: { scheme: value.split(':')[0]!.toLowerCase(), ...(l.cell !== undefined ? { cell: l.cell } : {}), ...(s.interpolated ? { pattern: true } : {}), ...(call ? { call: call.name } : {}) },
      });
    }
  }
}
