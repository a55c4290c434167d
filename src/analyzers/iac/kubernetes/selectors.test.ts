import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { kubernetesAnalyzer } from './index.js';
import { internalLoadBalancer, selectorMatches } from './selectors.js';

const vllm = (extraPod = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
  namespace: ai
spec:
  selector:
    matchLabels: { app: llm }
  template:
    metadata:
      labels: { app: llm, tier: 1 }
    spec:
${extraPod}      containers:
        - name: server
          image: vllm/vllm-openai:v0.6.3
`;
const netpol = (selector: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
  namespace: ai
spec:
  podSelector:
${selector}  policyTypes: [Ingress]
`;
const lb = (extra: string) => `---
apiVersion: v1
kind: Service
metadata:
  name: llm
  namespace: ai
${extra}spec:
  type: LoadBalancer
  selector: { app: llm }
  ports: [{ port: 80 }]
`;

async function workload(yaml: string) {
  const out = await analyzeFiles(kubernetesAnalyzer, { 'k8s/app.yaml': yaml }, 'k8s/app.yaml');
  return res(out.assets!.find((a) => a.type === 'kubernetes_deployment' || a.type === 'kubernetes_pod'));
}

describe('label selectors', () => {
  it('applies matchLabels and matchExpressions together; an empty selector selects all', () => {
    const labels = { app: 'llm', tier: 1 };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: '1' } }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'llm' }, matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels)).toBe(false);
  });

  it('credits a NetworkPolicy only when its podSelector (matchExpressions included) selects the workload', async () => {
    expect((await workload(vllm() + netpol('    matchExpressions:\n      - { key: app, operator: In, values: [web] }\n'))).attributes.network_policies).toEqual([]);
    expect((await workload(vllm() + netpol('    matchExpressions:\n      - { key: app, operator: In, values: [llm] }\n'))).attributes.network_policies).toEqual(['ai/np']);
    expect((await workload(vllm() + netpol('    {}\n'))).attributes.network_policies).toEqual(['ai/np']);
  });
});

describe('load balancer exposure', () => {
  it('does not count internal load balancers or private source ranges as internet exposure', async () => {
    expect(internalLoadBalancer({ spec: { loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.0/24'] } })).toBe(true);
    expect(internalLoadBalancer({ spec: { loadBalancerSourceRanges: ['10.0.0.0/8', '0.0.0.0/0'] } })).toBe(false);
    expect(internalLoadBalancer({ spec: { loadBalancerSourceRanges: ['172.32.0.0/16'] } })).toBe(false);
    expect((await workload(vllm() + lb('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n'))).attributes.exposure).toEqual([]);
    expect((await workload(vllm() + lb(''))).attributes.exposure).toHaveLength(1);
  });

  it('points hostNetwork exposure at the hostNetwork line of any workload kind', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ollama\nspec:\n  hostNetwork: true\n  containers:\n    - name: o\n      image: ollama/ollama:0.3.12\n';
    expect((await workload(pod)).attributes.exposure).toEqual([{ via: 'hostNetwork', type: 'hostNetwork', file: 'k8s/app.yaml', line: 6 }]);
  });
});
