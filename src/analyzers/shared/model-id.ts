import { assetId } from '../../core/index.js';

/**
 * The id of an `ai-model` named by a provider's model id (`meta-llama/Llama-3.1-8B` on Hugging
 * Face, `gpt-4o` at OpenAI, `llama3.1:8b` in Ollama) — the ONE rule every analyzer uses, so code,
 * served-model configs (compose, Kubernetes) and model cards that name one model merge into one
 * asset. Model ids are looked up case-insensitively by the hubs and APIs that serve them, so the
 * locator is the trimmed id in lower case; keep the id as written in the asset's `name`.
 * Not for locators that are paths or registry records (DVC outs, MLflow `runs:/…`, IaC resources).
 */
export function modelAssetId(provider: string, modelId: string): string {
  return assetId('ai-model', provider, modelId.trim().toLowerCase());
}
