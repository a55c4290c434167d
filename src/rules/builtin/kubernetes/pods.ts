import type { JsonValue, Location } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { get, list } from '../cloud-shared/resource.js';

type O = Record<string, JsonValue>;

/** The Kubernetes AI workload types the analyzer emits. */
export const K8S_TYPES = ['kubernetes_deployment', 'kubernetes_stateful_set', 'kubernetes_daemon_set', 'kubernetes_replica_set', 'kubernetes_pod', 'kubernetes_job', 'kubernetes_cron_job', 'kubernetes_notebook', 'kubernetes_inference_service', 'kubernetes_ray_service', 'kubernetes_ray_cluster', 'kubernetes_seldon_deployment'];

export interface PodSpec {
  path: string;
  spec: O;
}
export interface Container {
  spec: PodSpec;
  c: O;
  name: string;
  path: string;
}

/** Pod specs of a workload (the analyzer records where they live in `pod_spec_paths`). */
export function podSpecs(r: CloudResource): PodSpec[] {
  return list(r.attributes.pod_spec_paths).flatMap((p) => {
    const s = get(r.attributes, String(p));
    return s && typeof s === 'object' && !Array.isArray(s) ? [{ path: String(p), spec: s as O }] : [];
  });
}

/** Containers and init containers; each keeps its own list in `path`, so findings point at its lines. */
export function containers(r: CloudResource): Container[] {
  return podSpecs(r).flatMap((ps) =>
    (['containers', 'initContainers'] as const).flatMap((field) =>
      list(ps.spec[field]).flatMap((c, i) => {
        if (!c || typeof c !== 'object' || Array.isArray(c)) return [];
        const o = c as O;
        const name = typeof o.name === 'string' ? o.name : String(i);
        return [{ spec: ps, c: o, name, path: `${ps.path}.${field}[${name}]` }];
      }),
    ),
  );
}

/** Location of a manifest path (falls back to shorter prefixes, then the object). */
export function kloc(r: CloudResource, path: string): Location {
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const l = r.attrLines[parts.slice(0, i).join('.')];
    if (l !== undefined) return { path: r.file, line: l, resource: r.address };
  }
  return { path: r.file, line: r.line, resource: r.address };
}

/** One verdict per container: `bad` returns a problem text or undefined. */
export function perContainer(r: CloudResource, bad: (c: Container) => { msg: string; at?: string } | undefined, okMsg: string): RuleVerdict[] {
  const cs = containers(r);
  const fails = cs.flatMap((c) => {
    const b = bad(c);
    return b ? [{ status: 'fail' as const, message: `${r.address} container ${c.name}: ${b.msg}`, location: kloc(r, b.at ? `${c.path}.${b.at}` : c.path), evidenceKey: c.name }] : [];
  });
  return fails.length ? fails : [{ status: 'pass', message: `${r.address}: ${okMsg}` }];
}

/** A container's effective security context value (container overrides pod). */
export function sc(c: Container, key: string): JsonValue | undefined {
  const own = get(c.c.securityContext, key);
  return own !== undefined ? own : get(c.spec.spec.securityContext, key);
}

/** A minimal manifest for examples: one Deployment running `image` with extra container/pod YAML. */
export function deployment(image: string, opts: { container?: string; pod?: string; args?: string[]; env?: string; labels?: string } = {}): string {
  const args = opts.args ? `          args: [${opts.args.map((a) => JSON.stringify(a)).join(', ')}]\n` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
  namespace: ai
spec:
  replicas: 1
  selector:
    matchLabels:
      app: llm
  template:
    metadata:
      labels:
        app: llm
    spec:
${opts.pod ?? ''}      containers:
        - name: server
          image: ${image}
${args}${opts.env ?? ''}${opts.container ?? ''}`;
}

export const SAFE_CONTAINER = `          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources:
            limits:
              cpu: "4"
              memory: 16Gi
              nvidia.com/gpu: 1
`;
export const VLLM = 'vllm/vllm-openai:v0.6.3';
