import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, loc, manualMsg, present, undecided } from '../cloud-shared/resource.js';

const wb = (gce: string) => `resource "google_workbench_instance" "wb" {\n  name     = "acme-research-wb"\n  location = "us-central1-a"\n  gce_setup {\n    machine_type = "n1-standard-4"\n${gce}  }\n}\n`;
const legacy = (extra: string) => `resource "google_notebooks_instance" "nb" {\n  name         = "acme-legacy-nb"\n  location     = "us-central1-a"\n  machine_type = "n1-standard-4"\n  vm_image {\n    project      = "deeplearning-platform-release"\n    image_family = "tf-latest-cpu"\n  }\n${extra}}\n`;
const colab = (extra: string) => `resource "google_colab_runtime_template" "rt" {\n  name         = "acme-colab"\n  display_name = "acme-colab"\n  location     = "us-central1"\n  machine_spec {\n    machine_type = "e2-standard-4"\n  }\n${extra}}\n`;

/** Reads the Workbench (gce_setup.*) or legacy notebooks path of a setting. */
function wbAttr(r: CloudResource, wbPath: string, legacyPath: string): { path: string; v: ReturnType<typeof get> } {
  const path = r.type === 'google_workbench_instance' ? wbPath : legacyPath;
  return { path, v: get(r.attributes, path) };
}

function metadataFlag(r: CloudResource, key: string): RuleVerdict | { v: unknown; path: string } {
  const path = r.type === 'google_workbench_instance' ? 'gce_setup.metadata' : 'metadata';
  const md = get(r.attributes, path);
  if (undecided(md)) return { status: 'manual', message: manualMsg(r, 'metadata', md), location: loc(r, path) };
  const v = md && typeof md === 'object' && !Array.isArray(md) ? (md as Record<string, unknown>)[key] : undefined;
  return { v, path };
}

