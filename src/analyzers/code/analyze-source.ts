import type { AnalyzerOutput } from '../../core/index.js';
import type { LineLocator } from './context.js';
import { detectAgents } from './detect-agents.js';
import { detectApis, sdkUse } from './detect-apis.js';
import { detectCalls } from './detect-calls.js';
import { detectRiskyLoading } from './detect-loading.js';
import { detectModels } from './detect-models.js';
import { detectUris } from './detect-uris.js';
import { detectVectorStores } from './detect-vectors.js';
import { Emitter } from './emitter.js';
import { findImports } from './imports.js';
import type { Lang } from './lexer.js';
import { SourceView } from './source.js';

/**
 * Words at least one of which appears in any file worth lexing. Checked on the raw text before
 * anything else: most source files in a monorepo mention no AI at all and cost one regex scan.
 */
const PREFILTER =
  /openai|anthropic|genai|generativeai|vertexai|aiplatform|bedrock|mistral|cohere|groq|together|huggingface|transformers|from_pretrained|hf_hub|snapshot_download|pipeline\(|ollama|litellm|langchain|langgraph|crewai|autogen|llama_?index|smolagents|agents|AiServices|springframework\.ai|\bai['"]|@ai-sdk|torch|pickle|joblib|dill|allow_pickle|s3a?:\/\/|gs:\/\/|az:\/\/|abfss?:\/\/|wasbs?:\/\/|core\.windows\.net|pinecone|chroma|weaviate|qdrant|milvus|pgvector|faiss|opensearch|search\.documents|search-documents|elasticsearch|gpt-|claude|gemini|llama|deepseek|qwen|grok-|phi-|command-r|:11434|openrouter|fireworks|perplexity|replicate|x\.ai|sentence_transformers|SentenceTransformer/i;

/** True when the text may hold something the code analyzer looks for. */
export function mightMatter(text: string): boolean {
  return PREFILTER.test(text);
}

export interface SourceInput {
  text: string;
  lang: Lang;
  /** Report path of the file. */
  path: string;
  /** Maps a line of `text` to a report location; defaults to `{ path, line }`. */
  locate?: LineLocator;
  /** The asset that holds this code (a notebook), which gets `uses-model`/`calls`/… relations. */
  owner?: string;
}

/**
 * Runs every detector over one source text.
 *
 * Relation choices (there is no "source file" asset kind): an SDK or API host in a file becomes an
 * `external-ai-api` asset with the file among its locations; the model ids it uses hang off it
 * (`external-ai-api uses-model ai-model`). Where the file defines an agent, the agent is the
 * caller: `agent calls external-ai-api`, `agent uses-model`, `agent has-tool`, `agent
 * retrieves-from vector-store`. A notebook is an asset, so it is the `owner` and gets the same
 * edges (`calls`, `uses-model`, `reads` model files, `contains` agents, `retrieves-from`).
 * Storage URIs are observations only; the graph joins them to buckets. Pure: no I/O, never throws for odd input (the lexer
 * runs unterminated constructs to the end of the text), so notebooks reuse it on their cells.
 */
export function analyzeSource(input: SourceInput): AnalyzerOutput {
  const em = new Emitter();
  if (!mightMatter(input.text)) return em.output();
  const v = new SourceView(input.text, input.lang);
  const fc = { v, path: input.path, em, imports: findImports(v), owner: input.owner, locate: input.locate ?? ((line: number) => ({ path: input.path, line })) };
  const u = sdkUse(fc);
  const apis = detectApis(fc, u);
  const models = detectModels(fc, apis, u);
  detectCalls(fc, apis, models);
  const vectors = detectVectorStores(fc, u);
  detectAgents(fc, u, models, apis, vectors);
  const loaded = detectRiskyLoading(fc);
  detectUris(fc);
  if (input.owner) {
    for (const api of apis.values()) em.relate(input.owner, 'calls', api);
    for (const m of models) em.relate(input.owner, 'uses-model', m.id);
    for (const f of loaded) em.relate(input.owner, 'reads', f);
  }
  return em.output();
}
