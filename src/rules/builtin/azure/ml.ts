import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { arm, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, loc, present, undecided } from '../cloud-shared/resource.js';

const ws = (extra: string) => `resource "azurerm_machine_learning_workspace" "ws" {\n  name                    = "acme-ml"\n  location                = "eastus"\n  resource_group_name     = "rg-ai"\n  application_insights_id = "ai-id"\n  key_vault_id            = "kv-id"\n  storage_account_id      = "sa-id"\n  identity {\n    type = "SystemAssigned"\n  }\n${extra}}\n`;
const ci = (extra: string) => `resource "azurerm_machine_learning_compute_instance" "ci" {\n  name                          = "acme-research-ci"\n  machine_learning_workspace_id = "ws-id"\n  virtual_machine_size          = "STANDARD_DS2_V2"\n${extra}}\n`;
const cc = (extra: string) => `resource "azurerm_machine_learning_compute_cluster" "cc" {\n  name                          = "train"\n  location                      = "eastus"\n  machine_learning_workspace_id = "ws-id"\n  vm_priority                   = "Dedicated"\n  vm_size                       = "STANDARD_NC6"\n  scale_settings {\n    min_node_count                       = 0\n    max_node_count                       = 2\n    scale_down_nodes_after_idle_duration = "PT30M"\n  }\n${extra}}\n`;
const armWs = (props: Record<string, unknown>) => [{ type: 'Microsoft.MachineLearningServices/workspaces', apiVersion: '2024-04-01', name: 'acme-ml', location: 'eastus', identity: { type: 'SystemAssigned' }, properties: props }];

function wsPublic(r: CloudResource): RuleVerdict {
  const v = get(r.attributes, 'public_network_access_enabled');
  if (undecided(v)) return { status: 'manual', message: `${r.address}: public network access is set by \`${v.$unknown}\``, location: loc(r, 'public_network_access_enabled') };
  return v === false ? { status: 'pass', message: `${r.address}: public network access disabled`, location: loc(r, 'public_network_access_enabled') } : { status: 'fail', message: `${r.address}: the workspace (studio, models, data) is reachable from public networks`, location: loc(r, 'public_network_access_enabled') };
}

