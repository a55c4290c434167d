import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { kubernetesRules } from './workload-rules.js';

const job = (image: string, ai: Record<string, JsonValue>): Asset => {
  const spec = { hostNetwork: true, containers: [{ name: 'main', image, args: ['torchrun', 'train.py'] }] };
  const r: CloudResource = { provider: 'kubernetes', type: 'kubernetes_job', address: 'Job/ml/train', name: 'train', attributes: { kind: 'Job', spec: { template: { spec } }, pod_spec_paths: ['spec.template.spec'], exposure: [{ via: 'hostNetwork', type: 'hostNetwork', file: 'k8s/job.yaml', line: 9 }], ai }, attrLines: {}, file: 'k8s/job.yaml', line: 1, source: 'kubernetes' };
  return { id: r.address, kind: 'workload', name: r.name, provider: 'kubernetes', type: r.type, locations: [{ path: r.file, line: 1 }], properties: { resource: r as unknown as JsonValue } };
};
const statuses = (a: Asset) => {
  const v = kubernetesRules.find((r) => r.id === 'k8s_ai_server_auth_enabled')!.evaluate(a, { graph: undefined as never });
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.status);
};

// The analyzer records whether a workload serves (ai.serves); only servers can lack authentication.
describe('k8s_ai_server_auth_enabled judges only workloads that serve', () => {
  it('does not judge a PyTorch training job on the host network', () => {
    expect(statuses(job('pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime', { product: 'pytorch', auth_flag: null, serves: false }))).toEqual([]);
  });

  it('still fails a server without authentication on the host network', () => {
    expect(statuses(job('ollama/ollama:0.3.12', { product: 'ollama', auth_flag: null, serves: true }))).toEqual(['fail']);
  });
});
