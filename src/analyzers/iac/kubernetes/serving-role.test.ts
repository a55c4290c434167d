import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { kubernetesAnalyzer } from './index.js';

const pod = (kind: string, image: string, extra = '') => {
  const spec = `      hostNetwork: true\n      containers:\n        - name: main\n          image: ${image}\n${extra}`;
  if (kind === 'CronJob') return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: w\nspec:\n  schedule: "0 2 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${spec.replace(/^/gm, '    ')}`;
  const api = kind === 'Job' ? 'batch/v1' : kind === 'Notebook' ? 'kubeflow.org/v1' : 'apps/v1';
  return `apiVersion: ${api}\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${spec}`;
};

async function serves(yaml: string) {
  const out = await analyzeFiles(kubernetesAnalyzer, { 'k8s/app.yaml': yaml }, 'k8s/app.yaml');
  return (res(out.assets!.find((a) => a.type?.startsWith('kubernetes_'))).attributes.ai as Record<string, unknown>).serves;
}

// Only a workload that answers requests can be an unauthenticated server: the image catalogue's
// role (model server, notebook, vector store, or a product that listens on a port) and the serving
// CRDs say so; training and base images, and GPU pods of unknown images, run batches.
describe('Kubernetes AI workloads record whether they serve', () => {
  it('training and base images do not serve, even with hostNetwork', async () => {
    expect(await serves(pod('Job', 'pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime'))).toBe(false);
    expect(await serves(pod('CronJob', 'nvcr.io/nvidia/pytorch:24.08-py3'))).toBe(false);
    expect(await serves(pod('Deployment', 'registry.example.com/trainer:1', '          resources:\n            limits:\n              nvidia.com/gpu: 1\n'))).toBe(false);
  });

  it('model servers, notebooks and MLOps UIs serve', async () => {
    expect(await serves(pod('Deployment', 'vllm/vllm-openai:v0.6.3'))).toBe(true);
    expect(await serves(pod('Deployment', 'quay.io/jupyter/scipy-notebook:2024-10-07'))).toBe(true);
    expect(await serves(pod('Deployment', 'ghcr.io/mlflow/mlflow:v2.17.0'))).toBe(true);
    // A Kubeflow Notebook serves whatever its image is catalogued as.
    expect(await serves(pod('Notebook', 'kubeflownotebookswg/jupyter-pytorch:v1.9.0'))).toBe(true);
  });
});
