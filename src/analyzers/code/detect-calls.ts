import { locAt, type FileContext } from './context.js';
import type { ModelSeen } from './detect-models.js';

/**
 * Inference call sites of the common SDKs. They add the call lines to the API asset's locations
 * (so a reviewer lands on the call, not only on the import) and count them.
 */
const CALLS =
  /\.(?:chat\.completions\.create|completions\.create|responses\.create|messages\.create|messages\.stream|embeddings\.create|images\.generate|generate_content|generateContent|generate_content_stream|invoke_model|invoke_model_with_response_stream|converse|converse_stream|completion|acompletion|embedding|CreateChatCompletion|CreateChatCompletionStream|CreateEmbeddings|CreateCompletion|Messages\.New|Completions\.New|Embeddings\.New|GenerateContent|InvokeModel|Converse|createChatCompletion|chatCompletion|textGeneration|chat|generate)(?![\w$])/;

/** Links each inference call to the API of the model it names, or the file's only API. */
export function detectCalls(fc: FileContext, apis: Map<string, string>, models: ModelSeen[]): void {
  if (!apis.size) return;
  const only = apis.size === 1 ? [...apis.values()][0] : undefined;
  const counts = new Map<string, number>();
  for (const c of fc.v.calls(CALLS)) {
    const named = models.find((m) => m.api && m.offset >= c.argStart && m.offset <= c.argEnd);
    const api = named?.api ?? only;
    if (!api) continue;
    counts.set(api, (counts.get(api) ?? 0) + 1);
    const a = fc.em.get(api);
    if (a) fc.em.asset({ ...a, location: locAt(fc, c.start) });
  }
  for (const [api, n] of counts) {
    const a = fc.em.get(api);
    if (a) a.properties.callSites = (typeof a.properties.callSites === 'number' ? a.properties.callSites : 0) + n;
  }
}
