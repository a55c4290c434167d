import { describe, expect, it } from 'vitest';
import { MAX_OBJECTS, parseManifests } from './parse.js';

const list = (n: number): string =>
  'apiVersion: v1\nkind: List\nitems:\n' + '- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec: {template: {spec: {containers: [{name: c, image: vllm/vllm-openai}]}}}\n'.repeat(n);

describe('parseManifests on huge Lists', () => {
  it('keeps per-item line maps (one pass, not one regex scan per item)', () => {
    const { objects, errors } = parseManifests(list(3), 'k8s/list.yaml');
    expect(errors).toEqual([]);
    expect(objects).toHaveLength(3);
    expect(objects[1]!.line).toBe(8);
    expect(objects[1]!.lines['metadata.name']).toBe(10);
    expect(objects[2]!.lines['spec.template.spec.containers[c].image']).toBe(15);
  });

  it('reads at most MAX_OBJECTS items of a huge List and says so in one line naming the file', () => {
    const { objects, errors } = parseManifests(list(6000), 'k8s/big.yaml');
    expect(objects).toHaveLength(MAX_OBJECTS);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toBe('limit');
    expect(errors[0]!.message).toMatch(/^k8s\/big\.yaml:\d+: List has 6000 items; only the first 5000 were read/);
  });
});

describe('parseManifests on many documents', () => {
  it('reads the first 2000 documents of a stream and says so (the rest were skipped without a word)', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {a: b}\n`;
    const { objects, errors } = parseManifests(Array.from({ length: 2003 }, (_, i) => doc(i)).join('---\n'), 'k8s/many.yaml');
    expect(objects).toHaveLength(2000);
    expect(errors).toEqual([{ path: 'k8s/many.yaml', line: 1, reason: 'limit', message: "k8s/many.yaml: 2003 YAML documents, over the Kubernetes analyzer's 2000; only the first 2000 were read" }]);
    expect(parseManifests(Array.from({ length: 2000 }, (_, i) => doc(i)).join('---\n'), 'k8s/ok.yaml').errors).toEqual([]);
  });
});

describe('kubernetes analyzer on an over-size manifest', () => {
  it('reports it as too-large naming the file instead of skipping it silently', async () => {
    const { analyzeFiles } = await import('../testing/scan-files.js');
    const { kubernetesAnalyzer, MAX_BYTES } = await import('./index.js');
    const big = list(Math.ceil(MAX_BYTES / 100));
    const out = await analyzeFiles(kubernetesAnalyzer, { 'big.yaml': big }, 'big.yaml');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]).toMatchObject({ path: 'big.yaml', reason: 'too-large' });
    expect(out.issues![0]!.message).toMatch(/^big\.yaml: .* MB manifest is over/);
  });
});
