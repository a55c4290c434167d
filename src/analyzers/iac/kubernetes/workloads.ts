import type { JsonValue } from '../../../core/asset.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { matchAiImage, type AiImageMatch } from '../../shared/ai-images.js';
import { attr, list, str } from '../shared/attrs.js';
import type { K8sObject } from './parse.js';
import { internalLoadBalancer, selectorMatches } from './selectors.js';

type O = { [k: string]: JsonValue };

/** Where the pod spec(s) of each workload kind live. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec.template.spec'],
  StatefulSet: ['spec.template.spec'],
  DaemonSet: ['spec.template.spec'],
  ReplicaSet: ['spec.template.spec'],
  Job: ['spec.template.spec'],
  CronJob: ['spec.jobTemplate.spec.template.spec'],
  Notebook: ['spec.template.spec'],
  InferenceService: ['spec.predictor', 'spec.transformer', 'spec.explainer'],
  RayService: ['spec.rayClusterConfig.headGroupSpec.template.spec', 'spec.rayClusterConfig.workerGroupSpecs.template.spec'],
  RayCluster: ['spec.headGroupSpec.template.spec', 'spec.workerGroupSpecs.template.spec'],
  SeldonDeployment: ['spec.predictors.componentSpecs.spec'],
};

/** Kinds that are AI workloads by definition, whatever their images. */
const AI_KINDS: Record<string, { kind: 'inference-endpoint' | 'notebook' | 'workload'; product: string }> = {
  InferenceService: { kind: 'inference-endpoint', product: 'kserve' },
  SeldonDeployment: { kind: 'inference-endpoint', product: 'seldon' },
  Notebook: { kind: 'notebook', product: 'kubeflow-notebook' },
  RayService: { kind: 'inference-endpoint', product: 'ray-serve' },
  RayCluster: { kind: 'workload', product: 'ray' },
};

/**
 * Whether a workload answers requests: a catalogued model server, notebook or vector store, a
 * product that listens on a port (MLflow, Label Studio), or a serving CRD (a RayCluster's head runs
 * the dashboard and Jobs API). Training and base images (PyTorch, CUDA) and GPU pods of unknown
 * images run batches: they cannot be an unauthenticated server, whatever their network.
 */
function serves(match: AiImageMatch | undefined, crd: (typeof AI_KINDS)[string] | undefined): boolean {
  return crd !== undefined || (match !== undefined && (match.kind !== 'workload' || match.defaultPort !== undefined));
}

