import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { SEVERITIES } from '../../../core/index.js';
import type { SecretRuleDef } from './rule-types.js';

/** The YAML shape of a user secret rule: the same fields as the built-in rules. */
export const secretRuleSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().default('User-defined secret rule'),
    provider: z.string().default('custom'),
    keywords: z.array(z.string().min(2)).min(1),
    regex: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/).optional(),
    secretGroup: z.number().int().min(0).optional(),
    entropy: z.number().min(0).max(8).optional(),
    severity: z.enum(SEVERITIES).optional(),
    ai: z.boolean().optional(),
    generic: z.boolean().optional(),
    allowlist: z.object({ regexes: z.array(z.string()).optional(), stopwords: z.array(z.string()).optional(), matchRegexes: z.array(z.string()).optional() }).optional(),
  })
  .strict();

/** Validates user rules (from `analyzers.data.secretRules` or a YAML file); throws with the rule's index. */
export function parseUserRules(raw: unknown, source: string): SecretRuleDef[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && 'rules' in raw ? (raw as { rules: unknown }).rules : raw;
  if (!Array.isArray(list)) throw new Error(`${source}: expected a list of secret rules`);
  return list.map((r, i) => {
    const p = secretRuleSchema.safeParse(r);
    if (!p.success) {
      const first = p.error.issues[0];
      throw new Error(`${source}: rule ${i}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
    }
    return p.data as SecretRuleDef;
  });
}

/** Parses a YAML document of rules (`rules: [...]` or a bare list). */
export function parseUserRulesYaml(text: string, source: string): SecretRuleDef[] {
  return parseUserRules(parseYaml(text), source);
}
