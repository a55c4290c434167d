import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId } from '../core/index.js';
import { cyclonedxWriter, packagePurl, toCycloneDx } from './cyclonedx.js';
import { ruleMap, sampleReport } from './report-fixture.test-support.js';

/** The official CycloneDX 1.6 JSON schema, as shipped in @cyclonedx/cyclonedx-library (strict mode). */
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const validate = async (bom: unknown) => validator.validate(JSON.stringify(bom));

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bomOf = (): Any => JSON.parse(cyclonedxWriter.write(sampleReport(), { color: false, rules: ruleMap() })) as Any;
const byRef = (list: Any[], ref: string): Any => list.find((x) => x['bom-ref'] === ref)!;

describe('cyclonedx writer', () => {
  it('is valid against the official CycloneDX 1.6 schema', async () => {
    expect(await validate(bomOf())).toBeNull();
  });

  it('maps packages, models, datasets and services, with model cards', () => {
    const bom = bomOf();
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:0b6f0d8e-3c3b-4d7e-9a55-3d8f1c2b4a6e' });
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'aispm', version: '0.1.0' });
    const torch = byRef(bom.components, assetId('ai-package', 'pypi', 'pypi:torch'));
    expect(torch).toMatchObject({ type: 'library', name: 'torch', version: '2.4.0', purl: 'pkg:pypi/torch@2.4.0' });
    const ds = fileAssetId('dataset', 'data/train.csv');
    const llama = byRef(bom.components, assetId('ai-model', 'huggingface', 'meta-llama/llama-3.1-8b'));
    expect(llama).toMatchObject({ type: 'machine-learning-model', licenses: [{ license: { name: 'llama3.1' } }], modelCard: { modelParameters: { task: 'text-generation', architectureFamily: 'llama', datasets: [{ ref: ds }] } } });
    const pkl = byRef(bom.components, fileAssetId('model-file', 'models/evil model.pkl'));
    expect(pkl.type).toBe('machine-learning-model');
    expect(pkl.properties).toEqual(expect.arrayContaining([{ name: 'aispm:findings', value: '1' }, { name: 'aispm:worstSeverity', value: 'critical' }, { name: 'aispm:format', value: 'pickle' }]));
    expect(byRef(bom.components, ds)).toMatchObject({ type: 'data', data: [{ type: 'dataset', name: 'train.csv', classification: 'phi' }] });
    expect(byRef(bom.components, assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance.lab')).type).toBe('platform');
    const api = byRef(bom.services, assetId('external-ai-api', 'openai', 'api.openai.com'));
    expect(api).toMatchObject({ name: 'api.openai.com', endpoints: ['https://api.openai.com/v1'], 'x-trust-boundary': true, provider: { name: 'openai' } });
    const ep = byRef(bom.services, assetId('inference-endpoint', 'vllm', 'deploy/compose.yml#vllm'));
    expect(ep).toMatchObject({ authenticated: false, 'x-trust-boundary': true });
    // Not BOM material.
    expect([...bom.components, ...bom.services].some((x: Any) => x['bom-ref'] === 'internet')).toBe(false);
  });

  it('builds the dependency graph and formulation from relations', () => {
    const bom = bomOf();
    const dep = (ref: string) => bom.dependencies.find((d: Any) => d.ref === ref)?.dependsOn;
    const nb = assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance.lab');
    expect(dep(nb)).toEqual([assetId('ai-package', 'pypi', 'pypi:torch'), assetId('external-ai-api', 'openai', 'api.openai.com')].sort());
    expect(dep(assetId('inference-endpoint', 'vllm', 'deploy/compose.yml#vllm'))).toEqual([assetId('ai-model', 'huggingface', 'meta-llama/llama-3.1-8b')]);
    const refs = new Set([...bom.components, ...bom.services].map((x: Any) => x['bom-ref']));
    for (const d of bom.dependencies) for (const r of [d.ref, ...d.dependsOn]) expect(refs.has(r)).toBe(true);
    const wf = bom.formulation[0].workflows[0];
    expect(wf).toMatchObject({ name: 'train', taskTypes: ['build'], outputs: [{ resource: { ref: fileAssetId('model-file', 'models/evil model.pkl') } }] });
  });

  it('local AI APIs are plain HTTP inside the boundary; exposed endpoints and auth flags carry over', async () => {
    const r = sampleReport();
    const ollama = assetId('external-ai-api', 'ollama', 'localhost:11434');
    const mcp = assetId('mcp-server', 'vscode', 'sentry');
    r.assets.push(
      { id: ollama, kind: 'external-ai-api', name: 'Ollama', provider: 'ollama', locations: [{ path: 'main.go', line: 3 }], properties: { host: 'localhost:11434' } },
      { id: mcp, kind: 'mcp-server', name: 'sentry', provider: 'vscode', type: 'http', locations: [{ path: '.vscode/mcp.json' }], properties: { url: 'https://mcp.sentry.dev/mcp', sendsAuth: true, exposedPublicly: false } },
    );
    const bom = toCycloneDx(r) as Any;
    expect(await validate(bom)).toBeNull();
    const o = byRef(bom.services, ollama);
    expect(o.endpoints).toEqual(['http://localhost:11434']);
    expect(o['x-trust-boundary']).toBeUndefined();
    expect(byRef(bom.services, mcp)).toMatchObject({ endpoints: ['https://mcp.sentry.dev/mcp'], authenticated: true });
  });

  it('empty: a scan with no assets is a valid BOM', async () => {
    const empty = { ...sampleReport(), assets: [], relations: [], findings: [] };
    const bom = toCycloneDx(empty);
    expect(await validate(bom)).toBeNull();
    expect(bom.components).toEqual([]);
  });

  it('sad: the validator rejects a broken BOM (so the happy path is a real check)', async () => {
    const bom = bomOf();
    bom.components[0].type = 'model';
    expect(await validate(bom)).not.toBeNull();
  });

  it('puts a merged package\'s version back into a versionless purl', async () => {
    const report = sampleReport();
    const id = assetId('ai-package', 'npm', 'npm:@anthropic-ai/sdk');
    // What mergeAssets yields when package.json (range, versionless purl) is seen before the lockfile.
    report.assets.push({ id, kind: 'ai-package', name: '@anthropic-ai/sdk', provider: 'npm', type: 'npm', locations: [{ path: 'package.json' }], properties: { version: '0.30.1', purl: 'pkg:npm/%40anthropic-ai/sdk', ecosystem: 'npm' } });
    const bom = JSON.parse(cyclonedxWriter.write(report, { color: false, rules: ruleMap() })) as Any;
    expect(byRef(bom.components, id)).toMatchObject({ version: '0.30.1', purl: 'pkg:npm/%40anthropic-ai/sdk@0.30.1' });
    expect(await validate(bom)).toBeNull();
  });

  it('keeps a purl that names its own version, and never invents one', () => {
    expect(packagePurl('pkg:pypi/torch@2.4.0', '2.5.0')).toBe('pkg:pypi/torch@2.4.0');
    expect(packagePurl('pkg:pypi/torch', undefined)).toBe('pkg:pypi/torch');
    expect(packagePurl('pkg:maven/com.openai/openai-java?type=jar', '1.2.0')).toBe('pkg:maven/com.openai/openai-java@1.2.0?type=jar');
    expect(packagePurl('not-a-purl', '1.0')).toBeUndefined();
    expect(packagePurl(undefined, '1.0')).toBeUndefined();
  });
});
