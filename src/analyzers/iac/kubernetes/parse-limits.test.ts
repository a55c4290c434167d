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
