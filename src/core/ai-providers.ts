/**
 * The catalogue of third-party AI APIs (the shadow-AI surface): one entry per provider with the
 * canonical API host that locates its `external-ai-api` asset, the environment variables that
 * configure it and the SDK packages that talk to it. Every analyzer that emits an
 * `external-ai-api` asset (env, code, containers) uses this table, so their views merge into one
 * asset: `assetId('external-ai-api', provider.id, apiHost(provider, seenHost))`; the graph's
 * credential join maps keys to the same provider ids. Pure data and functions (core, no deps).
 */
export interface AiProvider {
  /** Stable provider id, also the asset's `provider` (`openai`, `azure-openai`, …). */
  id: string;
  /** Display name. */
  name: string;
  /** API hosts; the FIRST is canonical (the asset locator). Entries starting with `*.` are suffixes. */
  hosts: string[];
  /** Environment variable names that configure this provider (key, endpoint, base URL). */
  envVars: string[];
  /** SDK packages (`ecosystem:name`) whose presence implies use of this provider. */
  sdkPackages: string[];
  /** Other words secret rules and vendor fields use for this provider (`hf`, `claude`, `bedrock`). */
  aliases?: string[];
  /** The cloud (`aws|azure|gcp`, the IaC `provider`) whose credentials also reach this API, and whose `ai-service`s a key of this provider opens. */
  cloud?: 'aws' | 'azure' | 'gcp';
  /** True when each customer has its own API host (`<resource>.openai.azure.com`): that host, when known, is the asset locator. */
  tenantHosts?: boolean;
}

