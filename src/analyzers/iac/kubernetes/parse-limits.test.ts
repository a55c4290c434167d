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

describe('documentPieces', () => {
  it('splits a stream at --- and ... lines, a leading comment going with the document after it', async () => {
    const { documentPieces } = await import('./parse.js');
    const text = ['# Source: chart/templates/a.yaml', '---', 'kind: A', '--- # a comment', 'kind: B', '...', '--- !!map', 'kind: C', 'note: |', '  --- not a marker (indented)', ''].join('\n');
    expect(documentPieces(text).map((p) => [p.line, p.text.split('\n').filter(Boolean).length])).toEqual([
      [1, 3],
      [4, 3],
      [7, 4],
    ]);
    expect(documentPieces('kind: A\r\n---\r\nkind: B\r\n').map((p) => p.line)).toEqual([1, 2]);
    expect(documentPieces('')).toEqual([]);
  });
});

describe('parseManifests, one document at a time', () => {
  it('reports an over-size document at its line and reads the others, at their own lines', async () => {
    const { MAX_DOCUMENT_CHARS } = await import('./parse.js');
    const small = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {type: LoadBalancer}\n`;
    const big = list(Math.ceil(MAX_DOCUMENT_CHARS / 100));
    const bigLines = big.split('\n').length - 1;
    const { objects, errors } = parseManifests([small('first'), big, small('last')].join('---\n'), 'k8s/bundle.yaml');
    expect(objects.map((o) => [(o.obj.metadata as { name: string }).name, o.line])).toEqual([
      ['first', 1],
      ['last', 4 + 1 + bigLines + 2],
    ]);
    expect(objects[1]!.lines['spec.type']).toBe(4 + 1 + bigLines + 5);
    expect(errors).toEqual([{ path: 'k8s/bundle.yaml', line: 5, reason: 'too-large', message: expect.stringMatching(/^k8s\/bundle\.yaml:5: a .* MB YAML document, over the Kubernetes analyzer's 2 MB per document; not parsed/) }]);
  });

  it('gives a syntax error the line in the file, not in its document', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [b\n';
    const alone = parseManifests(bad, 'k8s/bad.yaml').errors[0]!.line;
    const { objects, errors } = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n${bad}`, 'k8s/bad.yaml');
    expect(objects).toHaveLength(1);
    // The bad document starts on line 5 of the file: its error sits four lines further down than alone.
    expect(errors.map((e) => e.line)).toEqual([alone + 4]);
  });
});
