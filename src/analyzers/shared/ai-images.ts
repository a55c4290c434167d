/**
 * The catalogue of container images that run AI workloads: inference servers, notebooks, MLOps
 * servers and vector databases. Shared by the containers analyzer (Dockerfile, compose, Helm) and the
 * Kubernetes analyzer, so the same image is judged the same way wherever it is declared.
 */

export type AiImageKind = 'inference-endpoint' | 'workload' | 'vector-store' | 'notebook';

export interface AiImageMatch {
  /** Product id (`vllm`, `ollama`, `jupyter`, …): the asset `type`. */
  product: string;
  kind: AiImageKind;
  /** The port the product listens on by default. */
  defaultPort?: number;
  /**
   * The flag or env var that turns authentication on (`--api-key` for vLLM, `JUPYTER_TOKEN`, …).
   * Absent when the product has no built-in auth (Ollama): then it never requires auth by itself.
   */
  authFlag?: string;
  /** True when the product turns auth on by itself unless configured off (Jupyter's generated token, Open WebUI's login). */
  authByDefault?: boolean;
  /** Pulls the served model out of the container's command/args, when the product takes one there. */
  servesModelFromArgs?: (args: string[]) => string | undefined;
}

interface Entry extends AiImageMatch {
  /** Matched against the image's repository path without registry and tag (`vllm/vllm-openai`). */
  patterns: RegExp[];
}