export const AI_PROVIDERS: readonly AiProvider[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    hosts: ['api.openai.com'],
    envVars: ['OPENAI_API_KEY', 'OPENAI_ORG_ID', 'OPENAI_ORGANIZATION', 'OPENAI_PROJECT_ID', 'OPENAI_BASE_URL', 'OPENAI_API_BASE'],
    sdkPackages: ['pypi:openai', 'npm:openai', 'pypi:langchain-openai', 'npm:@langchain/openai', 'npm:@ai-sdk/openai', 'golang:github.com/openai/openai-go', 'golang:github.com/sashabaranov/go-openai', 'maven:com.openai:openai-java'],
  },
  {
    id: 'azure-openai',
    name: 'Azure OpenAI',
    hosts: ['openai.azure.com', '*.openai.azure.com', '*.cognitiveservices.azure.com', '*.services.ai.azure.com'],
    envVars: ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_DEPLOYMENT', 'AZURE_OPENAI_DEPLOYMENT_NAME', 'AZURE_OPENAI_API_VERSION', 'AZURE_OPENAI_AD_TOKEN'],
    sdkPackages: ['npm:@azure/openai', 'pypi:azure-ai-openai', 'maven:com.azure:azure-ai-openai', 'pypi:azure-ai-inference', 'npm:@ai-sdk/azure'],
    cloud: 'azure',
    tenantHosts: true,
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    hosts: ['api.anthropic.com'],
    envVars: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'CLAUDE_API_KEY'],
    sdkPackages: ['pypi:anthropic', 'npm:@anthropic-ai/sdk', 'pypi:langchain-anthropic', 'npm:@langchain/anthropic', 'npm:@ai-sdk/anthropic', 'golang:github.com/anthropics/anthropic-sdk-go', 'maven:com.anthropic:anthropic-java'],
    aliases: ['claude'],
  },
  {
    id: 'google',
    name: 'Google Gemini / Vertex AI',
    hosts: ['generativelanguage.googleapis.com', 'aiplatform.googleapis.com', '*-aiplatform.googleapis.com'],
    envVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENAI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'VERTEX_PROJECT', 'VERTEXAI_PROJECT', 'GOOGLE_CLOUD_PROJECT_VERTEX'],
    sdkPackages: ['pypi:google-generativeai', 'pypi:google-genai', 'pypi:google-cloud-aiplatform', 'npm:@google/generative-ai', 'npm:@google/genai', 'npm:@ai-sdk/google', 'golang:google.golang.org/genai', 'golang:github.com/google/generative-ai-go', 'pypi:langchain-google-genai'],
    aliases: ['gemini', 'vertex', 'google-ai', 'google-genai'],
  },
  {
    id: 'aws-bedrock',
    name: 'Amazon Bedrock',
    hosts: ['bedrock-runtime.amazonaws.com', '*.bedrock-runtime.*.amazonaws.com', 'bedrock-runtime.*.amazonaws.com', 'bedrock.*.amazonaws.com'],
    envVars: ['AWS_BEDROCK_MODEL_ID', 'BEDROCK_MODEL_ID', 'BEDROCK_REGION', 'AWS_BEDROCK_REGION', 'BEDROCK_ENDPOINT_URL'],
    sdkPackages: ['pypi:langchain-aws', 'npm:@aws-sdk/client-bedrock-runtime', 'npm:@ai-sdk/amazon-bedrock', 'npm:@langchain/aws'],
    aliases: ['bedrock'],
    cloud: 'aws',
  },
  {
    id: 'mistral',
    name: 'Mistral AI',
    hosts: ['api.mistral.ai'],
    envVars: ['MISTRAL_API_KEY'],
    sdkPackages: ['pypi:mistralai', 'npm:@mistralai/mistralai', 'pypi:langchain-mistralai', 'npm:@ai-sdk/mistral'],
  },
  {
    id: 'cohere',
    name: 'Cohere',
    hosts: ['api.cohere.com', 'api.cohere.ai'],
    envVars: ['COHERE_API_KEY', 'CO_API_KEY'],
    sdkPackages: ['pypi:cohere', 'npm:cohere-ai', 'pypi:langchain-cohere'],
  },
  {
    id: 'groq',
    name: 'Groq',
    hosts: ['api.groq.com'],
    envVars: ['GROQ_API_KEY'],
    sdkPackages: ['pypi:groq', 'npm:groq-sdk', 'pypi:langchain-groq'],
  },
  {
    id: 'together',
    name: 'Together AI',
    hosts: ['api.together.xyz', 'api.together.ai'],
    envVars: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY'],
    sdkPackages: ['pypi:together', 'npm:together-ai'],
    aliases: ['togetherai'],
  },
  {
    id: 'huggingface',
    name: 'Hugging Face Inference',
    hosts: ['api-inference.huggingface.co', 'router.huggingface.co', '*.endpoints.huggingface.cloud', 'huggingface.co'],
    envVars: ['HF_TOKEN', 'HUGGINGFACE_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'HF_API_TOKEN', 'HF_ENDPOINT'],
    sdkPackages: ['pypi:huggingface-hub', 'npm:@huggingface/inference', 'pypi:langchain-huggingface'],
    aliases: ['hf', 'hugging-face'],
  },
  {
    id: 'ollama',
    name: 'Ollama',
    hosts: ['localhost:11434', '127.0.0.1:11434', '*:11434'],
    envVars: ['OLLAMA_HOST', 'OLLAMA_BASE_URL', 'OLLAMA_API_BASE'],
    sdkPackages: ['pypi:ollama', 'npm:ollama', 'pypi:langchain-ollama', 'npm:@langchain/ollama'],
  },
  {
    id: 'replicate',
    name: 'Replicate',
    hosts: ['api.replicate.com'],
    envVars: ['REPLICATE_API_TOKEN', 'REPLICATE_API_KEY'],
    sdkPackages: ['pypi:replicate', 'npm:replicate'],
  },
  {
    id: 'perplexity',
    name: 'Perplexity',
    hosts: ['api.perplexity.ai'],
    envVars: ['PERPLEXITY_API_KEY', 'PPLX_API_KEY'],
    sdkPackages: ['npm:@ai-sdk/perplexity'],
    aliases: ['pplx'],
  },
  {
    id: 'fireworks',
    name: 'Fireworks AI',
    hosts: ['api.fireworks.ai'],
    envVars: ['FIREWORKS_API_KEY'],
    sdkPackages: ['pypi:fireworks-ai', 'npm:@ai-sdk/fireworks'],
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    hosts: ['api.deepseek.com'],
    envVars: ['DEEPSEEK_API_KEY'],
    sdkPackages: ['npm:@ai-sdk/deepseek'],
  },
  {
    id: 'xai',
    name: 'xAI',
    hosts: ['api.x.ai'],
    envVars: ['XAI_API_KEY', 'GROK_API_KEY'],
    sdkPackages: ['npm:@ai-sdk/xai', 'pypi:xai-sdk'],
    aliases: ['grok'],
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    hosts: ['openrouter.ai'],
    envVars: ['OPENROUTER_API_KEY'],
    sdkPackages: ['npm:@openrouter/ai-sdk-provider'],
  },
  {
    id: 'pinecone',
    name: 'Pinecone',
    hosts: ['api.pinecone.io', '*.pinecone.io'],
    envVars: ['PINECONE_API_KEY', 'PINECONE_ENVIRONMENT', 'PINECONE_INDEX', 'PINECONE_INDEX_NAME'],
    sdkPackages: ['pypi:pinecone', 'pypi:pinecone-client', 'npm:@pinecone-database/pinecone'],
  },
  {
    id: 'langsmith',
    name: 'LangSmith',
    hosts: ['api.smith.langchain.com'],
    envVars: ['LANGCHAIN_API_KEY', 'LANGSMITH_API_KEY', 'LANGCHAIN_ENDPOINT', 'LANGSMITH_ENDPOINT', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING'],
    sdkPackages: ['pypi:langsmith', 'npm:langsmith'],
  },
  {
    id: 'voyage',
    name: 'Voyage AI',
    hosts: ['api.voyageai.com'],
    envVars: ['VOYAGE_API_KEY'],
    sdkPackages: ['pypi:voyageai', 'npm:voyageai'],
  },
  {
    id: 'elevenlabs',
    name: 'ElevenLabs',
    hosts: ['api.elevenlabs.io'],
    envVars: ['ELEVENLABS_API_KEY', 'ELEVEN_API_KEY'],
    sdkPackages: ['pypi:elevenlabs', 'npm:elevenlabs'],
  },
  {
    id: 'stability',
    name: 'Stability AI',
    hosts: ['api.stability.ai'],
    envVars: ['STABILITY_API_KEY'],
    sdkPackages: ['pypi:stability-sdk'],
  },
];

/** The canonical host (asset locator) of a provider. */
export function canonicalHost(p: AiProvider): string {
  return p.hosts[0]!;
}

/**
 * The host that locates a provider's `external-ai-api` asset — the ONE rule every analyzer uses,
 * so the env, code and container views of one API merge. A tenant-addressed provider (Azure
 * OpenAI) is located at the resource host seen in config or code (`acme.openai.azure.com`) when
 * one is known, because two resources are two attack surfaces; everything else, and a tenant
 * provider with no (or a templated) host, uses the canonical host. `seenHost` is a host or URL;
 * a host that does not belong to the provider is ignored.
 */
export function apiHost(p: AiProvider, seenHost?: string): string {
  if (!p.tenantHosts || !seenHost) return canonicalHost(p);
  const h = hostPart(seenHost)?.replace(/:443$/, '');
  if (!h || /[{}$]/.test(h) || providerForHost(h)?.id !== p.id) return canonicalHost(p);
  return h;
}

const BY_ID = new Map(AI_PROVIDERS.map((p) => [p.id, p]));

/** The provider with this id, if catalogued. */
export function providerById(id: string): AiProvider | undefined {
  return BY_ID.get(id);
}

function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.includes('*')) return pattern === host;
  // `*` stands for one or more DNS labels (or a host before a port); anchored on both ends.
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[a-z0-9.-]+')}$`);
  return re.test(host);
}

