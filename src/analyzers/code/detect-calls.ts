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
  const byOffset = new ModelsByOffset(models);
  for (const c of fc.v.calls(CALLS)) {
    const named = byOffset.first(c.argStart, c.argEnd);
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

/**
 * The models that reach an API, sorted by offset: the first (in the list's order) whose offset
 * lies in a call's arguments, found by binary search. A search of the whole list per call was
 * quadratic — a minified bundle with 40,000 calls and as many model names took seconds.
 */
export class ModelsByOffset {
  private readonly sorted: { m: ModelSeen; i: number }[];
  /** The list was already in offset order: the first in range is then the first in the list. */
  private readonly inOrder: boolean;
  constructor(models: readonly ModelSeen[]) {
    const withApi = models.flatMap((m, i) => (m.api ? [{ m, i }] : []));
    this.inOrder = withApi.every((x, k) => k === 0 || withApi[k - 1]!.m.offset <= x.m.offset);
    this.sorted = this.inOrder ? withApi : withApi.sort((a, b) => a.m.offset - b.m.offset || a.i - b.i);
  }

  first(from: number, to: number): ModelSeen | undefined {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.m.offset < from) lo = mid + 1;
      else hi = mid;
    }
    if (this.inOrder) return lo < s.length && s[lo]!.m.offset <= to ? s[lo]!.m : undefined;
    let best: { m: ModelSeen; i: number } | undefined;
    for (let k = lo; k < s.length && s[k]!.m.offset <= to; k++) if (!best || s[k]!.i < best.i) best = s[k];
    return best?.m;
  }
}