/** `kubernetes_deployment`, `kubernetes_inference_service`, … */
export function k8sType(kind: string): string {
  return `kubernetes_${kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** A Service's `spec.selector` (a plain label map): an empty or missing one selects no pods. */
const labelsMatch = (selector: JsonValue | undefined, labels: JsonValue | undefined): boolean => {
  if (!selector || typeof selector !== 'object' || Array.isArray(selector) || !Object.keys(selector).length) return false;
  return selectorMatches({ matchLabels: selector }, labels);
};

function podSpecs(o: O): { path: string; spec: O }[] {
  const kind = String(o.kind);
  const out: { path: string; spec: O }[] = [];
  for (const p of POD_SPEC_PATHS[kind] ?? []) {
    const walk = (cur: JsonValue | undefined, parts: string[], path: string) => {
      if (!parts.length) {
        if (cur && typeof cur === 'object' && !Array.isArray(cur)) out.push({ path, spec: cur as O });
        return;
      }
      if (Array.isArray(cur)) return cur.forEach((c) => walk(c, parts, path));
      if (!cur || typeof cur !== 'object') return;
      walk((cur as O)[parts[0]!], parts.slice(1), path ? `${path}.${parts[0]}` : parts[0]!);
    };
    walk(o, p.split('.'), '');
  }
  return out;
}

export function containersOf(spec: O): O[] {
  return [...list(spec.containers), ...list(spec.initContainers)].filter((c): c is O => !!c && typeof c === 'object' && !Array.isArray(c));
}

/** The pod labels of a workload (template labels; the object's own for a Pod). */
function podLabels(o: O): JsonValue | undefined {
  if (o.kind === 'Pod') return attr(o, 'metadata.labels');
  return attr(o, 'spec.template.metadata.labels') ?? attr(o, 'spec.jobTemplate.spec.template.metadata.labels') ?? attr(o, 'metadata.labels');
}

export interface K8sWorkload {
  resource: CloudResource;
  kind: 'inference-endpoint' | 'notebook' | 'workload' | 'vector-store';
  product: string;
  match?: AiImageMatch;
  /** Model ids the containers serve (from args). */
  models: string[];
}

/**
 * Finds the AI workloads among the objects of one folder and judges their exposure against the
 * folder's Services, Ingresses and NetworkPolicies. Non-AI workloads are not emitted (the
 * containers analyzer and graph joins own generic images).
 */
export function aiWorkloads(objects: K8sObject[]): K8sWorkload[] {
  const ns = (o: O) => str(attr(o, 'metadata.namespace')) ?? 'default';
  // Indexed once by namespace (and Ingresses by backend Service), so a folder of Helm output with
  // thousands of workloads, Services and Ingresses costs one pass each, not their product.
  const byNs = (kind: string) => {
    const m = new Map<string, K8sObject[]>();
    for (const x of objects) if (x.obj.kind === kind) (m.get(ns(x.obj)) ?? m.set(ns(x.obj), []).get(ns(x.obj))!).push(x);
    return m;
  };
  // A Service selects a pod only if the pod has every pair of its selector, so each Service is
  // filed under one of its pairs and a workload looks up only the pairs it carries.
  const servicesByPair = new Map<string, K8sObject[]>();
  for (const svc of objects) {
    if (svc.obj.kind !== 'Service') continue;
    const sel = attr(svc.obj, 'spec.selector');
    const first = sel && typeof sel === 'object' && !Array.isArray(sel) ? Object.entries(sel)[0] : undefined;
    if (!first) continue;
    const key = `${ns(svc.obj)}\u0000${first[0]}=${String(first[1])}`;
    (servicesByPair.get(key) ?? servicesByPair.set(key, []).get(key)!).push(svc);
  }
  const servicesFor = (o: O, labels: JsonValue | undefined): K8sObject[] => {
    const l = labels && typeof labels === 'object' && !Array.isArray(labels) ? Object.entries(labels) : [];
    return l.flatMap(([k, v]) => servicesByPair.get(`${ns(o)}\u0000${k}=${String(v)}`) ?? []);
  };
  const netpols = byNs('NetworkPolicy');
  const ingressesOf = new Map<string, K8sObject[]>();
  for (const ing of objects) {
    if (ing.obj.kind !== 'Ingress') continue;
    const spec = JSON.stringify(ing.obj.spec ?? {});
    const backends = new Set([...spec.matchAll(/"service":\{"name":"([^"]+)"/g), ...spec.matchAll(/"serviceName":"([^"]+)"/g)].map((m) => m[1]!));
    for (const b of backends) {
      const key = `${ns(ing.obj)}/${b}`;
      (ingressesOf.get(key) ?? ingressesOf.set(key, []).get(key)!).push(ing);
    }
  }
  const out: K8sWorkload[] = [];
  for (const w of objects) {
    const o = w.obj;
    const kind = String(o.kind);
    if (!POD_SPEC_PATHS[kind]) continue;
    const specs = podSpecs(o);
    const containers = specs.flatMap((s) => containersOf(s.spec));
    const images = containers.map((c) => str(c.image)).filter((x): x is string => !!x);
    const storageUri = str(attr(o, 'spec.predictor.model.storageUri')) ?? str(attr(o, 'spec.predictor.sklearn.storageUri'));
    let match: AiImageMatch | undefined;
    for (const img of images) if ((match = matchAiImage(img))) break;
    const gpu = containers.some((c) => JSON.stringify(c.resources ?? {}).includes('gpu'));
    const crd = AI_KINDS[kind];
    if (!match && !crd && !gpu) continue;
    const labels = podLabels(o);
    const exposure: O[] = [];
    for (const s of servicesFor(o, labels)) {
      const t = str(attr(s.obj, 'spec.type')) ?? 'ClusterIP';
      if (!labelsMatch(attr(s.obj, 'spec.selector'), labels)) continue;
      const entry: O = { via: `Service/${ns(s.obj)}/${str(attr(s.obj, 'metadata.name')) ?? ''}`, type: t, file: s.file, line: s.line };
      if (t === 'NodePort' || (t === 'LoadBalancer' && !internalLoadBalancer(s.obj))) exposure.push(entry);
      for (const ing of ingressesOf.get(`${ns(o)}/${str(attr(s.obj, 'metadata.name')) ?? ''}`) ?? []) exposure.push({ via: `Ingress/${ns(ing.obj)}/${str(attr(ing.obj, 'metadata.name')) ?? ''}`, type: 'Ingress', file: ing.file, line: ing.line });
    }
    const hostNet = specs.find((s) => s.spec.hostNetwork === true);
    if (hostNet) exposure.push({ via: 'hostNetwork', type: 'hostNetwork', file: w.file, line: w.lines[`${hostNet.path}.hostNetwork`] ?? w.line });
    // KServe exposes InferenceServices through its ingress gateway unless marked cluster-local.
    if (kind === 'InferenceService' && ((attr(o, 'metadata.labels') ?? {}) as O)['networking.kserve.io/visibility'] !== 'cluster-local') exposure.push({ via: 'KServe ingress gateway', type: 'Ingress', file: w.file, line: w.line });
    const policies = (netpols.get(ns(o)) ?? []).filter((p) => selectorMatches(attr(p.obj, 'spec.podSelector'), labels));
    const name = str(attr(o, 'metadata.name')) ?? 'unnamed';
    const models = match?.servesModelFromArgs ? containers.map((c) => match!.servesModelFromArgs!([...list(c.command), ...list(c.args)].map(String))).filter((m): m is string => !!m) : [];
    if (storageUri) models.push(storageUri);
    const attributes: O = {
      ...o,
      pod_spec_paths: specs.map((s) => s.path),
      exposure,
      network_policies: policies.map((p) => `${ns(p.obj)}/${str(attr(p.obj, 'metadata.name')) ?? ''}`),
      ai: { product: match?.product ?? crd?.product ?? 'gpu-workload', auth_flag: match?.authFlag ?? null, serves: serves(match, crd) },
    };
    out.push({
      resource: { provider: 'kubernetes', type: k8sType(kind), address: `${kind}/${ns(o)}/${name}`, name, attributes, attrLines: w.lines, file: w.file, line: w.line, source: 'kubernetes' },
      kind: crd?.kind ?? (match ? match.kind : 'workload'),
      product: match?.product ?? crd?.product ?? 'gpu-workload',
      ...(match ? { match } : {}),
      models: [...new Set(models)],
    });
  }
  return out;
}
