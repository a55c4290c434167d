import type { ByteSource } from '../io/byte-source.js';
import { fullyScanned, ggufTemplateSafe } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { checkChatTemplate } from './chat-template.js';

const MAX = 32 << 20;

/** `tokenizer_config.json`: `chat_template` as a string or a list of `{name, template}`. */
export async function scanTokenizerConfig(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  if (src.size > MAX) {
    ctx.incomplete(fullyScanned, `tokenizer config of ${src.size} bytes is over the ${MAX}-byte limit`, member);
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await src.read(0, src.size)));
  } catch {
    ctx.incomplete(fullyScanned, 'tokenizer config is not valid JSON', member);
    return;
  }
  const ct = (json as { chat_template?: unknown } | null)?.chat_template;
  if (ct === undefined) return;
  ctx.format('tokenizer-config');
  const list: [string, string][] = typeof ct === 'string' ? [['chat_template', ct]] : Array.isArray(ct)
    ? ct.flatMap((x: { name?: unknown; template?: unknown }) => (typeof x?.template === 'string' ? [[`chat_template.${String(x.name ?? '?')}`, x.template] as [string, string]] : []))
    : [];
  for (const [key, t] of list) {
    const v = checkChatTemplate(t);
    if (v.level !== 'clean') ctx.add({ rule: ggufTemplateSafe, level: v.level, message: `${key}: ${v.reasons.join('; ')}`, key: `template:${key}:${v.reasons[0] ?? ''}`, ...(member ? { member } : {}) });
  }
}
