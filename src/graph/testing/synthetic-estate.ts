import { assetId, fileAssetId, findingFingerprint, internetAsset, type Asset, type AssetKind, type Category, type Finding, type Observation, type Relation, type Severity } from '../../core/index.js';

/**
 * A hand-built "Acme Health AI" estate in the shapes the producers emit (IaC, notebooks, data
 * inspector, lineage), for graph, path, lineage and bench tests that must not wait for them.
 */
export interface SyntheticEstate {
  assets: Asset[];
  relations: Relation[];
  observations: Observation[];
  findings: Finding[];
  ids: AcmeIds;
}

export interface AcmeIds {
  notebookInstance: string;
  role: string;
  bucket: string;
  notebookFile: string;
  dataset: string;
  cleanDataset: string;
  model: string;
  codeModel: string;
  endpoint: string;
  job: string;
}

export function asset(kind: AssetKind, id: string, name: string, provider: string, properties: Asset['properties'] = {}, type?: string, path?: string): Asset {
  return { id, kind, name, provider, type, locations: path ? [{ path }] : [], properties };
}

export function fail(ruleId: string, assetIdValue: string, category: Category, severity: Severity, message: string, remediation: string, frameworks: Finding['frameworks'] = {}): Finding {
  return { id: findingFingerprint(ruleId, assetIdValue), ruleId, title: ruleId, severity, category, status: 'fail', assetId: assetIdValue, location: {}, message, remediation, frameworks };
}

export function acmeEstate(): SyntheticEstate {
  const ids: AcmeIds = {
    notebookInstance: assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance:acme-research-notebook'),
    role: assetId('identity', 'aws', 'iam-role:acme-notebook-role'),
    bucket: assetId('storage', 'aws', 's3://acme-training-data'),
    notebookFile: fileAssetId('notebook', 'ml/notebooks/explore.ipynb'),
    dataset: fileAssetId('dataset', 'ml/data/generated/train.jsonl'),
    cleanDataset: fileAssetId('dataset', 'ml/data/faq.csv'),
    model: assetId('ai-model', 'aws', 'aws_sagemaker_model:acme-triage-llm'),
    codeModel: assetId('ai-model', 'huggingface', 'acme/acme-triage-llm'),
    endpoint: assetId('inference-endpoint', 'aws', 'aws_sagemaker_endpoint:acme-triage'),
    job: assetId('training-job', 'local', 'dvc:ml/training/dvc.yaml:train'),
  };
  const tf = 'infra/terraform/aws/main.tf';
  const assets: Asset[] = [
    internetAsset(),
    asset('notebook', ids.notebookInstance, 'acme-research-notebook', 'aws', { directInternetAccess: 'Enabled' }, 'aws_sagemaker_notebook_instance', tf),
    asset('identity', ids.role, 'acme-notebook-role', 'aws', { managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, 'aws_iam_role', tf),
    asset('storage', ids.bucket, 'acme-training-data', 'aws', {}, 'aws_s3_bucket', tf),
    asset('notebook', ids.notebookFile, 'explore.ipynb', 'local', {}, 'jupyter', 'ml/notebooks/explore.ipynb'),
    asset('dataset', ids.dataset, 'train.jsonl', 'local', { sensitivity: 'restricted', entities: { EMAIL_ADDRESS: 40, US_SSN: 3 } }, 'jsonl', 'ml/data/generated/train.jsonl'),
    asset('dataset', ids.cleanDataset, 'faq.csv', 'local', { sensitivity: 'public' }, 'csv', 'ml/data/faq.csv'),
    asset('ai-model', ids.model, 'acme-triage-llm', 'aws', {}, 'aws_sagemaker_model', tf),
    asset('ai-model', ids.codeModel, 'acme/acme-triage-llm', 'huggingface', {}, undefined, 'ml/training/train.py'),
    asset('inference-endpoint', ids.endpoint, 'acme-triage', 'aws', { modelName: 'acme-triage-llm' }, 'aws_sagemaker_endpoint', tf),
    asset('training-job', ids.job, 'train', 'local', { deps: ['ml/data/generated/train.jsonl'] }, 'dvc-stage', 'ml/training/dvc.yaml'),
  ];
  const relations: Relation[] = [
    { from: 'internet', to: ids.notebookInstance, kind: 'exposed-to' },
    { from: ids.notebookInstance, to: ids.role, kind: 'runs-as' },
    { from: ids.role, to: ids.bucket, kind: 'can-access', properties: { level: 'admin' } },
    { from: ids.model, to: ids.job, kind: 'produced-by' },
  ];
  const observations: Observation[] = [{ type: 'uri-read', value: 's3://acme-training-data/train.jsonl', path: 'ml/notebooks/explore.ipynb', line: 3 }];
  const findings: Finding[] = [
    fail('sagemaker_notebook_direct_internet_access_disabled', ids.notebookInstance, 'exposure', 'high', 'notebook has direct internet access', 'Set direct_internet_access = "Disabled" and reach the internet through a VPC NAT.', { 'owasp-llm-2025': ['LLM10'] }),
    fail('iam_role_no_admin_privileges', ids.role, 'identity', 'high', 'role has AdministratorAccess', 'Replace AdministratorAccess with a least-privilege policy scoped to the buckets the notebook needs.'),
    fail('data_no_pii_in_training_data', ids.dataset, 'sensitive-data', 'high', 'EMAIL_ADDRESS 40, US_SSN 3', 'Remove or pseudonymise personal data before training.', { 'owasp-llm-2025': ['LLM02'] }),
  ];
  return { assets, relations, observations, findings, ids };
}