/** Vertex AI Workbench, legacy user-managed notebooks and Colab Enterprise (Checkov CKV_GCP_89/CKV2_GCP notebooks; Prowler-like). */
export const gcpNotebookRules = [
  iacRule({
    id: 'gcp_workbench_instance_no_public_ip',
    title: 'Vertex AI Workbench instances have no public IP',
    severity: 'high',
    category: 'exposure',
    risk: 'A notebook VM with an external IP is reachable from the internet and can send data anywhere; it holds the service-account credentials of its user.',
    remediation: 'Set gce_setup.disable_public_ip = true (no_public_ip = true for legacy notebooks) and use Private Google Access or Cloud NAT.',
    remediationCode: { terraform: 'gce_setup {\n  disable_public_ip = true\n}' },
    frameworks: FW.exposure,
    types: ['google_workbench_instance', 'google_notebooks_instance'],
    check: (r) => {
      const { path, v } = wbAttr(r, 'gce_setup.disable_public_ip', 'no_public_ip');
      if (undecided(v)) return { status: 'manual', message: manualMsg(r, 'public IP', v), location: loc(r, path) };
      return v === true ? { status: 'pass', message: `${r.address}: no public IP`, location: loc(r, path) } : { status: 'fail', message: `${r.address}: the notebook VM gets a public IP`, location: loc(r, path) };
    },
    examples: { pass: [tf('private', wb('    disable_public_ip = true\n')), tf('legacy private', legacy('  no_public_ip = true\n'))], fail: [tf('default', wb('')), tf('legacy default', legacy(''))] },
  }),
  iacRule({
    id: 'gcp_workbench_instance_root_access_disabled',
    title: 'Vertex AI Workbench instances disable root access',
    severity: 'medium',
    category: 'identity',
    risk: 'Root in the notebook VM lets any user tamper with the environment and reach credentials of other processes.',
    remediation: 'Set metadata "notebook-disable-root" = "true".',
    remediationCode: { terraform: 'metadata = {\n  notebook-disable-root = "true"\n}' },
    frameworks: FW.container,
    types: ['google_workbench_instance', 'google_notebooks_instance'],
    check: (r) => {
      const m = metadataFlag(r, 'notebook-disable-root');
      if ('status' in m) return m;
      return String(m.v) === 'true' ? { status: 'pass', message: `${r.address}: root access disabled`, location: loc(r, m.path) } : { status: 'fail', message: `${r.address}: notebook users can become root`, location: loc(r, m.path) };
    },
    examples: { pass: [tf('disabled', wb('    metadata = {\n      notebook-disable-root = "true"\n    }\n'))], fail: [tf('default', wb(''))] },
  }),
  iacRule({
    id: 'gcp_workbench_instance_secure_boot_enabled',
    title: 'Vertex AI Workbench instances use Secure Boot',
    severity: 'low',
    category: 'supply-chain',
    risk: 'Without Secure Boot, boot-level malware can persist on the notebook VM unnoticed.',
    remediation: 'Enable shielded_instance_config.enable_secure_boot.',
    frameworks: FW.supplyChain,
    types: ['google_workbench_instance', 'google_notebooks_instance'],
    check: (r) => {
      const { path, v } = wbAttr(r, 'gce_setup.shielded_instance_config.enable_secure_boot', 'shielded_instance_config.enable_secure_boot');
      if (undecided(v)) return { status: 'manual', message: manualMsg(r, 'secure boot', v), location: loc(r, path) };
      return v === true ? { status: 'pass', message: `${r.address}: Secure Boot on`, location: loc(r, path) } : { status: 'fail', message: `${r.address}: Secure Boot is off`, location: loc(r, path) };
    },
    examples: { pass: [tf('on', wb('    shielded_instance_config {\n      enable_secure_boot = true\n    }\n'))], fail: [tf('default', wb(''))] },
  }),
  iacRule({
    id: 'gcp_workbench_instance_disk_encrypted_with_cmek',
    title: 'Vertex AI Workbench disks are encrypted with a customer-managed key',
    severity: 'low',
    category: 'encryption',
    risk: 'Notebook disks hold copies of datasets and credentials; Google-managed keys cannot be revoked by the data owner.',
    remediation: 'Set gce_setup.boot_disk and data_disks disk_encryption = "CMEK" with kms_key.',
    frameworks: FW.encryption,
    types: ['google_workbench_instance'],
    check: (r) => expectAttr(r, 'gce_setup.boot_disk.disk_encryption', { dflt: 'GMEK', what: 'boot disk encryption', ok: (v) => v === 'CMEK', fail: 'the boot disk uses Google-managed keys', pass: 'boot disk encrypted with CMEK' }),
    examples: { pass: [tf('cmek', wb('    boot_disk {\n      disk_encryption = "CMEK"\n      kms_key = "projects/acme/locations/us/keyRings/ai/cryptoKeys/wb"\n    }\n'))], fail: [tf('default', wb(''))] },
  }),
  iacRule({
    id: 'gcp_colab_runtime_template_no_public_internet',
    title: 'Colab Enterprise runtime templates disable direct internet access',
    severity: 'medium',
    category: 'exposure',
    risk: 'Colab runtimes with internet access can download untrusted models and send data anywhere.',
    remediation: 'Set network_spec { enable_internet_access = false } with a VPC network and subnetwork.',
    frameworks: FW.isolation,
    types: ['google_colab_runtime_template'],
    check: (r) => expectAttr(r, 'network_spec.enable_internet_access', { dflt: true, what: 'internet access', ok: (v) => v === false, fail: 'runtimes get direct internet access', pass: 'no direct internet access' }),
    examples: { pass: [tf('off', colab('  network_spec {\n    enable_internet_access = false\n    network = "projects/acme/global/networks/ml"\n  }\n'))], fail: [tf('default', colab(''))] },
  }),
  iacRule({
    id: 'gcp_colab_runtime_template_encrypted_with_cmek',
    title: 'Colab Enterprise runtime templates encrypt disks with a customer-managed key',
    severity: 'low',
    category: 'encryption',
    risk: 'Runtime disks hold notebooks’ data; Google-managed keys cannot be revoked by the data owner.',
    remediation: 'Add encryption_spec { kms_key_name = … }.',
    frameworks: FW.encryption,
    types: ['google_colab_runtime_template'],
    check: (r) => expectAttr(r, 'encryption_spec.kms_key_name', { what: 'CMEK', ok: present, fail: 'runtime disks use Google-managed keys', pass: 'CMEK configured' }),
    examples: { pass: [tf('cmek', colab('  encryption_spec {\n    kms_key_name = "projects/acme/locations/us-central1/keyRings/ai/cryptoKeys/colab"\n  }\n'))], fail: [tf('default', colab(''))] },
  }),
];