/** Azure Machine Learning workspaces and compute (Checkov CKV_AZURE_142/144/145 family). */
export const azureMlRules = [
  iacRule({
    id: 'azure_ml_workspace_public_network_access_disabled',
    title: 'Azure ML workspaces are not reachable from public networks',
    severity: 'high',
    category: 'exposure',
    risk: 'A public workspace exposes studio, registered models, datasets and online endpoints’ management plane to any network.',
    remediation: 'Set public_network_access_enabled = false and use private endpoints.',
    remediationCode: { terraform: 'public_network_access_enabled = false' },
    frameworks: FW.exposure,
    types: ['azurerm_machine_learning_workspace'],
    check: wsPublic,
    examples: { pass: [tf('private', ws('  public_network_access_enabled = false\n')), arm('arm private', armWs({ publicNetworkAccess: 'Disabled' }))], fail: [tf('default', ws('')), arm('arm public', armWs({ publicNetworkAccess: 'Enabled' }))] },
  }),
  iacRule({
    id: 'azure_ml_workspace_encrypted_with_cmk',
    title: 'Azure ML workspaces encrypt data with a customer-managed key',
    severity: 'low',
    category: 'encryption',
    risk: 'Workspace metadata, run history and environment data are encrypted with Microsoft-managed keys unless a customer-managed key is set.',
    remediation: 'Add an encryption block with key_vault_id and key_id.',
    frameworks: FW.encryption,
    types: ['azurerm_machine_learning_workspace'],
    check: (r) => expectAttr(r, 'encryption', { what: 'encryption', ok: present, fail: 'no customer-managed key', pass: 'customer-managed key configured' }),
    examples: { pass: [tf('cmk', ws('  encryption {\n    key_vault_id = "kv-id"\n    key_id = "https://kv.vault.azure.net/keys/ml/1"\n  }\n'))], fail: [tf('none', ws(''))] },
  }),
  iacRule({
    id: 'azure_ml_workspace_managed_network_isolated',
    title: 'Azure ML workspaces allow only approved outbound traffic',
    severity: 'medium',
    category: 'exposure',
    risk: 'Without managed network isolation, compute in the workspace can send training data to any internet host.',
    remediation: 'Set managed_network.isolation_mode = "AllowOnlyApprovedOutbound".',
    remediationCode: { terraform: 'managed_network {\n  isolation_mode = "AllowOnlyApprovedOutbound"\n}' },
    frameworks: FW.isolation,
    types: ['azurerm_machine_learning_workspace'],
    check: (r) => expectAttr(r, 'managed_network.isolation_mode', { dflt: 'Disabled', what: 'managed network isolation', ok: (v) => v === 'AllowOnlyApprovedOutbound', fail: 'outbound traffic from workspace compute is not restricted', pass: 'only approved outbound traffic' }),
    examples: { pass: [tf('approved only', ws('  managed_network {\n    isolation_mode = "AllowOnlyApprovedOutbound"\n  }\n'))], fail: [tf('default', ws(''))] },
  }),
  iacRule({
    id: 'azure_ml_workspace_high_business_impact',
    title: 'Azure ML workspaces handling sensitive data use the high-business-impact mode',
    severity: 'low',
    category: 'sensitive-data',
    risk: 'Without high-business-impact mode, Microsoft collects diagnostic data from the workspace and local scratch disks are not encrypted.',
    remediation: 'Set high_business_impact = true on workspaces that process personal or health data.',
    frameworks: FW.encryption,
    types: ['azurerm_machine_learning_workspace'],
    check: (r) => expectAttr(r, 'high_business_impact', { dflt: false, what: 'high_business_impact', ok: (v) => v === true, fail: 'high-business-impact mode is off', pass: 'high-business-impact mode on' }),
    examples: { pass: [tf('hbi', ws('  high_business_impact = true\n')), arm('arm hbi', armWs({ hbiWorkspace: true }))], fail: [tf('default', ws(''))] },
  }),
  iacRule({
    id: 'azure_ml_compute_instance_no_public_ip',
    title: 'Azure ML compute instances have no public IP',
    severity: 'high',
    category: 'exposure',
    risk: 'A compute instance with a public IP is a notebook server reachable from the internet (SSH, Jupyter), holding the user’s credentials and data.',
    remediation: 'Set node_public_ip_enabled = false and place the instance in a subnet.',
    remediationCode: { terraform: 'node_public_ip_enabled = false\nsubnet_resource_id     = azurerm_subnet.ml.id' },
    frameworks: FW.exposure,
    types: ['azurerm_machine_learning_compute_instance'],
    check: (r) => expectAttr(r, 'node_public_ip_enabled', { dflt: true, what: 'node public IP', ok: (v) => v === false, fail: 'the compute instance gets a public IP (the default)', pass: 'no public IP' }),
    examples: {
      pass: [tf('no ip', ci('  node_public_ip_enabled = false\n  subnet_resource_id = "subnet-id"\n')), arm('arm no ip', [...armWs({}), { type: 'Microsoft.MachineLearningServices/workspaces/computes', apiVersion: '2024-04-01', name: 'acme-ml/ci1', properties: { computeType: 'ComputeInstance', properties: { enableNodePublicIp: false } } }])],
      fail: [tf('default', ci('')), arm('arm public ip', [...armWs({}), { type: 'Microsoft.MachineLearningServices/workspaces/computes', apiVersion: '2024-04-01', name: 'acme-ml/ci1', properties: { computeType: 'ComputeInstance', properties: { enableNodePublicIp: true } } }])],
    },
  }),
  iacRule({
    id: 'azure_ml_compute_instance_local_auth_disabled',
    title: 'Azure ML compute instances disable local (SSH key) authentication',
    severity: 'medium',
    category: 'identity',
    risk: 'Local authentication gives access to the notebook VM outside Entra ID and its audit trail.',
    remediation: 'Set local_auth_enabled = false.',
    frameworks: FW.keyAuth,
    types: ['azurerm_machine_learning_compute_instance'],
    check: (r) => expectAttr(r, 'local_auth_enabled', { dflt: true, what: 'local auth', ok: (v) => v === false, fail: 'local authentication is enabled', pass: 'local authentication disabled' }),
    examples: { pass: [tf('off', ci('  local_auth_enabled = false\n'))], fail: [tf('default', ci(''))] },
  }),
  iacRule({
    id: 'azure_ml_compute_cluster_local_auth_disabled',
    title: 'Azure ML compute clusters disable local authentication',
    severity: 'medium',
    category: 'identity',
    risk: 'Local authentication on training clusters allows access to nodes that bypasses Entra ID.',
    remediation: 'Set local_auth_enabled = false on the compute cluster.',
    frameworks: FW.keyAuth,
    types: ['azurerm_machine_learning_compute_cluster'],
    check: (r) => expectAttr(r, 'local_auth_enabled', { dflt: true, what: 'local auth', ok: (v) => v === false, fail: 'local authentication is enabled', pass: 'local authentication disabled' }),
    examples: { pass: [tf('off', cc('  local_auth_enabled = false\n'))], fail: [tf('default', cc(''))] },
  }),
];
