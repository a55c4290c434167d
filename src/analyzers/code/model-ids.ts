/**
 * Recognises model ids in string literals. A literal must be *exactly* a model id (anchored), so
 * prose such as "we use gpt-4o here" never counts; ids in prose are not usage.
 */

export interface ModelRef {
  /** The model's vendor (asset provider): openai, anthropic, google, mistral, meta, huggingface, … */
  provider: string;
  /** The id as written (prefixes such as `models/` removed). */
  id: string;
  /** When the id is in a hosting platform's format (`anthropic.claude-…` → aws-bedrock). */
  platform?: string;
  /** A Hugging Face hub id (`org/name`). */
  hub?: boolean;
}

const V = '[\\w.:@-]*';

/** Vendor families, tried in order. Patterns match the lower-cased literal. */
const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`^(gpt-\\d${V}|gpt-oss${V}|chatgpt-(\\d|image)${V}|text-embedding-(3|ada)${V}|dall-e-[23]|whisper-1|tts-1(-hd)?|gpt-image-1${V}|(omni|text)-moderation${V}|davinci-002|babbage-002|computer-use-preview${V})$`), 'openai'],
  [/^o[134](-(mini|preview|pro|deep-research))?(-\d{4}-\d{2}-\d{2})?$/, 'openai'],
  [new RegExp(`^claude-(\\d|instant|sonnet|opus|haiku)${V}$`), 'anthropic'],
  [new RegExp(`^(gemini-(\\d|pro|ultra|nano|flash|exp|embedding)${V}|gemma-?\\d${V}|text-embedding-00\\d|(text|chat)-bison${V}|textembedding-gecko${V}|imagen-${V})$`), 'google'],
  [new RegExp(`^(open-)?(mistral|mixtral|codestral|ministral|pixtral|magistral|devstral)-${V}$`), 'mistral'],
  [new RegExp(`^(llama-?\\d${V}|llama${V}-\\d+b${V}|codellama${V}|llama3${V}|llama2${V})$`), 'meta'],
  [new RegExp(`^(command-(r(\\d+b)?(-plus)?(-\\d[\\d-]*)?|a-\\d+[\\w-]*|light|nightly)|embed-(english|multilingual)-${V}|rerank-${V})$`), 'cohere'],
  [new RegExp(`^deepseek-${V}$`), 'deepseek'],
  [new RegExp(`^qwen${V}$`), 'alibaba'],
  [new RegExp(`^grok-${V}$`), 'xai'],
  // `phi3`/`phi4` are Ollama tags; a bare `phi1`/`phi2` is a math name (Asymptote, sympy), Phi-1/2 are `phi-1`/`phi-2`.
  [new RegExp(`^phi(-[1-4]|[34])${V}$`), 'microsoft'],
  [new RegExp(`^(titan-(text|embed|image|tg1)${V}|nova-(pro|lite|micro|premier)${V})$`), 'amazon'],
];

/** Prefixes of router/gateway styles (`openai/gpt-4o` in litellm, `models/gemini-…`). */
const ROUTER_PREFIXES = new Set(['openai', 'anthropic', 'azure', 'bedrock', 'vertex_ai', 'gemini', 'google', 'mistral', 'groq', 'together_ai', 'ollama', 'ollama_chat', 'openrouter', 'deepseek', 'xai', 'cohere', 'models', 'fireworks_ai']);

/** Bedrock model id vendors: `anthropic.claude-3-5-sonnet-…-v1:0`, `us.meta.llama3-…`. */
const BEDROCK_VENDORS: Record<string, string> = { anthropic: 'anthropic', meta: 'meta', mistral: 'mistral', cohere: 'cohere', amazon: 'amazon', ai21: 'ai21', deepseek: 'deepseek', writer: 'writer', stability: 'stability' };

/** Hugging Face orgs whose `org/name` ids we accept anywhere, not only in loader calls. */
export const KNOWN_HUB_ORGS = new Set([
  'meta-llama', 'mistralai', 'qwen', 'google', 'microsoft', 'tiiuae', 'bigscience', 'sentence-transformers', 'baai', 'intfloat',
  'deepseek-ai', 'openai', 'thebloke', 'huggingfaceh4', 'nousresearch', 'bigcode', 'stabilityai', 'facebook', 'eleutherai',
  'allenai', 'nvidia', 'ibm-granite', 'cohereforai', 'databricks', 'mosaicml', 'distilbert', 'openai-community', 'unsloth',
  'thudm', '01-ai', 'lmsys', 'salesforce', 'cardiffnlp', 'emilyalsentzer', 'dmis-lab', 'microsoft-bioGPT',
].map((s) => s.toLowerCase()));

/**
 * Known hub orgs that are also big GitHub orgs: outside a loader call `Microsoft/TypeScript`,
 * `facebook/react` or `google/guava` is a repository, so the name must look like a model.
 */
const GITHUB_ORGS = new Set(['google', 'microsoft', 'facebook', 'openai', 'nvidia', 'salesforce', 'allenai', 'databricks', 'ibm-granite', 'bigscience', 'mosaicml', 'stabilityai', 'eleutherai']);
/** A model-looking name: a version or size digit, or a model family or size word. */
const MODELISH = /\d|bert|gpt|t5|llama|gemma|phi|whisper|clip|bart|opt|bloom|vit|detr|siglip|mpt|dolly|pythia|e5|bge|gte|(^|[-_.])(base|large|small|medium|tiny|mini|xl|xxl|instruct|chat|uncased|cased)([-_.]|$)/i;

const HUB_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

