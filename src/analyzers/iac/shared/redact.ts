import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';
import { maskValue } from '../../../core/mask.js';

/** Attribute or env names whose values are credentials. */
const SECRET_NAME = /(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|connection[_-]?string|credentials?|sas)$/i;
const FLAG = /^--?[\w.-]*(password|secret|token|api[_-]?key|access[_-]?key)$/i;
/** Values that are references or placeholders, not secrets. */
const NOT_SECRET = /^(\$\(|\$\{|<|arn:|https:\/\/[\w.-]+\.vault\.azure\.net\/|projects\/)/;

const mask = (v: string) => (v.length < 4 || NOT_SECRET.test(v) ? v : maskValue(v));

function redactValue(v: JsonValue, depth: number): JsonValue {
  if (depth > 40) return v;
  if (Array.isArray(v)) {
    // args: `--api-key VALUE` / `--api-key=VALUE`
    const out = v.map((x) => redactValue(x, depth + 1));
    for (let i = 0; i < out.length; i++) {
      const s = out[i];
      if (typeof s !== 'string') continue;
      const eq = /^(--?[\w.-]+)=(.*)$/.exec(s);
      if (eq && FLAG.test(eq[1]!) && eq[2]) out[i] = `${eq[1]}=${mask(eq[2])}`;
      else if (FLAG.test(s) && typeof out[i + 1] === 'string') {
        out[i + 1] = mask(out[i + 1] as string);
        i++;
      }
    }
    return out;
  }
  if (!v || typeof v !== 'object' || isUnknown(v)) return v;
  const o = v as Record<string, JsonValue>;
  const out: Record<string, JsonValue> = {};
  for (const [k, x] of Object.entries(o)) out[k] = typeof x === 'string' && SECRET_NAME.test(k) ? mask(x) : redactValue(x, depth + 1);
  // Kubernetes env entries: { name: API_KEY, value: "…" }
  if (typeof o.name === 'string' && typeof o.value === 'string' && SECRET_NAME.test(o.name)) out.value = mask(o.value);
  return out;
}

/**
 * A copy of the resource whose credential-looking values are masked (DESIGN §3: no secret leaves
 * in full). Rules still see that a literal is there — only its middle is elided.
 */
export function redactResource(r: CloudResource): CloudResource {
  return { ...r, attributes: redactValue(r.attributes, 0) as CloudResource['attributes'] };
}
