import type { JsonValue } from '../../../core/index.js';
import { expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, getAll, isUnknown, list, loc, present, undecided } from '../cloud-shared/resource.js';

const bucket = (extra: string) => `resource "google_storage_bucket" "b" {\n  name     = "acme-training-data-gcs"\n  location = "US"\n${extra}}\n`;
const sa = (extra: string) => `resource "google_service_account" "sa" {\n  account_id   = "vertex-trainer"\n  display_name = "Vertex trainer"\n}\n${extra}`;
const projMember = (role: string) => `resource "google_project_iam_member" "m" {\n  project = "acme-ml"\n  role    = "${role}"\n  member  = "serviceAccount:\${google_service_account.sa.email}"\n}\n`;
const apiKey = (restrictions: string) => `resource "google_apikeys_key" "k" {\n  name         = "gemini-web"\n  display_name = "gemini-web"\n${restrictions}}\n`;

type O = Record<string, JsonValue>;
const roles = (r: { attributes: O }) => list(r.attributes.project_roles).filter((x): x is O => !!x && typeof x === 'object' && !Array.isArray(x));

/** GCS buckets, service accounts, project IAM and API keys (Checkov CKV_GCP_29/62/78/114, 41/44/45/117 family). */
export const gcpStorageIamRules = [
  iacRule({
    id: 'gcp_storage_bucket_uniform_access_enabled',
    title: 'GCS buckets use uniform bucket-level access',
    severity: 'medium',
    category: 'identity',
    risk: 'Object ACLs let individual training files or model artefacts be shared outside IAM, invisible to bucket-level review.',
    remediation: 'Set uniform_bucket_level_access = true.',
    frameworks: FW.dataIntegrity,
    types: ['google_storage_bucket'],
    check: (r) => expectAttr(r, 'uniform_bucket_level_access', { dflt: false, what: 'uniform access', ok: (v) => v === true, fail: 'object ACLs are allowed', pass: 'uniform bucket-level access' }),
    examples: { pass: [tf('uniform', bucket('  uniform_bucket_level_access = true\n'))], fail: [tf('default', bucket(''))] },
  }),
  iacRule({
    id: 'gcp_storage_bucket_public_access_prevention_enforced',
    title: 'GCS buckets enforce public access prevention',
    severity: 'high',
    category: 'exposure',
    risk: 'Without public access prevention a single allUsers binding exposes training data or models to the internet.',
    remediation: 'Set public_access_prevention = "enforced".',
    remediationCode: { terraform: 'public_access_prevention = "enforced"' },
    frameworks: FW.dataIntegrity,
    types: ['google_storage_bucket'],
    check: (r) => expectAttr(r, 'public_access_prevention', { dflt: 'inherited', what: 'public access prevention', ok: (v) => v === 'enforced', fail: 'public access prevention is not enforced', pass: 'public access prevented' }),
    examples: { pass: [tf('enforced', bucket('  public_access_prevention = "enforced"\n'))], fail: [tf('default', bucket(''))] },
  }),
  iacRule({
    id: 'gcp_storage_bucket_not_public',
    title: 'GCS buckets are not readable or writable by allUsers or allAuthenticatedUsers',
    severity: 'critical',
    category: 'exposure',
    risk: 'An allUsers or allAuthenticatedUsers binding exposes the bucket to the internet — read means data theft, write means poisoning.',
    remediation: 'Remove the public IAM binding; grant named principals only.',
    frameworks: FW.dataIntegrity,
    types: ['google_storage_bucket'],
    check: (r) => {
      const pub = getAll(r.attributes, 'iam_members').filter((m) => /^(allUsers|allAuthenticatedUsers)$/.test(String((m as O)?.member)));
      // `members = var.readers`: the binding may well include allUsers.
      const open = pub.length ? undefined : getAll(r.attributes, 'iam_members').map((m) => (isUnknown(m) ? m : (m as O)?.member)).find(isUnknown);
      if (open && isUnknown(open)) return { status: 'manual', message: `${r.address}: a bucket IAM member is set by \`${open.$unknown}\`, which the code does not decide`, location: loc(r, 'iam_members') };
      return pub.length ? pub.map((m) => ({ status: 'fail' as const, message: `${r.address}: ${String((m as O).role)} granted to ${String((m as O).member)}`, location: loc(r, 'iam_members'), evidenceKey: `${String((m as O).role)}:${String((m as O).member)}` })) : { status: 'pass', message: `${r.address}: no public IAM binding in the code` };
    },
    examples: { pass: [tf('private', bucket(''))], fail: [tf('allUsers', `${bucket('')}resource "google_storage_bucket_iam_member" "pub" {\n  bucket = google_storage_bucket.b.name\n  role   = "roles/storage.objectViewer"\n  member = "allUsers"\n}\n`)] },
  }),
  iacRule({
    id: 'gcp_storage_bucket_versioning_enabled',
    title: 'GCS buckets keep object versions',
    severity: 'low',
    category: 'poisoning',
    risk: 'Without versioning, overwritten training data or models cannot be recovered and silent changes leave no history.',
    remediation: 'Add versioning { enabled = true }.',
    frameworks: FW.dataIntegrity,
    types: ['google_storage_bucket'],
    check: (r) => expectAttr(r, 'versioning.enabled', { dflt: false, what: 'versioning', ok: (v) => v === true, fail: 'versioning is off', pass: 'versioning on' }),
    examples: { pass: [tf('on', bucket('  versioning {\n    enabled = true\n  }\n'))], fail: [tf('default', bucket(''))] },
  }),
  iacRule({
    id: 'gcp_service_account_no_primitive_roles',
    title: 'Service accounts hold no Owner or Editor role on the project',
    severity: 'high',
    category: 'identity',
    risk: 'A Vertex or notebook service account with Owner/Editor turns any code execution in a notebook, pipeline or model container into project-wide control.',
    remediation: 'Grant predefined, scoped roles (roles/aiplatform.user, roles/storage.objectViewer on one bucket).',
    frameworks: FW.identity,
    types: ['google_service_account'],
    check: (r) => {
      const bad = roles(r).filter((x) => /^roles\/(owner|editor)$/.test(String(x.role)));
      const open = bad.length ? undefined : roles(r).map((x) => x.role).find(isUnknown);
      if (open && isUnknown(open)) return { status: 'manual', message: `${r.address}: a project role is set by \`${open.$unknown}\`, which the code does not decide`, location: loc(r, 'project_roles') };
      return bad.length ? bad.map((b) => ({ status: 'fail' as const, message: `${r.address}: holds ${String(b.role)} on the project`, location: loc(r, 'project_roles'), evidenceKey: String(b.role) })) : { status: 'pass', message: `${r.address}: no primitive roles` };
    },
    examples: { pass: [tf('scoped', sa(projMember('roles/aiplatform.user')))], fail: [tf('editor', sa(projMember('roles/editor')))] },
  }),
  iacRule({
    id: 'gcp_service_account_no_aiplatform_admin',
    title: 'Service accounts running AI workloads do not hold Vertex AI Admin',
    severity: 'medium',
    category: 'identity',
    risk: 'roles/aiplatform.admin lets the holder deploy, replace or delete any model and endpoint in the project.',
    remediation: 'Use roles/aiplatform.user or a custom role with the needed permissions.',
    frameworks: FW.identity,
    types: ['google_service_account'],
    check: (r) => {
      const bad = roles(r).filter((x) => String(x.role) === 'roles/aiplatform.admin');
      return bad.length ? { status: 'fail', message: `${r.address}: holds roles/aiplatform.admin`, location: loc(r, 'project_roles') } : { status: 'pass', message: `${r.address}: no Vertex AI Admin` };
    },
    examples: { pass: [tf('user', sa(projMember('roles/aiplatform.user')))], fail: [tf('admin', sa(projMember('roles/aiplatform.admin')))] },
  }),
  iacRule({
    id: 'gcp_service_account_no_user_managed_keys',
    title: 'Service accounts have no user-managed keys',
    severity: 'medium',
    category: 'secret',
    risk: 'Exported service-account keys are long-lived credentials that end up in notebooks and CI; anyone holding one acts as the account.',
    remediation: 'Remove google_service_account_key; use workload identity federation or attached service accounts.',
    frameworks: FW.keyAuth,
    types: ['google_service_account'],
    check: (r) => (list(r.attributes.keys).length ? { status: 'fail', message: `${r.address}: has user-managed key ${String(list(r.attributes.keys)[0])}`, location: loc(r, 'keys') } : { status: 'pass', message: `${r.address}: no user-managed keys` }),
    examples: { pass: [tf('none', sa(''))], fail: [tf('key', sa('resource "google_service_account_key" "k" {\n  service_account_id = google_service_account.sa.name\n}\n'))] },
  }),
  iacRule({
    id: 'gcp_api_key_restricted',
    title: 'GCP API keys are restricted to specific APIs and callers',
    severity: 'high',
    category: 'secret',
    risk: 'An unrestricted API key (for example for the Gemini API) works for any enabled API from anywhere; once leaked it is abused for model access and cost.',
    remediation: 'Add restrictions with api_targets and one of browser/server/android/ios key restrictions.',
    remediationCode: { terraform: 'restrictions {\n  api_targets {\n    service = "generativelanguage.googleapis.com"\n  }\n  server_key_restrictions {\n    allowed_ips = ["203.0.113.10"]\n  }\n}' },
    frameworks: FW.keyAuth,
    types: ['google_apikeys_key'],
    check: (r) => {
      const res = get(r.attributes, 'restrictions');
      if (undecided(res)) return { status: 'manual', message: `${r.address}: restrictions are set by \`${res.$unknown}\`` };
      const api = present(get(res, 'api_targets'));
      const app = ['browser_key_restrictions', 'server_key_restrictions', 'android_key_restrictions', 'ios_key_restrictions'].some((k) => present(get(res, k)));
      return api && app ? { status: 'pass', message: `${r.address}: restricted by API and caller`, location: loc(r, 'restrictions') } : { status: 'fail', message: `${r.address}: missing ${[api ? '' : 'API targets', app ? '' : 'application (caller) restrictions'].filter(Boolean).join(' and ')}`, location: loc(r, 'restrictions') };
    },
    examples: {
      pass: [tf('restricted', apiKey('  restrictions {\n    api_targets {\n      service = "generativelanguage.googleapis.com"\n    }\n    server_key_restrictions {\n      allowed_ips = ["203.0.113.10"]\n    }\n  }\n'))],
      fail: [tf('unrestricted', apiKey('')), tf('api only', apiKey('  restrictions {\n    api_targets {\n      service = "generativelanguage.googleapis.com"\n    }\n  }\n'))],
    },
  }),
];
