import { assetId, fileAssetId, makeFinding, REPORT_SCHEMA_ID, type Asset, type RuleMeta, type ScanResult } from '../core/index.js';

/** A small hand-built report covering every shape the writers must handle (tests only). */
export const RULES: RuleMeta[] = [
  {
    id: 'model_file_free_of_code_execution',
    version: '1',
    title: 'Model files do not run code when loaded',
    severity: 'critical',
    category: 'unsafe-model',
    risk: 'A pickle-based model can run any command when it is loaded.',
    remediation: 'Convert to safetensors; never load untrusted pickles.',
    frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010'] },
    references: ['https://example.org/pickle-risk'],
  },
  {
    id: 'sagemaker_notebook_direct_internet_access_disabled',
    version: '1',
    title: 'SageMaker notebooks have no direct internet access',
    severity: 'high',
    category: 'exposure',
    risk: 'Direct internet access lets code in the notebook reach and be reached from the internet.',
    remediation: 'Set direct_internet_access = "Disabled" and route through a VPC.',
    remediationCode: { terraform: 'direct_internet_access = "Disabled"' },
    frameworks: {},
  },
  { id: 'dataset_free_of_pii', version: '1', title: 'Training data holds no personal data', severity: 'medium', category: 'sensitive-data', risk: 'Personal data in training sets leaks through the model.', remediation: 'Remove or pseudonymise.', frameworks: {} },
];

export function sampleReport(): ScanResult {
  const [model, notebook, data] = RULES as [RuleMeta, RuleMeta, RuleMeta];
  const pkl = fileAssetId('model-file', 'models/evil model.pkl');
  const ds = fileAssetId('dataset', 'data/train.csv');
  const nb = assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance.lab');
  const pkg = assetId('ai-package', 'pypi', 'pypi:torch');
  const hfm = assetId('ai-model', 'huggingface', 'meta-llama/llama-3.1-8b');
  const api = assetId('external-ai-api', 'openai', 'api.openai.com');
  const ep = assetId('inference-endpoint', 'vllm', 'deploy/compose.yml#vllm');
  const job = assetId('training-job', 'dvc', 'dvc.yaml#train');
  const assets: Asset[] = [
    { id: pkl, kind: 'model-file', name: 'evil model.pkl', provider: 'local', type: 'pickle', locations: [{ path: 'models/evil model.pkl' }], properties: { format: 'pickle', framework: 'sklearn', size: 120 } },
    { id: ds, kind: 'dataset', name: 'train.csv', provider: 'local', type: 'csv', locations: [{ path: 'data/train.csv' }], properties: { format: 'csv', columns: ['id', 'note'], rowsEstimate: 10, sensitivity: 'phi' } },
    { id: nb, kind: 'notebook', name: 'lab', provider: 'aws', type: 'aws_sagemaker_notebook_instance', locations: [{ resource: 'arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/lab' }], properties: {} },
    { id: pkg, kind: 'ai-package', name: 'torch', provider: 'pypi', type: 'pypi', locations: [{ path: 'requirements.txt', line: 3 }], properties: { version: '2.4.0', purl: 'pkg:pypi/torch@2.4.0', ecosystem: 'pypi' } },
    { id: hfm, kind: 'ai-model', name: 'meta-llama/Llama-3.1-8B', provider: 'huggingface', type: 'hf-model', locations: [{ path: 'train.py', line: 9 }], properties: { task: 'text-generation', license: 'llama3.1', architecture: 'llama' } },
    { id: api, kind: 'external-ai-api', name: 'api.openai.com', provider: 'openai', locations: [{ path: 'app.py', line: 2 }], properties: { host: 'api.openai.com', url: 'https://api.openai.com/v1' } },
    { id: ep, kind: 'inference-endpoint', name: 'vllm', provider: 'vllm', type: 'vllm', locations: [{ path: 'deploy/compose.yml', line: 4 }], properties: { port: 8000, authRequired: false } },
    { id: job, kind: 'training-job', name: 'train', provider: 'dvc', type: 'dvc-stage', locations: [{ path: 'dvc.yaml' }], properties: {} },
    { id: 'internet', kind: 'internet', name: 'internet', provider: 'virtual', locations: [], properties: {} },
  ];
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'aispm', version: '0.1.0' },
    scan: {
      id: '0b6f0d8e-3c3b-4d7e-9a55-3d8f1c2b4a6e',
      startedAt: '2026-11-26T05:00:00.000Z',
      finishedAt: '2026-11-26T05:00:01.000Z',
      targets: ['.'],
      stats: { filesSeen: 9, filesAnalyzed: 7, bytesRead: 1000, filesSkipped: 1, durationMs: 1000, assetsByKind: {}, findingsBySeverity: {}, analyzers: {} },
      issues: [{ path: 'broken.json', reason: 'parse-error', message: 'broken.json: unexpected end of JSON', source: 'deps' }],
    },
    assets,
    relations: [
      { from: hfm, to: ds, kind: 'trained-on' },
      { from: pkl, to: job, kind: 'produced-by' },
      { from: pkl, to: ds, kind: 'trained-on' },
      { from: ep, to: hfm, kind: 'serves' },
      { from: nb, to: api, kind: 'calls' },
      { from: nb, to: pkg, kind: 'depends-on' },
      { from: 'internet', to: ep, kind: 'exposed-to' },
    ],
    findings: [
      makeFinding(model, { assetId: pkl, location: { path: 'models/evil model.pkl' }, message: 'Pickle imports os.system', evidenceKey: 'os.system' }),
      makeFinding(notebook, { assetId: nb, location: { resource: 'aws_sagemaker_notebook_instance.lab' }, message: 'lab has direct internet access' }),
      makeFinding(data, { assetId: ds, location: { field: 'note' }, message: '12 emails in column note', properties: { entities: { EMAIL_ADDRESS: 12 } } }),
      makeFinding(data, { assetId: ds, location: { path: 'data/train.csv', line: 2, column: 5, cell: 1 }, message: 'could not finish', status: 'manual', evidenceKey: 'partial' }),
      makeFinding(model, { assetId: pkl, location: { path: 'models/ok.pkl' }, message: 'clean', status: 'pass', evidenceKey: 'ok' }),
      { ...makeFinding(notebook, { assetId: 'unknown-asset', location: {}, message: 'rule without metadata', evidenceKey: 'x' }), ruleId: 'unlisted_rule' },
    ],
    paths: [{ id: 'p1', severity: 'critical', title: 'Internet to model', steps: [{ assetId: 'internet' }, { assetId: ep, via: 'exposed-to' }], findingIds: [], explanation: 'x' }],
    compliance: [{ framework: 'owasp-llm-2025', controls: [{ id: 'LLM03', status: 'fail', findingIds: [] }], coverage: { assessed: 1, total: 10 } }],
  };
}

export const ruleMap = (): ReadonlyMap<string, RuleMeta> => new Map(RULES.map((r) => [r.id, r]));
