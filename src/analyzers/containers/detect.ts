import { flagValue, matchAiCommand, matchAiImage, type AiImageMatch } from '../shared/ai-images.js';
import { isPlaceholder } from '../shared/credentials.js';

/** What a container runs, judged from its image, command line and environment. */
export interface Detection {
  match: AiImageMatch;
  /** True / false when known; auth is judged from flags and env, never by connecting. */
  requiresAuth: boolean;
  /** Why we think so (`--api-key set`, `JUPYTER_TOKEN empty`, `no built-in auth`). */
  authEvidence: string;
  model?: string;
  /** LoRA adapters served on top of the base model (vLLM `--lora-modules name=path`). */
  loraModules?: string[];
  /** The server binds all interfaces inside the container (`--host 0.0.0.0`, `--ip=0.0.0.0`). */
  bindsAllInterfaces?: boolean;
}

const emptyish = (v: string | undefined) => v === undefined || v.trim() === '' || v.trim() === "''" || v.trim() === '""';

/**
 * Whether the product requires auth, per its own switches. Secrets are never kept: only whether a
 * switch is set, and to a literal or a reference.
 */
function judgeAuth(m: AiImageMatch, args: string[], env: Map<string, string>): { requiresAuth: boolean; authEvidence: string } {
  const joined = args.join(' ');
  switch (m.product) {
    case 'jupyter': {
      // Token or password explicitly emptied on the command line or in the environment.
      const tokenFlag = /--(NotebookApp|ServerApp|IdentityProvider)\.token=(''|""|\s|$)/.test(`${joined} `);
      // A non-empty (hashed) password still guards the server when the token is off.
      const pwSet = /--(NotebookApp|ServerApp|PasswordIdentityProvider)\.(hashed_)?password=(?!''|""|\s|$)/.test(`${joined} `);
      const envEmpty = env.has('JUPYTER_TOKEN') && emptyish(env.get('JUPYTER_TOKEN'));
      if (tokenFlag || envEmpty) return { requiresAuth: pwSet, authEvidence: pwSet ? 'token disabled but a password is set' : tokenFlag ? 'token disabled on the command line' : 'JUPYTER_TOKEN is empty' };
      return { requiresAuth: true, authEvidence: env.has('JUPYTER_TOKEN') ? 'JUPYTER_TOKEN set' : 'Jupyter generates a login token by default' };
    }
    case 'open-webui': {
      const v = env.get('WEBUI_AUTH');
      if (v !== undefined && /^(false|0|no)$/i.test(v.trim())) return { requiresAuth: false, authEvidence: 'WEBUI_AUTH=False' };
      return { requiresAuth: true, authEvidence: 'Open WebUI requires a login by default' };
    }
    case 'weaviate': {
      const anon = env.get('AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED');
      if (anon !== undefined && /^true$/i.test(anon.trim())) return { requiresAuth: false, authEvidence: 'anonymous access enabled' };
      if (env.has('AUTHENTICATION_APIKEY_ENABLED') && /^true$/i.test(env.get('AUTHENTICATION_APIKEY_ENABLED')!)) return { requiresAuth: true, authEvidence: 'API-key auth enabled' };
      return { requiresAuth: false, authEvidence: 'no authentication configured' };
    }
    case 'mlflow':
      return /--app-name[= ]basic-auth/.test(joined) ? { requiresAuth: true, authEvidence: '--app-name basic-auth' } : { requiresAuth: false, authEvidence: 'MLflow tracking server has no auth unless --app-name basic-auth' };
    default:
      break;
  }
  const flag = m.authFlag;
  if (!flag) return { requiresAuth: false, authEvidence: `${m.product} has no built-in authentication` };
  if (flag.startsWith('-')) {
    const v = flagValue(args, flag);
    if (v !== undefined && !emptyish(v)) return { requiresAuth: true, authEvidence: `${flag} set` };
  }
  // Env switches: the flag's own env name, or the product's conventional key variable.
  const envNames = [flag, `${m.product.toUpperCase().replace(/-/g, '_')}_API_KEY`, 'API_KEY', 'VLLM_API_KEY'];
  for (const n of envNames) {
    const v = env.get(n);
    if (v !== undefined && !emptyish(v)) return { requiresAuth: true, authEvidence: `${n} set` };
  }
  return { requiresAuth: false, authEvidence: flag.startsWith('-') ? `started without ${flag}` : `${flag} not set` };
}

/** Env-form (`KEY=VALUE`) model hints used by servers that read the model from the environment. */
const MODEL_ENV = ['MODEL_ID', 'MODEL', 'MODEL_NAME', 'HF_MODEL_ID', 'VLLM_MODEL', 'LLM_MODEL', 'OLLAMA_MODEL', 'SERVED_MODEL_NAME'];

/** Adapter names after `--lora-modules` (`name=path` tokens or JSON objects with `name`), up to the next flag. */
export function loraModules(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a !== '--lora-modules' && !a.startsWith('--lora-modules=')) continue;
    const vals = a.includes('=') && a.startsWith('--lora-modules=') ? [a.slice('--lora-modules='.length)] : [];
    for (let j = i + 1; j < args.length && !args[j]!.startsWith('-'); j++) vals.push(args[j]!);
    for (const v of vals) {
      const json = /"name"\s*:\s*"([^"]+)"/.exec(v);
      const name = json ? json[1] : v.includes('=') ? v.slice(0, v.indexOf('=')) : undefined;
      if (name && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/**
 * Detects an AI container from its image, else from its command line. `args` is the effective
 * argv (entrypoint + command); `env` is the container environment (values only used to judge
 * switches, never stored).
 */
export function detect(image: string | undefined, args: string[], env: Map<string, string>): Detection | undefined {
  const match = (image ? matchAiImage(image) : undefined) ?? matchAiCommand(args);
  if (!match) return undefined;
  const auth = judgeAuth(match, args, env);
  const d: Detection = { match, ...auth };
  let model = match.servesModelFromArgs?.(args);
  if (!model) {
    // `vllm serve org/model` needs the verb; image entrypoints take `--model`; env is the fallback.
    const fromCmd = matchAiCommand(args)?.servesModelFromArgs?.(args);
    model = fromCmd ?? MODEL_ENV.map((k) => env.get(k)).find((v) => v && !isPlaceholder(v) && !v.includes('${'));
  }
  if (model && !model.startsWith('/') && !model.startsWith('$')) d.model = model;
  const lora = loraModules(args);
  if (lora.length) d.loraModules = lora;
  const host = flagValue(args, '--host', '--ip', '--bind', '-H', '--hostname', '--NotebookApp.ip', '--ServerApp.ip') ?? env.get('OLLAMA_HOST') ?? env.get('HOST');
  if (host !== undefined) d.bindsAllInterfaces = /^(0\.0\.0\.0|::|\*|\[::\])(:\d+)?$/.test(host.replace(/^https?:\/\//, ''));
  return d;
}
