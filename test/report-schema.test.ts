import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSET_KINDS, CATEGORIES, FINDING_STATUSES, RELATION_KINDS, SEVERITIES, type ControlStatus, type ScanResult } from '../src/core/index.js';
import { sampleReport } from '../src/report/report-fixture.test-support.js';
import { validateSarif } from '../src/report/sarif-schema.test-support.js';
import { repoRoot, runCli } from './cli.js';

/**
 * Every JSON report the CLI writes validates against schema/aispm.report.v1.json, the schema's enums
 * are the vocabulary's (so neither can drift), and the SARIF / CycloneDX outputs of the same scans
 * validate too. Runs the BUILT CLI: `npm run build` first.
 */

type Schema = { $defs: Record<string, { enum?: string[] }> };
const schema = JSON.parse(await readFile(path.join(repoRoot, 'schema/aispm.report.v1.json'), 'utf8')) as Schema;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateReport = ajv.compile(schema);
const cdx = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

const errors = () => JSON.stringify(validateReport.errors?.slice(0, 5), null, 2);

const CONTROL_STATUSES = ['pass', 'fail', 'manual', 'not-assessed'] as const satisfies readonly ControlStatus[];
// Compile-time: every ControlStatus is listed above (a new one makes this line a type error).
const _allControlStatuses: Exclude<ControlStatus, (typeof CONTROL_STATUSES)[number]> extends never ? true : never = true;

describe('aispm.report/v1 schema: enums match the vocabulary', () => {
  it.each([
    ['assetKind', ASSET_KINDS],
    ['relationKind', RELATION_KINDS],
    ['severity', SEVERITIES],
    ['category', CATEGORIES],
    ['findingStatus', FINDING_STATUSES],
    ['controlStatus', CONTROL_STATUSES],
  ] as const)('%s', (def, list) => {
    expect(_allControlStatuses).toBe(true);
    expect(schema.$defs[def]?.enum).toEqual([...list]);
  });
});

describe('aispm.report/v1 schema: hand-built reports', () => {
  it('accepts a report with every section filled', () => {
    expect(validateReport(sampleReport()), errors()).toBe(true);
  });

  const broken: [string, (r: ScanResult & Record<string, unknown>) => void][] = [
    ['wrong schema id', (r) => void ((r as { schema: string }).schema = 'aispm.report/v2')],
    ['unknown asset kind', (r) => void ((r.assets[0] as { kind: string }).kind = 'model')],
    ['unknown relation kind', (r) => void ((r.relations[0] as { kind: string }).kind = 'uses')],
    ['bad severity', (r) => void ((r.findings[0] as { severity: string }).severity = 'severe')],
    ['bad status', (r) => void ((r.findings[0] as { status: string }).status = 'failed')],
    ['missing remediation', (r) => void delete (r.findings[0] as Partial<ScanResult['findings'][0]>).remediation],
    ['line 0', (r) => void (r.findings[0]!.location.line = 0)],
    ['unknown location field', (r) => void ((r.findings[0]!.location as Record<string, unknown>).file = 'x')],
    ['missing assets', (r) => void delete (r as Partial<ScanResult>).assets],
    ['extra top-level field', (r) => void (r.extra = 1)],
    ['bad timestamp', (r) => void (r.scan.startedAt = 'yesterday')],
    ['path with no steps', (r) => void (r.paths[0]!.steps = [])],
  ];
  it.each(broken)('rejects: %s', (_name, mutate) => {
    const r = sampleReport() as ScanResult & Record<string, unknown>;
    mutate(r);
    expect(validateReport(r)).toBe(false);
  });
});

async function fixtureTree(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'aispm-schema-'));
  const put = async (rel: string, data: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), data);
  };
  const enc = new TextEncoder();
  await put('models/classifier.txt', zipSync({ 'classifier/data.pkl': enc.encode('\x80\x02}q\x00.'), 'classifier/version': enc.encode('3\n') }, { level: 0 }));
  await put('data/train.csv', ['id,note,label', ...Array.from({ length: 25 }, (_, i) => `${i},"n ${i}",${i % 3}`)].join('\n'));
  await put('data/events.parquet', new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'user', data: ['a', 'b'], type: 'STRING' }] })));
  await put('pipelines/dvc.yaml', 'stages:\n  train:\n    cmd: python t.py\n    deps: [../data/train.csv]\n    outs: [../models/out.pt]\n');
  await put('broken/dvc.yaml', 'stages: [unclosed\n');
  await put('broken/model.onnx', new Uint8Array([0xff, 0xfe, 0x00, 0x01]));
  await put('cards/m/README.md', '---\nbase_model: org/base\ndatasets: [org/ds]\n---\n# m\n');
  return root;
}

async function scanJson(target: string): Promise<ScanResult> {
  const r = await runCli(['scan', target, '--format', 'json', '--no-store', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ScanResult;
}

describe('every JSON report the CLI writes validates (built CLI)', () => {
  const estate = path.join(repoRoot, 'examples/estate');
  let fixtures: string;
  let empty: string;
  beforeAll(async () => {
    fixtures = await fixtureTree();
    empty = await mkdtemp(path.join(tmpdir(), 'aispm-empty-'));
  });

  it('the example estate', async () => {
    const report = await scanJson(estate);
    expect(validateReport(report), errors()).toBe(true);
    const kinds = new Set(report.assets.map((a) => a.kind));
    for (const k of ['training-job', 'ai-model', 'dataset', 'model-file'] as const) expect(kinds.has(k), k).toBe(true);
    expect(report.relations.some((r) => r.kind === 'trained-on')).toBe(true);
    expect(report.relations.some((r) => r.kind === 'produced-by')).toBe(true);
  });

  it('a fixture tree with model files, datasets, lineage and broken files', async () => {
    const report = await scanJson(fixtures);
    expect(validateReport(report), errors()).toBe(true);
    const byPath = (p: string) => report.assets.filter((a) => a.locations.some((l) => l.path === p));
    // The walker's real sniff: a torch zip named .txt is still a model file.
    expect(byPath('models/classifier.txt').find((a) => a.kind === 'model-file')?.type).toBe('pytorch-zip');
    expect(byPath('data/events.parquet').find((a) => a.kind === 'dataset')?.properties.columns).toEqual(['user']);
    expect(report.scan.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['broken/dvc.yaml', 'broken/model.onnx']));
  });

  it('an empty folder', async () => {
    const report = await scanJson(empty);
    expect(validateReport(report), errors()).toBe(true);
    expect(report.assets.filter((a) => a.kind !== 'internet')).toEqual([]);
  });

  it('SARIF and CycloneDX outputs of the same scans validate', async () => {
    for (const target of [estate, fixtures, empty]) {
      const sarif = await runCli(['scan', target, '--format', 'sarif', '--no-store', '--quiet']);
      expect(sarif.code, sarif.stderr).toBe(0);
      expect(validateSarif(JSON.parse(sarif.stdout)), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
      const bom = await runCli(['scan', target, '--format', 'cyclonedx', '--no-store', '--quiet']);
      expect(bom.code, bom.stderr).toBe(0);
      expect(await cdx.validate(bom.stdout), target).toBeNull();
    }
  });
});