/** The value after `--flag value` or `--flag=value` in args. */
export function flagValue(args: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const f of flags) {
      if (a === f) {
        const v = args[i + 1];
        if (v !== undefined && !v.startsWith('-')) return v;
      } else if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

/** vLLM: `vllm serve <model>` / the OpenAI image's `--model <id>` / a bare first positional. */
function vllmModel(args: string[]): string | undefined {
  const m = flagValue(args, '--model');
  if (m) return m;
  const serve = args.indexOf('serve');
  if (serve >= 0) {
    const next = args[serve + 1];
    if (next && !next.startsWith('-')) return next;
  }
  // The vllm-openai image's entrypoint is the server; a first positional arg is the model.
  const first = args[0];
  return first && !first.startsWith('-') && first.includes('/') ? first : undefined;
}

const tgiModel = (args: string[]) => flagValue(args, '--model-id');
const llamaCppModel = (args: string[]) => flagValue(args, '-m', '--model', '-hf', '--hf-repo');
const sglangModel = (args: string[]) => flagValue(args, '--model-path', '--model');
const genericModel = (args: string[]) => flagValue(args, '--model', '--model-id', '--model-name', '--model_name');

/** `ollama run llama3` style: the argument after `run`/`pull`. */
function ollamaModel(args: string[]): string | undefined {
  for (const verb of ['run', 'pull']) {
    const i = args.indexOf(verb);
    const next = i >= 0 ? args[i + 1] : undefined;
    if (next && !next.startsWith('-')) return next;
  }
  return undefined;
}

const ENTRIES: readonly Entry[] = [
  { product: 'vllm', kind: 'inference-endpoint', defaultPort: 8000, authFlag: '--api-key', servesModelFromArgs: vllmModel, patterns: [/(^|\/)vllm(-openai|-cpu|-tpu|-rocm)?$/, /(^|\/)vllm\/vllm/] },
  { product: 'ollama', kind: 'inference-endpoint', defaultPort: 11434, servesModelFromArgs: ollamaModel, patterns: [/(^|\/)ollama\/ollama$/, /(^|\/)ollama$/] },
  { product: 'tgi', kind: 'inference-endpoint', defaultPort: 80, authFlag: '--api-key', servesModelFromArgs: tgiModel, patterns: [/text-generation-inference$/] },
  { product: 'tei', kind: 'inference-endpoint', defaultPort: 80, authFlag: '--api-key', servesModelFromArgs: tgiModel, patterns: [/text-embeddings-inference$/] },
  { product: 'triton', kind: 'inference-endpoint', defaultPort: 8000, servesModelFromArgs: (a) => flagValue(a, '--model-repository'), patterns: [/nvidia\/tritonserver$/, /(^|\/)tritonserver$/] },
  { product: 'nim', kind: 'inference-endpoint', defaultPort: 8000, patterns: [/^nim\//, /nvcr\.io\/nim\//] },
  { product: 'ray-serve', kind: 'inference-endpoint', defaultPort: 8000, patterns: [/(^|\/)rayproject\/ray(-ml)?$/] },
  { product: 'torchserve', kind: 'inference-endpoint', defaultPort: 8080, patterns: [/pytorch\/torchserve(-kfs)?$/] },
  { product: 'tensorflow-serving', kind: 'inference-endpoint', defaultPort: 8501, servesModelFromArgs: (a) => flagValue(a, '--model_name'), patterns: [/tensorflow\/serving$/] },
  { product: 'kserve', kind: 'inference-endpoint', defaultPort: 8080, servesModelFromArgs: genericModel, patterns: [/^kserve\//, /\/kserve\//] },
  { product: 'seldon', kind: 'inference-endpoint', defaultPort: 9000, patterns: [/^seldonio\//] },
  { product: 'bentoml', kind: 'inference-endpoint', defaultPort: 3000, patterns: [/^bentoml\//] },
  { product: 'localai', kind: 'inference-endpoint', defaultPort: 8080, authFlag: 'API_KEY', servesModelFromArgs: genericModel, patterns: [/(^|\/)localai\/localai$/, /go-skynet\/local-ai$/] },
  { product: 'llama-cpp-server', kind: 'inference-endpoint', defaultPort: 8080, authFlag: '--api-key', servesModelFromArgs: llamaCppModel, patterns: [/ggerganov\/llama\.cpp$/, /ggml-org\/llama\.cpp$/, /llama-cpp-python$/] },
  { product: 'sglang', kind: 'inference-endpoint', defaultPort: 30000, authFlag: '--api-key', servesModelFromArgs: sglangModel, patterns: [/lmsysorg\/sglang$/] },
  { product: 'litellm-proxy', kind: 'inference-endpoint', defaultPort: 4000, authFlag: 'LITELLM_MASTER_KEY', patterns: [/berriai\/litellm(-database|-non_root)?$/, /litellm\/litellm$/] },
  { product: 'open-webui', kind: 'inference-endpoint', defaultPort: 8080, authFlag: 'WEBUI_AUTH', authByDefault: true, patterns: [/open-webui\/open-webui$/] },
  { product: 'xinference', kind: 'inference-endpoint', defaultPort: 9997, patterns: [/xprobe\/xinference$/] },
  { product: 'jupyter', kind: 'notebook', defaultPort: 8888, authFlag: 'JUPYTER_TOKEN', authByDefault: true, patterns: [/^jupyter\//, /quay\.io\/jupyter\//, /jupyterhub\/(k8s-)?singleuser/, /(^|\/)jupyterlab$/] },
  { product: 'mlflow', kind: 'workload', defaultPort: 5000, authFlag: '--app-name', patterns: [/mlflow\/mlflow$/, /(^|\/)mlflow$/, /burakince\/mlflow$/] },
  { product: 'kubeflow', kind: 'workload', patterns: [/kubeflow/] },
  { product: 'label-studio', kind: 'workload', defaultPort: 8080, patterns: [/heartexlabs\/label-studio$/] },
  { product: 'pytorch', kind: 'workload', patterns: [/(^|\/)pytorch\/pytorch$/, /nvcr\.io\/nvidia\/pytorch$/, /(^|\/)nvidia\/pytorch$/] },
  { product: 'tensorflow', kind: 'workload', patterns: [/tensorflow\/tensorflow$/, /nvidia\/tensorflow$/] },
  { product: 'huggingface-transformers', kind: 'workload', patterns: [/huggingface\/transformers-/] },
  { product: 'cuda', kind: 'workload', patterns: [/nvidia\/cuda$/] },
  { product: 'qdrant', kind: 'vector-store', defaultPort: 6333, authFlag: 'QDRANT__SERVICE__API_KEY', patterns: [/qdrant\/qdrant$/] },
  { product: 'weaviate', kind: 'vector-store', defaultPort: 8080, authFlag: 'AUTHENTICATION_APIKEY_ENABLED', patterns: [/semitechnologies\/weaviate$/, /weaviate\/weaviate$/] },
  { product: 'chroma', kind: 'vector-store', defaultPort: 8000, authFlag: 'CHROMA_SERVER_AUTHN_PROVIDER', patterns: [/chromadb\/chroma$/, /chroma-core\/chroma$/] },
  { product: 'milvus', kind: 'vector-store', defaultPort: 19530, authFlag: 'COMMON_SECURITY_AUTHORIZATIONENABLED', patterns: [/milvusdb\/milvus$/] },
  { product: 'pgvector', kind: 'vector-store', defaultPort: 5432, authFlag: 'POSTGRES_PASSWORD', patterns: [/pgvector\/pgvector$/, /ankane\/pgvector$/] },
  { product: 'elasticsearch', kind: 'vector-store', defaultPort: 9200, patterns: [/elasticsearch\/elasticsearch$/] },
  { product: 'opensearch', kind: 'vector-store', defaultPort: 9200, patterns: [/opensearchproject\/opensearch$/] },
  { product: 'redis-stack', kind: 'vector-store', defaultPort: 6379, patterns: [/redis\/redis-stack(-server)?$/] },
];

/** Splits `registry/path/name:tag@sha256:…` into its repository path (no registry when obvious), tag and digest. */
export function parseImageRef(image: string): { repository: string; tag?: string; digest?: string } {
  let ref = image.trim();
  let digest: string | undefined;
  const at = ref.indexOf('@');
  if (at >= 0) {
    digest = ref.slice(at + 1);
    ref = ref.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  const out: { repository: string; tag?: string; digest?: string } = { repository: ref.toLowerCase() };
  if (tag) out.tag = tag;
  if (digest) out.digest = digest;
  return out;
}

/** Strips `docker.io/`, `library/` and `index.docker.io/` so Hub images match by their short path. */
function normaliseRepository(repo: string): string {
  return repo.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

/**
 * The AI product an image runs, or undefined. Tag and digest are ignored; registry hosts other than
 * Docker Hub are kept so `nvcr.io/nvidia/tritonserver:24.05-py3` and `ghcr.io/open-webui/open-webui`
 * both match. Variables (`${IMAGE}`) never match.
 */
export function matchAiImage(image: string): AiImageMatch | undefined {
  if (!image || image.includes('${') || image.includes('{{')) return undefined;
  const repo = normaliseRepository(parseImageRef(image).repository);
  for (const e of ENTRIES) {
    if (e.patterns.some((p) => p.test(repo))) {
      const { patterns: _patterns, ...match } = e;
      return match;
    }
  }
  return undefined;
}

/**
 * True when the image reference pins what runs: a digest, or a tag that is not `latest`/absent and
 * not an obviously floating one (`main`, `nightly`, `stable`, `edge`).
 */
export function isImagePinned(image: string): boolean {
  const { tag, digest } = parseImageRef(image);
  if (digest) return true;
  if (!tag) return false;
  return !/^(latest|main|master|nightly|stable|edge|dev|rolling)$/i.test(tag);
}

/** Server binaries and Python modules → catalogue product, for images that are generic (`python:3.11`). */
const COMMANDS: readonly [RegExp, string][] = [
  [/^vllm$/, 'vllm'],
  [/^vllm\.entrypoints/, 'vllm'],
  [/^ollama$/, 'ollama'],
  [/^jupyter(-lab|-notebook|hub-singleuser)?$/, 'jupyter'],
  [/^jupyterlab$/, 'jupyter'],
  [/^mlflow$/, 'mlflow'],
  [/^text-generation-launcher$/, 'tgi'],
  [/^text-embeddings-router$/, 'tei'],
  [/^tritonserver$/, 'triton'],
  [/^llama-server$/, 'llama-cpp-server'],
  [/^llama_cpp\.server$/, 'llama-cpp-server'],
  [/^litellm$/, 'litellm-proxy'],
  [/^bentoml$/, 'bentoml'],
  [/^serve$/, 'ray-serve'],
  [/^torchserve$/, 'torchserve'],
  [/^tensorflow_model_server$/, 'tensorflow-serving'],
  [/^sglang\.launch_server$/, 'sglang'],
  [/^local-ai$/, 'localai'],
  [/^open-webui$/, 'open-webui'],
  [/^xinference(-local)?$/, 'xinference'],
  [/^label-studio$/, 'label-studio'],
];

/** Sub-commands that make the binary a server (`mlflow server`, not `mlflow run`). */
const SERVER_VERBS: Readonly<Record<string, RegExp>> = {
  vllm: /^serve$/,
  ollama: /^serve$/,
  mlflow: /^(server|ui)$/,
  bentoml: /^serve(-http|-grpc)?$/,
  'ray-serve': /^(run|deploy|start)$/,
  'open-webui': /^serve$/,
  'label-studio': /^(start)?$/,
};

/**
 * The AI product a container command line starts (`["vllm", "serve", "org/model"]`,
 * `python -m vllm.entrypoints.openai.api_server`, `jupyter lab`, `mlflow server`), or undefined.
 * Shell-form commands may be passed split on whitespace; `sh -c "…"` is looked into.
 */
export function matchAiCommand(argv: readonly string[]): AiImageMatch | undefined {
  let args = argv.filter((a) => a !== '');
  if (args.length >= 3 && /(^|\/)(ba|da|z)?sh$/.test(args[0]!) && args[1] === '-c') args = args.slice(2).join(' ').split(/\s+/);
  for (let i = 0; i < Math.min(args.length, 8); i++) {
    let tok = args[i]!.split('/').pop() ?? '';
    let next = args[i + 1] ?? '';
    if (/^python[\d.]*$/.test(tok) && args[i + 1] === '-m') {
      tok = args[i + 2] ?? '';
      next = args[i + 3] ?? '';
    }
    for (const [re, product] of COMMANDS) {
      if (!re.test(tok)) continue;
      const verb = SERVER_VERBS[product];
      if (verb && !verb.test(tok.includes('.') ? 'serve' : next.startsWith('-') ? '' : next)) continue;
      const e = ENTRIES.find((x) => x.product === product);
      if (!e) continue;
      const { patterns: _patterns, ...match } = e;
      return match;
    }
    if (['&&', ';', '|'].includes(args[i]!)) continue;
  }
  return undefined;
}