/** `https://user@Host:8080/path` → `host:8080`; lower-case, no scheme, credentials or path. */
function hostPart(hostOrUrl: string): string | undefined {
  let h = hostOrUrl.trim().toLowerCase();
  const scheme = h.indexOf('://');
  if (scheme >= 0) h = h.slice(scheme + 3);
  h = h.split(/[/?#]/)[0] ?? h;
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  return h || undefined;
}

/**
 * The provider an API host belongs to, or undefined. Accepts a bare host, `host:port` or a URL;
 * case-insensitive. `my-res.openai.azure.com` → azure-openai; `localhost:11434` → ollama.
 */
export function providerForHost(hostOrUrl: string): AiProvider | undefined {
  const h = hostPart(hostOrUrl);
  if (!h) return undefined;
  const bare = h.replace(/:\d+$/, '');
  for (const p of AI_PROVIDERS) {
    for (const pat of p.hosts) {
      // Port-bearing patterns (ollama) compare with the port; the rest ignore it.
      if (pat.includes(':') ? hostMatches(pat, h) : hostMatches(pat, bare)) return p;
    }
  }
  return undefined;
}

/**
 * The provider configured by an environment variable name, or undefined. Exact names first; then
 * a `<PREFIX>_…` heuristic so `OPENAI_API_KEY_PROD` or `MY_APP_ANTHROPIC_API_KEY` still resolve.
 */
export function providerForEnvVar(name: string): AiProvider | undefined {
  const n = name.trim().toUpperCase();
  for (const p of AI_PROVIDERS) if (p.envVars.includes(n)) return p;
  for (const p of AI_PROVIDERS) {
    for (const v of p.envVars) {
      if (!/(_API_KEY|_TOKEN|_KEY)$/.test(v)) continue;
      if (n.startsWith(`${v}_`) || n.endsWith(`_${v}`)) return p;
    }
  }
  return undefined;
}

/** Providers with the longest id first, so `azure-openai-key` is Azure OpenAI, not OpenAI. */
const BY_ID_LENGTH = [...AI_PROVIDERS].sort((a, b) => b.id.length - a.id.length);

function tokens(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function hasRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, j) => words[i + j] === w)) return true;
  return false;
}

/**
 * The provider a loose name points at: a secret rule id (`azure-openai-key`, `hf-token`), a
 * vendor field (`Anthropic`), an env var (`OPENAI_API_KEY`). Env var names go through
 * `providerForEnvVar`; otherwise the provider id, name or an alias must appear as whole words
 * (`openai` in `openai-project-key`, not in `myopenaiproxy`), longest id first.
 */
export function providerForName(name: string): AiProvider | undefined {
  const byVar = providerForEnvVar(name);
  if (byVar) return byVar;
  const words = tokens(name);
  if (!words.length) return undefined;
  for (const p of BY_ID_LENGTH) {
    for (const n of [p.id, p.name, ...(p.aliases ?? [])]) if (hasRun(words, tokens(n))) return p;
  }
  return undefined;
}

/** True when the variable names a credential (key/token/secret), as opposed to an endpoint or flag. */
export function isCredentialVar(name: string): boolean {
  return /(API_KEY|_KEY|TOKEN|SECRET|PASSWORD)(_|$)/i.test(name);
}
