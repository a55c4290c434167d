import type { CloudResource } from '../../../core/cloud-resource.js';
import type { Rule } from '../../engine/define-rule.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, loc, present, undecided } from '../cloud-shared/resource.js';

const endpoint = (extra: string) => `resource "google_vertex_ai_endpoint" "ep" {\n  name         = "acme-triage-endpoint"\n  display_name = "acme-triage-llm"\n  location     = "us-central1"\n${extra}}\n`;
const indexEp = (extra: string) => `resource "google_vertex_ai_index_endpoint" "ie" {\n  display_name = "acme-rag-index"\n  region       = "us-central1"\n${extra}}\n`;
const cmek = '  encryption_spec {\n    kms_key_name = "projects/acme/locations/us-central1/keyRings/ai/cryptoKeys/vertex"\n  }\n';

function endpointPrivate(r: CloudResource): RuleVerdict {
  const net = get(r.attributes, 'network');
  const psc = get(r.attributes, 'private_service_connect_config.enable_private_service_connect');
  const open = [net, psc].find(undecided);
  if (open) return { status: 'manual', message: `${r.address}: private networking is set by \`${open.$unknown}\``, location: loc(r, 'network') };
  if (present(net) || psc === true) return { status: 'pass', message: `${r.address}: served on a private network (${present(net) ? 'VPC peering' : 'Private Service Connect'})`, location: loc(r, present(net) ? 'network' : 'private_service_connect_config') };
  return { status: 'fail', message: `${r.address}: a public endpoint — the model is reachable from the internet by anyone with an accepted credential`, location: loc(r) };
}

/** CMEK rules share one shape across Vertex resource types. */
function cmekRule(id: string, type: string, noun: string, example: string): Rule {
  return iacRule({
    id,
    title: `Vertex AI ${noun} are encrypted with a customer-managed key`,
    severity: 'low',
    category: 'encryption',
    risk: `Vertex AI ${noun} hold training data, features or model artefacts; with Google-managed keys access cannot be revoked or audited through Cloud KMS.`,
    remediation: 'Add encryption_spec { kms_key_name = … } with a Cloud KMS key in the same region.',
    remediationCode: { terraform: 'encryption_spec {\n  kms_key_name = google_kms_crypto_key.vertex.id\n}' },
    frameworks: FW.encryption,
    types: [type],
    check: (r) => expectAttr(r, 'encryption_spec.kms_key_name', { what: 'CMEK', ok: present, fail: 'encrypted with Google-managed keys only', pass: 'encrypted with a customer-managed key' }),
    examples: { pass: [tf('cmek', example.replace('@@', cmek))], fail: [tf('google managed', example.replace('@@', ''))] },
  });
}

/** Vertex AI endpoints, index endpoints, datasets, feature stores, metadata stores, tensorboards (Checkov CKV_GCP Vertex family; beyond: public endpoints). */
export const vertexRules: Rule[] = [
  iacRule({
    id: 'gcp_vertex_endpoint_private',
    title: 'Vertex AI endpoints are served on a private network',
    severity: 'high',
    category: 'exposure',
    risk: 'A public Vertex AI endpoint accepts prediction requests from the internet; a leaked service-account key or over-broad IAM binding is enough to query, extract or run up cost on the model.',
    remediation: 'Deploy the endpoint with network (VPC peering) or private_service_connect_config { enable_private_service_connect = true }.',
    remediationCode: { terraform: 'private_service_connect_config {\n  enable_private_service_connect = true\n  project_allowlist              = [var.project_id]\n}' },
    frameworks: FW.exposure,
    types: ['google_vertex_ai_endpoint'],
    check: endpointPrivate,
    examples: {
      pass: [tf('psc', endpoint('  private_service_connect_config {\n    enable_private_service_connect = true\n    project_allowlist = ["acme-ml"]\n  }\n')), tf('vpc', endpoint('  network = "projects/123/global/networks/ml"\n'))],
      fail: [tf('public', endpoint(''))],
    },
  }),
  iacRule({
    id: 'gcp_vertex_index_endpoint_private',
    title: 'Vertex AI vector search index endpoints are not public',
    severity: 'high',
    category: 'exposure',
    risk: 'A public index endpoint exposes the embeddings of indexed documents; neighbours can be queried and the embeddings inverted to text.',
    remediation: 'Set public_endpoint_enabled = false and use network or Private Service Connect.',
    frameworks: { ...FW.exposure, 'owasp-llm-2025': ['LLM08', 'LLM02'] },
    types: ['google_vertex_ai_index_endpoint'],
    check: (r) => expectAttr(r, 'public_endpoint_enabled', { dflt: false, what: 'public_endpoint_enabled', ok: (v) => v !== true, fail: 'the vector index is served on a public endpoint', pass: 'not public' }),
    examples: { pass: [tf('private', indexEp('  network = "projects/123/global/networks/ml"\n'))], fail: [tf('public', indexEp('  public_endpoint_enabled = true\n'))] },
  }),
  cmekRule('gcp_vertex_endpoint_encrypted_with_cmek', 'google_vertex_ai_endpoint', 'endpoints', endpoint('  network = "projects/123/global/networks/ml"\n@@')),
  cmekRule('gcp_vertex_dataset_encrypted_with_cmek', 'google_vertex_ai_dataset', 'datasets', 'resource "google_vertex_ai_dataset" "d" {\n  display_name = "triage-tickets"\n  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml"\n  region = "us-central1"\n@@}\n'),
  cmekRule('gcp_vertex_featurestore_encrypted_with_cmek', 'google_vertex_ai_featurestore', 'feature stores', 'resource "google_vertex_ai_featurestore" "f" {\n  name = "patients"\n  region = "us-central1"\n@@}\n'),
  cmekRule('gcp_vertex_metadata_store_encrypted_with_cmek', 'google_vertex_ai_metadata_store', 'metadata stores', 'resource "google_vertex_ai_metadata_store" "m" {\n  name = "default"\n  region = "us-central1"\n@@}\n'),
  cmekRule('gcp_vertex_tensorboard_encrypted_with_cmek', 'google_vertex_ai_tensorboard', 'tensorboards', 'resource "google_vertex_ai_tensorboard" "t" {\n  display_name = "experiments"\n  region = "us-central1"\n@@}\n'),
];
