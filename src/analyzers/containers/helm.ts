import YAML from 'yaml';
import { matchAiImage } from '../shared/ai-images.js';
import type { WorkloadSpec } from './emit.js';
import { assertYamlSize } from '../shared/yaml-limit.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : []);

/** `image: "repo:tag"` or `image: { registry, repository, tag, digest }` → a reference. */
function imageRef(v: unknown, parentTag?: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isObj(v)) return undefined;
  const repo = typeof v.repository === 'string' ? v.repository : typeof v.name === 'string' ? v.name : undefined;
  if (!repo) return undefined;
  const reg = typeof v.registry === 'string' && v.registry ? `${v.registry}/` : '';
  const tag = v.tag ?? parentTag;
  const digest = typeof v.digest === 'string' && v.digest ? `@${v.digest}` : '';
  return `${reg}${repo}${tag !== undefined && tag !== '' && tag !== null ? `:${String(tag)}` : ''}${digest}`;
}

function envMap(v: unknown, into: Map<string, string>): void {
  if (Array.isArray(v)) {
    for (const e of v) if (isObj(e) && typeof e.name === 'string') into.set(e.name, e.value === undefined || e.value === null ? (isObj(e.valueFrom) ? '<from-secret>' : '') : String(e.value));
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) into.set(k, isObj(x) ? '<from-secret>' : x === null || x === undefined ? '' : String(x));
  }
}

/**
 * Helm values files: every map with an `image` that is a known AI image is a component. Its
 * siblings give the argv (`args`, `extraArgs`, `command`), env (`env`, `extraEnv`), a model
 * (`model`, `modelName`, Ollama's `ollama.models.pull`) and exposure (`service.type`
 * LoadBalancer/NodePort, `ingress.enabled`). Heuristic by nature: charts name things freely.
 */
export function parseHelmValues(text: string, filePath: string): WorkloadSpec[] {
  assertYamlSize(text);
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const specs: WorkloadSpec[] = [];
  let visited = 0;
  const walk = (node: unknown, keyPath: string[], depth: number) => {
    if (depth > 16 || ++visited > 20_000 || !YAML.isMap(node)) return;
    const obj = node.toJSON() as Obj;
    const image = imageRef(obj.image, obj.imageTag ?? obj.tag);
    if (image && matchAiImage(image)) {
      const component = keyPath.join('.') || 'root';
      const args = [...strs(obj.command), ...strs(obj.args), ...strs(obj.extraArgs)];
      for (const k of ['model', 'modelName', 'modelId', 'servedModelName']) {
        const m = obj[k];
        if (typeof m === 'string' && m && !args.includes(m)) args.push('--model', m);
      }
      const env = new Map<string, string>();
      envMap(obj.env, env);
      envMap(obj.extraEnv, env);
      envMap(obj.extraEnvVars, env);
      // The Ollama chart: `ollama: { models: { pull: [llama3] } }`.
      const ollama = isObj(obj.ollama) ? obj.ollama : undefined;
      const pull = ollama && isObj(ollama.models) ? strs(ollama.models.pull) : ollama ? strs(ollama.models) : [];
      if (pull[0]) args.push('run', pull[0]);
      const service = isObj(obj.service) ? obj.service : {};
      const ingress = isObj(obj.ingress) ? obj.ingress : {};
      const svcType = typeof service.type === 'string' ? service.type : 'ClusterIP';
      let exposure: string | undefined;
      if (/^(LoadBalancer|NodePort)$/.test(svcType)) exposure = `service.type ${svcType}`;
      else if (ingress.enabled === true) exposure = 'ingress enabled';
      const pairNode = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'image');
      const line = pairNode && YAML.isScalar(pairNode.key) && pairNode.key.range ? lc.linePos(pairNode.key.range[0]).line : undefined;
      const spec: WorkloadSpec = {
        provider: 'helm',
        locator: `${filePath}#${component}`,
        name: component === 'root' ? (filePath.split('/').slice(-2, -1)[0] ?? 'chart') : component,
        location: line ? { path: filePath, line, resource: component } : { path: filePath, resource: component },
        image,
        args,
        env,
        ports: typeof service.port === 'number' ? [{ container: service.port }] : [],
        exposedPublicly: exposure !== undefined,
        extra: { valuesFile: filePath, component, serviceType: svcType },
      };
      if (exposure) spec.exposure = exposure;
      specs.push(spec);
    }
    for (const p of node.items) {
      if (YAML.isScalar(p.key) && YAML.isMap(p.value) && p.key.value !== 'image') walk(p.value, [...keyPath, String(p.key.value)], depth + 1);
    }
  };
  walk(doc.contents, [], 0);
  return specs;
}
