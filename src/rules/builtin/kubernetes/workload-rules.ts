import type { JsonValue } from '../../../core/index.js';
import { maskValue } from '../../../core/index.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { iacRule, k8s } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, list } from '../cloud-shared/resource.js';
import { containers, deployment, K8S_TYPES, kloc, perContainer, podSpecs, SAFE_CONTAINER, sc, VLLM } from './pods.js';

type O = Record<string, JsonValue>;
const lb = `---
apiVersion: v1
kind: Service
metadata:
  name: llm
  namespace: ai
spec:
  type: LoadBalancer
  selector:
    app: llm
  ports:
    - port: 80
      targetPort: 8000
`;
const netpol = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: llm-ingress
  namespace: ai
spec:
  podSelector:
    matchLabels:
      app: llm
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: apps
`;
const keyEnv = `          env:
            - name: VLLM_API_KEY
              valueFrom:
                secretKeyRef:
                  name: vllm
                  key: api-key
`;

const authArgs = (c: O): string[] => [...list(c.command), ...list(c.args)].map(String);
const envNames = (c: O): Map<string, JsonValue | undefined> => new Map(list(c.env).map((e) => [String((e as O)?.name), (e as O)?.value ?? (e as O)?.valueFrom]));
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
const PLACEHOLDER = /^(\$\(|\$\{|<|changeme$|xxx|your[-_])/i;

/** Kubernetes AI workloads: exposure, auth, pod hardening, secrets, GPU limits, image pinning. */
export const kubernetesRules = [
  iacRule({
    id: 'k8s_ai_workload_not_publicly_exposed',
    title: 'Kubernetes AI workloads are not exposed through LoadBalancer, NodePort, Ingress or hostNetwork',
    severity: 'high',
    category: 'exposure',
    risk: 'A model server, notebook or MLOps UI behind a LoadBalancer or Ingress is reachable from outside the cluster; most of them have weak or no authentication by default.',
    remediation: 'Use a ClusterIP Service and put an authenticating gateway in front, or restrict the load balancer with loadBalancerSourceRanges / an internal LB annotation.',
    remediationCode: { kubernetes: 'spec:\n  type: ClusterIP' },
    frameworks: FW.exposure,
    types: K8S_TYPES,
    check: (r) => {
      const ex = list(r.attributes.exposure).filter((e): e is O => !!e && typeof e === 'object' && !Array.isArray(e));
      if (!ex.length) return { status: 'pass', message: `${r.address}: not exposed outside the cluster in these manifests` };
      return ex.map((e): RuleVerdict => ({ status: 'fail', message: `${r.address}: exposed through ${String(e.via)} (${String(e.type)})`, location: { path: String(e.file), line: Number(e.line), resource: String(e.via) }, evidenceKey: String(e.via) }));
    },
    examples: { pass: [k8s('cluster ip', deployment(VLLM))], fail: [k8s('load balancer', deployment(VLLM) + lb)] },
  }),
  iacRule({
    id: 'k8s_ai_server_auth_enabled',
    title: 'Self-hosted model servers and notebooks on Kubernetes require authentication',
    severity: 'high',
    category: 'identity',
    risk: 'vLLM, TGI, llama.cpp and similar servers answer anyone who can reach them unless an API key is set; Jupyter with an empty token is a remote shell; Ollama has no authentication at all.',
    remediation: 'Start the server with its auth option (vLLM `--api-key` or VLLM_API_KEY from a Secret, Jupyter token, MLflow `--app-name basic-auth`), or front it with an authenticating proxy and keep it off public networks.',
    frameworks: FW.keyAuth,
    types: K8S_TYPES,
    check: (r) => {
      const ai = (r.attributes.ai ?? {}) as O;
      // A training job or base image does not serve: there is no server whose auth could be off.
      if (ai.serves === false) return undefined;
      const product = String(ai.product ?? '');
      const flag = typeof ai.auth_flag === 'string' ? ai.auth_flag : undefined;
      const exposed = list(r.attributes.exposure).length > 0;
      const out: RuleVerdict[] = [];
      const cs = containers(r);
      for (const c of cs) {
        const first = c === cs[0];
        const args = authArgs(c.c);
        const env = envNames(c.c);
        if (product === 'jupyter') {
          const empty = args.some((a) => /--(NotebookApp|ServerApp|IdentityProvider)\.token=(''|""|)$/.test(a)) || env.get('JUPYTER_TOKEN') === '';
          out.push(empty ? { status: 'fail', message: `${r.address}: Jupyter runs with an empty token (no authentication)`, location: kloc(r, `${c.path}.args`), evidenceKey: c.name } : { status: 'pass', message: `${r.address}: Jupyter token authentication is on`, evidenceKey: c.name });
          continue;
        }
        if (!flag) {
          if (exposed && first) out.push({ status: 'fail', message: `${r.address}: ${product} has no built-in authentication and is exposed outside the cluster`, location: kloc(r, c.path), evidenceKey: c.name });
          continue;
        }
        const envFlag = flag.startsWith('--') ? `${product.toUpperCase().replace(/-/g, '_')}_${flag.slice(2).toUpperCase().replace(/-/g, '_')}` : flag;
        const on = args.some((a) => a === flag || a.startsWith(`${flag}=`)) || env.has(flag) || env.has(envFlag);
        if (first || on) out.push(on ? { status: 'pass', message: `${r.address}: ${product} requires ${flag}`, evidenceKey: c.name } : { status: 'fail', message: `${r.address}: ${product} runs without ${flag}: anyone who reaches it can use the model`, location: kloc(r, `${c.path}.args`), evidenceKey: c.name });
      }
      return out.length ? out : undefined;
    },
    examples: {
      pass: [k8s('api key from secret', deployment(VLLM, { args: ['--model', 'meta-llama/Llama-3.1-8B-Instruct'], env: keyEnv })), k8s('api key flag', deployment(VLLM, { args: ['--model', 'm', '--api-key', '$(VLLM_API_KEY)'] }))],
      fail: [k8s('no key', deployment(VLLM, { args: ['--model', 'meta-llama/Llama-3.1-8B-Instruct'] })), k8s('jupyter empty token', deployment('quay.io/jupyter/scipy-notebook:2024-10-07', { args: ['start-notebook.py', "--IdentityProvider.token=''"] })), k8s('exposed ollama', deployment('ollama/ollama:0.3.12') + lb)],
    },
  }),
  iacRule({
    id: 'k8s_container_not_privileged',
    title: 'AI workload containers are not privileged',
    severity: 'high',
    category: 'runtime',
    risk: 'A privileged container (often added for GPU access) has full access to the node: a compromised model server or notebook becomes a node and cluster compromise.',
    remediation: 'Remove privileged: true; expose GPUs with the device plugin (nvidia.com/gpu limits) instead.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => perContainer(r, (c) => (get(c.c.securityContext, 'privileged') === true ? { msg: 'runs privileged', at: 'securityContext.privileged' } : undefined), 'no privileged containers'),
    examples: { pass: [k8s('unprivileged', deployment(VLLM, { container: SAFE_CONTAINER }))], fail: [k8s('privileged', deployment(VLLM, { container: '          securityContext:\n            privileged: true\n' }))] },
  }),
  iacRule({
    id: 'k8s_container_runs_as_non_root',
    title: 'AI workload containers run as a non-root user',
    severity: 'medium',
    category: 'runtime',
    risk: 'Most inference and notebook images run as root by default; a code-execution bug (e.g. a malicious model file) then runs as root in the container, a step from the node.',
    remediation: 'Set securityContext.runAsNonRoot: true (and runAsUser to a non-zero id).',
    remediationCode: { kubernetes: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 1000' },
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => perContainer(r, (c) => (sc(c, 'runAsNonRoot') === true || Number(sc(c, 'runAsUser') ?? 0) > 0 ? undefined : { msg: 'may run as root (no runAsNonRoot / non-zero runAsUser)', at: 'securityContext' }), 'all containers run as non-root'),
    examples: { pass: [k8s('non-root', deployment(VLLM, { container: SAFE_CONTAINER })), k8s('pod level', deployment(VLLM, { pod: '      securityContext:\n        runAsUser: 1000\n' }))], fail: [k8s('default', deployment(VLLM))] },
  }),
  iacRule({
    id: 'k8s_container_no_privilege_escalation',
    title: 'AI workload containers cannot escalate privileges',
    severity: 'medium',
    category: 'runtime',
    risk: 'With privilege escalation allowed, setuid binaries in large ML images let an attacker in the container become root.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => perContainer(r, (c) => (get(c.c.securityContext, 'allowPrivilegeEscalation') === false ? undefined : { msg: 'allowPrivilegeEscalation is not false', at: 'securityContext' }), 'privilege escalation disabled'),
    examples: { pass: [k8s('disabled', deployment(VLLM, { container: SAFE_CONTAINER }))], fail: [k8s('default', deployment(VLLM))] },
  }),
  iacRule({
    id: 'k8s_pod_no_host_path',
    title: 'AI workloads do not mount host paths',
    severity: 'high',
    category: 'runtime',
    risk: 'hostPath volumes (common for model caches) give the container the node’s filesystem: it can read other pods’ secrets or plant files the kubelet runs.',
    remediation: 'Use a PersistentVolumeClaim or an emptyDir for model caches instead of hostPath.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => {
      const bad = podSpecs(r).flatMap((ps) => list(ps.spec.volumes).filter((v) => (v as O)?.hostPath !== undefined).map((v) => ({ ps, v: v as O })));
      return bad.length ? bad.map(({ ps, v }) => ({ status: 'fail' as const, message: `${r.address}: volume ${String(v.name)} mounts host path ${String(get(v.hostPath, 'path'))}`, location: kloc(r, `${ps.path}.volumes[${String(v.name)}]`), evidenceKey: String(v.name) })) : { status: 'pass', message: `${r.address}: no hostPath volumes` };
    },
    examples: { pass: [k8s('pvc', deployment(VLLM, { pod: '      volumes:\n        - name: cache\n          persistentVolumeClaim:\n            claimName: hf-cache\n' }))], fail: [k8s('host path', deployment(VLLM, { pod: '      volumes:\n        - name: cache\n          hostPath:\n            path: /root/.cache/huggingface\n' }))] },
  }),
  iacRule({
    id: 'k8s_pod_no_host_namespaces',
    title: 'AI workloads do not share the host network, PID or IPC namespace',
    severity: 'high',
    category: 'runtime',
    risk: 'hostNetwork puts the model server on the node’s network (reachable on the node IP, able to reach the metadata service); hostPID/hostIPC let it see and signal node processes.',
    remediation: 'Remove hostNetwork, hostPID and hostIPC; use a Service for networking.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => {
      const bad = podSpecs(r).flatMap((ps) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => ps.spec[k] === true).map((k) => ({ ps, k })));
      return bad.length ? bad.map(({ ps, k }) => ({ status: 'fail' as const, message: `${r.address}: ${k} is enabled`, location: kloc(r, `${ps.path}.${k}`), evidenceKey: k })) : { status: 'pass', message: `${r.address}: no host namespaces` };
    },
    examples: { pass: [k8s('isolated', deployment(VLLM))], fail: [k8s('host network', deployment(VLLM, { pod: '      hostNetwork: true\n' }))] },
  }),
  iacRule({
    id: 'k8s_ai_workload_has_network_policy',
    title: 'Kubernetes AI workloads are selected by a NetworkPolicy',
    severity: 'medium',
    category: 'exposure',
    risk: 'Without a NetworkPolicy any pod in the cluster can call the model server or notebook, and it can call out anywhere — lateral movement and exfiltration are unchecked.',
    remediation: 'Add a NetworkPolicy selecting the workload that allows ingress only from its clients (and restricts egress).',
    frameworks: FW.isolation,
    types: K8S_TYPES,
    check: (r) => {
      const pols = list(r.attributes.network_policies);
      return pols.length ? { status: 'pass', message: `${r.address}: selected by NetworkPolicy ${String(pols[0])}` } : { status: 'fail', message: `${r.address}: no NetworkPolicy in these manifests selects the workload` };
    },
    examples: { pass: [k8s('policy', deployment(VLLM) + netpol)], fail: [k8s('none', deployment(VLLM))] },
  }),
  iacRule({
    id: 'k8s_container_no_secrets_in_env',
    title: 'AI workload containers take secrets from Secrets, not literal env values',
    severity: 'high',
    category: 'secret',
    risk: 'API keys and tokens written as literal env values sit in Git, in the Deployment object and in every `kubectl get -o yaml`; anyone with read access can use them.',
    remediation: 'Move the value into a Secret and reference it with valueFrom.secretKeyRef.',
    remediationCode: { kubernetes: 'env:\n  - name: OPENAI_API_KEY\n    valueFrom:\n      secretKeyRef:\n        name: openai\n        key: api-key' },
    frameworks: FW.secrets,
    types: K8S_TYPES,
    check: (r) => {
      const out: RuleVerdict[] = [];
      for (const c of containers(r)) {
        for (const e of list(c.c.env)) {
          const o = (e ?? {}) as O;
          const name = String(o.name ?? '');
          const v = o.value;
          if (!SECRET_NAME.test(name) || typeof v !== 'string' || v.length < 6 || PLACEHOLDER.test(v)) continue;
          out.push({ status: 'fail', message: `${r.address} container ${c.name}: ${name} is a literal value (${maskValue(v)})`, location: kloc(r, `${c.path}.env[${name}]`), evidenceKey: `${c.name}:${name}` });
        }
      }
      return out.length ? out : { status: 'pass', message: `${r.address}: no literal secrets in env` };
    },
    examples: {
      pass: [k8s('secret ref', deployment(VLLM, { env: keyEnv }))],
      fail: [k8s('literal key', deployment(VLLM, { env: `          env:\n            - name: HF_TOKEN\n              value: ${['hf', 'Zq3x', 'Lm8v', 'Tn2w', 'Rk5y', 'Pd9s'].join('')}\n` }))],
    },
  }),
  iacRule({
    id: 'k8s_ai_workload_resource_limits_set',
    title: 'Kubernetes AI workloads set CPU, memory and GPU limits',
    severity: 'medium',
    category: 'runtime',
    risk: 'Model servers without limits can exhaust the node (noisy neighbour, denial of service by long prompts); GPUs requested without limits are not scheduled as intended.',
    remediation: 'Set resources.limits for cpu and memory, and put nvidia.com/gpu in limits.',
    frameworks: FW.availability,
    types: K8S_TYPES,
    check: (r) =>
      perContainer(
        r,
        (c) => {
          const lim = (get(c.c.resources, 'limits') ?? {}) as O;
          const req = (get(c.c.resources, 'requests') ?? {}) as O;
          const missing = ['cpu', 'memory'].filter((k) => lim[k] === undefined);
          const gpuReq = Object.keys(req).find((k) => k.endsWith('/gpu'));
          if (gpuReq && lim[gpuReq] === undefined) missing.push(gpuReq);
          return missing.length ? { msg: `no limits for ${missing.join(', ')}`, at: 'resources' } : undefined;
        },
        'limits set',
      ),
    examples: { pass: [k8s('limits', deployment(VLLM, { container: SAFE_CONTAINER }))], fail: [k8s('none', deployment(VLLM)), k8s('gpu request only', deployment(VLLM, { container: '          resources:\n            requests:\n              nvidia.com/gpu: 1\n' }))] },
  }),
  iacRule({
    id: 'k8s_image_pinned',
    title: 'Kubernetes AI workload images are pinned to a version or digest',
    severity: 'medium',
    category: 'supply-chain',
    risk: '`latest` or untagged images change under the deployment: a compromised or broken upstream release of an inference server is rolled out on the next restart.',
    remediation: 'Pin images by digest (`image@sha256:…`) or at least an immutable version tag.',
    frameworks: FW.supplyChain,
    types: K8S_TYPES,
    check: (r) =>
      perContainer(
        r,
        (c) => {
          const img = String(c.c.image ?? '');
          if (!img || img.includes('@sha256:')) return undefined;
          const tag = /:([^/:]+)$/.exec(img)?.[1];
          return !tag || /^(latest|main|master|nightly|stable|edge|dev|rolling)$/i.test(tag) ? { msg: `image ${img} is not pinned`, at: 'image' } : undefined;
        },
        'images pinned',
      ),
    examples: { pass: [k8s('tag', deployment(VLLM)), k8s('digest', deployment('vllm/vllm-openai@sha256:4f3c'))], fail: [k8s('latest', deployment('vllm/vllm-openai:latest')), k8s('untagged', deployment('ollama/ollama'))] },
  }),
  iacRule({
    id: 'k8s_container_read_only_root_filesystem',
    title: 'AI workload containers use a read-only root filesystem',
    severity: 'low',
    category: 'runtime',
    risk: 'A writable root filesystem lets an attacker who gets code execution (e.g. via a pickled model) persist tools and modify the server’s code.',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount writable emptyDir volumes for caches.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => perContainer(r, (c) => (get(c.c.securityContext, 'readOnlyRootFilesystem') === true ? undefined : { msg: 'root filesystem is writable', at: 'securityContext' }), 'read-only root filesystems'),
    examples: { pass: [k8s('read only', deployment(VLLM, { container: SAFE_CONTAINER }))], fail: [k8s('default', deployment(VLLM))] },
  }),
  iacRule({
    id: 'k8s_container_capabilities_dropped',
    title: 'AI workload containers drop all Linux capabilities',
    severity: 'low',
    category: 'runtime',
    risk: 'Default capabilities (NET_RAW, CHOWN, …) widen what a compromised model server can do inside the node.',
    remediation: 'Set securityContext.capabilities.drop: ["ALL"] and add back only what is needed.',
    frameworks: FW.container,
    types: K8S_TYPES,
    check: (r) => perContainer(r, (c) => (list(get(c.c.securityContext, 'capabilities.drop')).map(String).includes('ALL') ? undefined : { msg: 'capabilities are not dropped', at: 'securityContext' }), 'all capabilities dropped'),
    examples: { pass: [k8s('drop all', deployment(VLLM, { container: SAFE_CONTAINER }))], fail: [k8s('default', deployment(VLLM))] },
  }),
  iacRule({
    id: 'k8s_service_account_token_not_automounted',
    title: 'AI workloads do not automount a Kubernetes API token',
    severity: 'low',
    category: 'identity',
    risk: 'A model server or notebook rarely needs the Kubernetes API; a mounted token lets an attacker with code execution query or change the cluster.',
    remediation: 'Set automountServiceAccountToken: false in the pod spec (or on the service account).',
    frameworks: FW.keyAuth,
    types: K8S_TYPES,
    check: (r) => {
      const bad = podSpecs(r).filter((ps) => ps.spec.automountServiceAccountToken !== false);
      return bad.length ? { status: 'fail', message: `${r.address}: the service account token is mounted`, location: kloc(r, bad[0]!.path) } : { status: 'pass', message: `${r.address}: no API token mounted` };
    },
    examples: { pass: [k8s('off', deployment(VLLM, { pod: '      automountServiceAccountToken: false\n' }))], fail: [k8s('default', deployment(VLLM))] },
  }),
];