/** True when `s` has the shape of a Hugging Face `org/name` id (not a path: no `./`, no extension-only names). */
export function looksLikeHubId(s: string): boolean {
  if (!HUB_ID.test(s)) return false;
  if (/\.(json|ya?ml|txt|csv|jsonl|parquet|pt|pth|bin|pkl|safetensors|gguf|onnx|h5|py|md)$/i.test(s)) return false;
  const org = s.split('/')[0]!.toLowerCase();
  // `openai/v1`, `google/v2beta`: an API path's version segment, not a model name.
  if (/^v\d+(?:\.\d+)*(?:alpha|beta)?\d*$/i.test(s.split('/')[1]!)) return false;
  // Common path roots that are folders, not hub orgs.
  return !['data', 'models', 'model', 'output', 'outputs', 'src', 'tmp', 'checkpoints', 'ml', 'app', 'text', 'application', 'image', 'audio', 'video'].includes(org);
}

function family(lower: string): string | undefined {
  for (const [re, provider] of FAMILIES) if (re.test(lower)) return provider;
  return undefined;
}

/**
 * The model a string literal names, or undefined. `hubContext` is true when the literal is the
 * model argument of a Hugging Face loader, where any `org/name` id counts.
 */
export function classifyModelId(raw: string, hubContext = false): ModelRef | undefined {
  const s = raw.trim();
  if (s.length < 2 || s.length > 200 || /\s/.test(s)) return undefined;
  // OpenAI's ids are lower case; `'O3'` is a numpy dtype code, `Point('O1')` a sympy point.
  if (/^O\d/.test(s)) return undefined;
  // Identifiers are not ids: `"Qwen2Model"`, `"Phi3Config"` in `__all__`, HF `model_type = "llama4_text"`
  // (transformers had ~400 such ai-models). Served ids are lower case and punctuated (`qwen2.5:7b`,
  // `llama-3.1-8b`); a bare lower-case tag (`llama3`, `phi3`) stays.
  if (/^[A-Za-z_]\w*$/.test(s) && /[A-Z_]/.test(s)) return undefined;
  // A key prefix (`"gpt-oss.rope.scaling."`) is not an id.
  if (/[.:-]$/.test(s)) return undefined;
  const lower = s.toLowerCase();
  const direct = family(lower);
  if (direct) return { provider: direct, id: s };
  // Bedrock ids and cross-region inference profiles: `anthropic.claude-…`, `us.anthropic.claude-…`.
  const bedrock = /^(?:(?:us|eu|apac|global)\.)?([a-z0-9]+)\.([\w.:-]+)$/.exec(lower);
  if (bedrock && BEDROCK_VENDORS[bedrock[1]!] && (family(bedrock[2]!) || /v\d(:\d+)?$/.test(bedrock[2]!))) {
    return { provider: BEDROCK_VENDORS[bedrock[1]!]!, id: s, platform: 'aws-bedrock' };
  }
  const slash = s.indexOf('/');
  if (slash > 0) {
    const prefix = lower.slice(0, slash);
    const rest = s.slice(slash + 1);
    if (ROUTER_PREFIXES.has(prefix) && !rest.includes('/')) {
      const f = family(rest.toLowerCase());
      if (f) return { provider: f, id: rest, platform: prefix === 'models' ? undefined : prefix };
    }
    if (looksLikeHubId(s) && (hubContext || (KNOWN_HUB_ORGS.has(prefix) && (!GITHUB_ORGS.has(prefix) || MODELISH.test(rest))))) return { provider: 'huggingface', id: s, hub: true };
  }
  return undefined;
}

/** The external-API provider (ai-providers.ts id) that serves a vendor's models by default. */
export const VENDOR_API: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  cohere: 'cohere',
  deepseek: 'deepseek',
  xai: 'xai',
  amazon: 'aws-bedrock',
};

/** Router prefixes (`groq/…` in litellm, `bedrock/…`) → the ai-providers.ts id they reach. */
export const PLATFORM_API: Record<string, string> = {
  'aws-bedrock': 'aws-bedrock',
  bedrock: 'aws-bedrock',
  azure: 'azure-openai',
  vertex_ai: 'google',
  gemini: 'google',
  google: 'google',
  openai: 'openai',
  anthropic: 'anthropic',
  mistral: 'mistral',
  groq: 'groq',
  together_ai: 'together',
  ollama: 'ollama',
  ollama_chat: 'ollama',
  openrouter: 'openrouter',
  deepseek: 'deepseek',
  xai: 'xai',
  cohere: 'cohere',
  fireworks_ai: 'fireworks',
};

/**
 * Model ids written as SDK constants in Go and Java (`openai.GPT4oMini`, `openai.ChatModelGPT4o`,
 * `anthropic.ModelClaude3_5SonnetLatest`, `ChatModel.GPT_4O_MINI`, `Model.CLAUDE_3_5_SONNET_LATEST`)
 * → the id string, or undefined. The result must still be a known model family.
 */
export function modelFromConstant(name: string): ModelRef | undefined {
  const m = /^(?:ChatModel|Model)?_?(GPT|Claude|CLAUDE)(\w*)$/.exec(name);
  if (!m) return undefined;
  const family = m[1]!.toLowerCase();
  const rest = m[2]!
    .replace(/Dot/g, '.')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/([0-9])([A-Z])/g, (_x, d: string, u: string) => (u === 'O' && family === 'gpt' ? `${d}${u}` : `${d}-${u}`))
    .replace(/([A-Za-z])([0-9])/g, '$1-$2')
    .replace(/_/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  // Every real model constant carries a version number; `ClaudeService` is just a class.
  if (!/\d/.test(rest)) return undefined;
  return classifyModelId(`${family}-${rest}`);
}
