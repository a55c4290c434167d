import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { kubernetesAnalyzer } from './index.js';

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ollama
  namespace: ai
spec:
  selector:
    matchLabels: { app: ollama }
  template:
    metadata:
      labels: { app: ollama }
    spec:
      containers:
        - name: ollama
          image: ollama/ollama:0.3.12
          args: ["run", "llama3.1"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ai
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const ingress = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: ollama, namespace: ai }
    spec:
      selector: { app: ollama }
      ports: [{ port: 11434 }]
  - apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: { name: public, namespace: ai }
    spec:
      rules:
        - http:
            paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: ollama
                    port: { number: 11434 }
`;

describe('kubernetes analyzer', () => {
  it('finds AI workloads, their exposure through an Ingress in another file, and the model served', async () => {
    const out = await analyzeFiles(kubernetesAnalyzer, { 'k8s/deploy.yaml': deploy, 'k8s/ingress.yaml': ingress }, 'k8s/deploy.yaml');
    const w = out.assets!.filter((a) => a.provider === 'kubernetes' && a.kind !== 'ai-model');
    expect(w.map((a) => a.name)).toEqual(['ollama']);
    const r = res(w[0]);
    expect(r.address).toBe('Deployment/ai/ollama');
    expect(r.attributes.exposure).toEqual([expect.objectContaining({ via: 'Ingress/ai/public', file: 'k8s/ingress.yaml' })]);
    expect(r.attrLines['spec.template.spec.containers[ollama].image']).toBe(15);
    const model = out.assets!.find((a) => a.kind === 'ai-model')!;
    expect(model.name).toBe('llama3.1');
    expect(out.relations).toEqual(expect.arrayContaining([{ from: w[0]!.id, to: model.id, kind: 'serves' }, expect.objectContaining({ from: 'internet', to: w[0]!.id, kind: 'exposed-to' })]));
  });

  it('recognises AI custom resources (KServe) without an image', async () => {
    const isvc = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: triage\n  namespace: ml\n  labels:\n    networking.kserve.io/visibility: cluster-local\nspec:\n  predictor:\n    model:\n      modelFormat: { name: huggingface }\n      storageUri: s3://acme-model-artifacts/triage\n';
    const out = await analyzeFiles(kubernetesAnalyzer, { 'isvc.yaml': isvc }, 'isvc.yaml');
    const a = out.assets!.find((x) => x.type === 'kubernetes_inference_service')!;
    expect(a.kind).toBe('inference-endpoint');
    expect(out.relations!.some((x) => x.kind === 'exposed-to')).toBe(false);
    expect(out.assets!.some((x) => x.kind === 'ai-model' && x.name === 's3://acme-model-artifacts/triage')).toBe(true);
  });

  it('skips unrendered Helm templates and reports YAML errors with file and line, keeping good documents', async () => {
    expect(kubernetesAnalyzer.wants('t.yaml', { path: 't.yaml', name: 't.yaml', ext: '.yaml', size: 10, sniffed: 'text', head: Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n') })).toBe(false);
    const broken = `${deploy}---\napiVersion: v1\nkind: Service\nmetadata: [oops\n`;
    const out = await analyzeFiles(kubernetesAnalyzer, { 'm.yaml': broken }, 'm.yaml');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]!.message).toMatch(/^m\.yaml:\d+: /);
    expect(out.assets!.some((a) => a.name === 'ollama')).toBe(true);
  });
});

describe('kubernetes analyzer: secrets never leave in full', () => {
  it('masks literal secret env values and credential args in the attached resource', async () => {
    const secret = ['hf', 'Qz7Lm2Vx9Tn4Rk8Pd3Ws'].join('_');
    const key = ['tok', 'A1b2C3d4E5f6G7h8'].join('-');
    const m = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: vllm\nspec:\n  containers:\n    - name: s\n      image: vllm/vllm-openai:v0.6.3\n      args: ["--api-key", "${key}"]\n      env:\n        - name: HF_TOKEN\n          value: ${secret}\n`;
    const out = await analyzeFiles(kubernetesAnalyzer, { 'pod.yaml': m }, 'pod.yaml');
    const text = JSON.stringify(out.assets);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(key);
    expect(text).toContain('hf_Qz');
  });
});
