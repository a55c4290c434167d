import { z } from 'zod';
import { SEVERITIES } from '../core/index.js';

/**
 * The `notify:` section of aispm.yaml. Secrets are best given by environment variable name
 * (`secretEnv`, `urlEnv`, `tokenEnv`) so the config file can be committed.
 *
 * ```yaml
 * notify:
 *   minSeverity: high
 *   webhook: { url: https://soc.example/hooks/aispm, secretEnv: AISPM_WEBHOOK_SECRET }
 *   slack:   { urlEnv: SLACK_WEBHOOK_URL }
 *   jira:    { url: https://acme.atlassian.net, project: SEC, email: bot@acme.example, tokenEnv: JIRA_TOKEN }
 * ```
 */
const url = z.string().url();

export const notifyConfigSchema = z
  .object({
    minSeverity: z.enum(SEVERITIES).default('high'),
    webhook: z.object({ url: url.optional(), urlEnv: z.string().optional(), secret: z.string().optional(), secretEnv: z.string().optional() }).strict().optional(),
    slack: z.object({ url: url.optional(), urlEnv: z.string().optional() }).strict().optional(),
    jira: z
      .object({
        url: url.optional(),
        urlEnv: z.string().optional(),
        project: z.string().min(1),
        issueType: z.string().min(1).default('Bug'),
        /** Basic auth (Jira Cloud): email + API token. */
        email: z.string().optional(),
        token: z.string().optional(),
        tokenEnv: z.string().optional(),
        /** Bearer auth (Jira Data Center personal access token). */
        bearer: z.string().optional(),
        bearerEnv: z.string().optional(),
        labels: z.array(z.string()).default(['aispm']),
        /** Issues created per scan at most; the rest wait for the next scan. */
        maxIssues: z.number().int().positive().max(500).default(50),
      })
      .strict()
      .optional(),
    retries: z.number().int().min(0).max(10).default(4),
    backoffMs: z.number().int().min(0).max(60_000).default(500),
    timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  })
  .strict();

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;

/** Validates the section; throws an Error naming the first bad field. */
export function parseNotifyConfig(raw: unknown): NotifyConfig {
  const r = notifyConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`notify.${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}`);
  }
  return r.data;
}

/** `value` or the environment variable named by `envName`. */
export function fromEnv(value: string | undefined, envName: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return value ?? (envName ? env[envName] : undefined);
}
