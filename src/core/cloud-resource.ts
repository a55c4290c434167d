import type { JsonValue } from './asset.js';

/**
 * The one normalised cloud model (DESIGN §1, "every IaC format becomes one model"). Terraform HCL,
 * Terraform plan JSON, CloudFormation, Kubernetes manifests, Azure ARM and — later — the live cloud
 * connectors all produce `CloudResource`s; rules only ever read `asset.properties.resource`.
 *
 * Conventions:
 * - `type` is the canonical Terraform-style type: CloudFormation `AWS::SageMaker::NotebookInstance`
 *   becomes `aws_sagemaker_notebook_instance`, ARM `Microsoft.CognitiveServices/accounts` becomes
 *   `azurerm_cognitive_account`. Attribute names are the Terraform provider's (snake_case); nested
 *   blocks may be an object or a list of objects — readers treat both alike (first element).
 * - Kubernetes objects keep the Kubernetes API shape (`spec.template.spec.containers`, camelCase)
 *   and get the type `kubernetes_<kind in snake_case>` (`kubernetes_deployment`,
 *   `kubernetes_inference_service`), plus derived facts the folder's other objects decide:
 *   `pod_spec_paths`, `exposure` (Services/Ingresses/hostNetwork reaching it), `network_policies`, `ai`.
 * - Credential-looking values (passwords, tokens, API keys, literal secret env values) are masked
 *   before a resource is attached to an asset; rules see that a literal is there, never the value.
 * - A value that cannot be known from the code is an {@link Unknown} (`{ "$unknown": "var.x" }`):
 *   rules answer `manual` for it, never a guessed pass or fail. A reference to another resource's
 *   computed attribute (`aws_kms_key.k.arn`) is an Unknown with `ref` set: its value is unknown but
 *   it is certainly set, and `ref` is the address of the resource it points at.
 *
 * Asset id conventions (the graph joins on these, so every producer must use them exactly):
 * - S3 bucket: `assetId('storage', 'aws', 's3://<bucket-name>')`
 * - GCS bucket: `assetId('storage', 'gcp', 'gs://<bucket-name>')`
 * - Azure storage: `assetId('storage', 'azure', 'https://<account>.blob.core.windows.net')`
 *   (account) and `…/<container>` (container)
 * - AWS identities: `assetId('identity', 'aws', 'iam-role:<name>')`, `'iam-user:<name>'`
 * - GCP service accounts: `assetId('identity', 'gcp', 'service-account:<account_id or email>')`
 * - Azure managed identities: `assetId('identity', 'azure', 'managed-identity:<name>')`
 * - Everything else: `assetId(kind, provider, '<canonical type>:<name or address>')`.
 * - Inside a Terraform module instance, the locator is prefixed by the instance address
 *   (`module.svc[0].aws_sagemaker_endpoint:ep`), and an identity or bucket whose name the code
 *   does not decide is keyed by file and address: see the IaC analyzer's README.
 */
export type CloudProvider = 'aws' | 'azure' | 'gcp' | 'kubernetes';

/** Which input produced the resource. */
export type CloudSource = 'terraform' | 'terraform-plan' | 'cloudformation' | 'kubernetes' | 'arm' | 'live';

/** A value the code does not determine (a variable without a default, a computed attribute). */
export interface Unknown {
  /** Only string members, so an Unknown is itself a JSON value. `ref`, when present, is the address of the referenced resource. */
  [k: string]: string;
  /** The expression that could not be resolved, e.g. `var.subnet_id`. */
  $unknown: string;
}

/** A related, separately declared resource folded into this one (an S3 public access block, a policy attachment). */
export interface CompanionRef {
  type: string;
  address: string;
  file: string;
  line: number;
}

export interface CloudResource {
  provider: CloudProvider;
  /** Canonical Terraform-style type (`aws_sagemaker_notebook_instance`). */
  type: string;
  /** Terraform address, CloudFormation logical id, `Kind/namespace/name`, or ARM resource id. */
  address: string;
  /** The resource's own name where it has one (bucket name, notebook name), else the address's last part. */
  name: string;
  /** Normalised attributes; unknowns are {@link Unknown} objects. */
  attributes: { [k: string]: JsonValue };
  /** Dotted attribute path (`content_policy_config.filters_config`) → 1-based line in `file` (or in `attrFiles[path]`). */
  attrLines: Record<string, number>;
  /** Attribute paths that were declared in another file (a companion resource's file). */
  attrFiles?: Record<string, string>;
  /** Report path of the declaring file. */
  file: string;
  /** 1-based line of the resource's declaration. */
  line: number;
  source: CloudSource;
  /** Module path for Terraform child modules (`module.vpc`). */
  module?: string;
  companions?: CompanionRef[];
}

/** True for the {@link Unknown} sentinel. */
export function isUnknown(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $unknown?: unknown }).$unknown === 'string';
}
