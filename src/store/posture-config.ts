import { z } from 'zod';
import { parseDay } from './dates.js';
import type { OwnerRule } from './owners.js';
import type { SuppressionRule } from './exceptions.js';

/**
 * The aispm.yaml sections this feature owns (the config loader passes unknown sections through):
 *
 * ```yaml
 * suppressions:
 *   - rule: model_file_no_unsafe_pickle_globals   # or finding: <fingerprint>
 *     path: ml/models/generated/**                # optional
 *     reason: research fixtures, never deployed
 *     owner: ml-platform
 *     expires: 2026-12-31                         # optional; reopens after this day
 * owners:                                         # path pattern → owner, or a list of {path|rule|kind, owner}
 *   "infra/**": "@acme/platform"
 * ```
 */
const day = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : parseDay(v.trim());
    if (!s) ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
    return s ?? '';
  });

const suppressionEntry = z
  .object({
    rule: z.string().min(1).optional(),
    finding: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    reason: z.string().min(1),
    owner: z.string().min(1).optional(),
    expires: day.optional(),
  })
  .strict()
  .refine((s) => Boolean(s.rule) !== Boolean(s.finding), { message: 'give exactly one of rule or finding' });

const ownerEntry = z
  .object({ path: z.string().min(1).optional(), rule: z.string().min(1).optional(), kind: z.string().min(1).optional(), owner: z.string().min(1) })
  .strict()
  .refine((o) => o.path || o.rule || o.kind, { message: 'give path, rule or kind' });

export const postureConfigSchema = z.object({
  suppressions: z.array(suppressionEntry).optional(),
  owners: z.union([z.record(z.string(), z.string().min(1)), z.array(ownerEntry)]).optional(),
});

export interface PostureConfig {
  suppressions: SuppressionRule[];
  owners: OwnerRule[];
}

/** Validates the sections; throws an Error naming the first bad field. */
export function parsePostureConfig(raw: unknown): PostureConfig {
  const r = postureConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${i ? `${i.path.join('.') || '(root)'}: ${i.message}` : 'invalid suppressions/owners config'}`);
  }
  const suppressions: SuppressionRule[] = (r.data.suppressions ?? []).map((s) => ({
    by: 'config',
    selector: (s.rule ?? s.finding)!,
    reason: s.reason,
    ...(s.path ? { path: s.path } : {}),
    ...(s.owner ? { owner: s.owner } : {}),
    ...(s.expires ? { expires: s.expires } : {}),
  }));
  const o = r.data.owners;
  const owners: OwnerRule[] = !o ? [] : Array.isArray(o) ? o : Object.entries(o).map(([path, owner]) => ({ path, owner }));
  return { suppressions, owners };
}
