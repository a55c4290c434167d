import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../core/index.js';
import type { CloudResource } from '../../core/cloud-resource.js';
import type { Rule } from '../engine/define-rule.js';
import { awsAccountRules } from './aws/account.js';
import { awsDataStoreRules } from './aws/data-stores.js';
import { azureDataRules } from './azure/data.js';
import { gcpStorageIamRules } from './gcp/storage-iam.js';

const asset = (type: string, attributes: Record<string, JsonValue>): Asset => {
  const r: CloudResource = { provider: type.startsWith('google_') ? 'gcp' : type.startsWith('azurerm_') ? 'azure' : 'aws', type, address: `${type}.x`, name: 'x', attributes, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' };
  return { id: r.address, kind: 'storage', name: 'x', provider: 'x', type, locations: [{ path: 'main.tf', line: 1 }], properties: { resource: r as unknown as JsonValue } };
};
const statuses = (rules: Rule[], id: string, a: Asset) => {
  const v = rules.find((r) => r.id === id)!.evaluate(a, { graph: undefined as never });
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.status);
};
const fromVar = (name: string) => ({ $unknown: name });

describe('grants whose principal or role the code does not decide answer manual, never pass', () => {
  it('GCS bucket IAM members from a variable', () => {
    expect(statuses(gcpStorageIamRules, 'gcp_storage_bucket_not_public', asset('google_storage_bucket', { name: 'b', iam_members: [{ role: 'roles/storage.objectViewer', member: fromVar('var.readers') }] }))).toEqual(['manual']);
    expect(statuses(gcpStorageIamRules, 'gcp_storage_bucket_not_public', asset('google_storage_bucket', { name: 'b', iam_members: [{ role: 'roles/storage.objectViewer', member: fromVar('var.readers') }, { role: 'roles/storage.objectViewer', member: 'allUsers' }] }))).toEqual(['fail']);
  });

  it('GCP project role from a variable', () => {
    expect(statuses(gcpStorageIamRules, 'gcp_service_account_no_primitive_roles', asset('google_service_account', { account_id: 'sa', project_roles: [{ role: fromVar('var.role') }] }))).toEqual(['manual']);
  });

  it('Azure role assignment with a role from a variable', () => {
    expect(statuses(azureDataRules, 'azure_identity_no_privileged_role_assignments', asset('azurerm_user_assigned_identity', { name: 'id', role_assignments: [{ role: fromVar('var.role'), address: 'azurerm_role_assignment.ra' }] }))).toEqual(['manual']);
  });

  it('KMS key policy read from a file', () => {
    expect(statuses(awsAccountRules, 'kms_key_policy_not_public', asset('aws_bedrock_platform', { kms_keys: [{ address: 'aws_kms_key.k', policy: fromVar('file("key.json")') }] }))).toEqual(['manual']);
  });

  it('model registry policy and OpenSearch Serverless security policies from a file or variable', () => {
    expect(statuses(awsDataStoreRules, 'sagemaker_model_package_group_not_public', asset('aws_sagemaker_model_package_group', { model_package_group_name: 'g', resource_policy: fromVar('file("p.json")') }))).toEqual(['manual']);
    const col = (network: JsonValue, encryption: JsonValue) => asset('aws_opensearchserverless_collection', { name: 'kb', network_policies: network, encryption_policies: encryption });
    const c = col([fromVar('file("net.json")')], [[{ Rules: [], AWSOwnedKey: fromVar('var.owned') }]]);
    expect(statuses(awsDataStoreRules, 'opensearch_serverless_collection_not_public', c)).toEqual(['manual']);
    expect(statuses(awsDataStoreRules, 'opensearch_serverless_collection_encrypted_with_cmk', c)).toEqual(['manual']);
    expect(statuses(awsDataStoreRules, 'opensearch_serverless_collection_not_public', col([[{ Rules: [], AllowFromPublic: true }], fromVar('x')], []))).toEqual(['fail']);
  });
});
