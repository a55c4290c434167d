import type { JsonValue } from '../../../core/index.js';
import { assetId } from '../../../core/index.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { cfn, expectAttr, iacRule, tf, type IacRuleSpec } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, loc, present, resourceOf, undecided } from '../cloud-shared/resource.js';

const agent = (extra: string) => `resource "aws_bedrockagent_agent" "a" {\n  agent_name              = "triage-agent"\n  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"\n  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"\n  instruction             = "You triage support tickets for Acme Health and never reveal patient data."\n${extra}}\n`;
const agentCfn = (props: string) => `  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: triage-agent\n      AgentResourceRoleArn: arn:aws:iam::123456789012:role/agent\n      FoundationModel: anthropic.claude-3-5-sonnet-20240620-v1:0\n${props}`;
const custom = (extra: string) => `resource "aws_bedrock_custom_model" "m" {\n  custom_model_name     = "acme-triage-llm"\n  job_name              = "acme-triage-ft"\n  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"\n  role_arn              = "arn:aws:iam::123456789012:role/bedrock-ft"\n  hyperparameters = {\n    epochCount = "1"\n  }\n  output_data_config {\n    s3_uri = "s3://acme-models/out/"\n  }\n  training_data_config {\n    s3_uri = "s3://acme-training-data/train.jsonl"\n  }\n${extra}}\n`;
const logging = (flags: string, bucket = 'acme-bedrock-logs') => `resource "aws_bedrock_model_invocation_logging_configuration" "l" {\n  logging_config {\n${flags}    s3_config {\n      bucket_name = "${bucket}"\n    }\n  }\n}\n`;
const flow = (extra: string) => `resource "aws_kms_key" "k" {}\nresource "aws_bedrockagent_flow" "f" {\n  name               = "ticket-router"\n  execution_role_arn = "arn:aws:iam::123456789012:role/flow"\n${extra}}\n`;
const flowCfn = (props: string) => `  Flow:\n    Type: AWS::Bedrock::Flow\n    Properties:\n      Name: ticket-router\n      ExecutionRoleArn: arn:aws:iam::123456789012:role/flow\n${props}`;
const guard = `resource "aws_bedrock_guardrail" "g" {\n  name = "g"\n  blocked_input_messaging = "no"\n  blocked_outputs_messaging = "no"\n}\n`;
const on = '    text_data_delivery_enabled = true\n    image_data_delivery_enabled = true\n    embedding_data_delivery_enabled = true\n';
const off = '    text_data_delivery_enabled = false\n    image_data_delivery_enabled = false\n    embedding_data_delivery_enabled = false\n';

/** Agents and flows take their customer-managed key the same way (`customer_encryption_key_arn`). */
function customerKeyRule(o: { id: string; noun: string; risk: string; type: string; examples: IacRuleSpec['examples'] }) {
  return iacRule({
    id: o.id,
    title: `Bedrock ${o.noun}s encrypt their data with a customer-managed KMS key`,
    severity: 'medium',
    category: 'encryption',
    risk: o.risk,
    remediation: `Set customer_encryption_key_arn on the ${o.noun}.`,
    remediationCode: { terraform: 'customer_encryption_key_arn = aws_kms_key.bedrock.arn', cloudformation: 'CustomerEncryptionKeyArn: !GetAtt BedrockKey.Arn' },
    frameworks: FW.encryption,
    types: [o.type],
    check: (r) => expectAttr(r, 'customer_encryption_key_arn', { what: 'customer_encryption_key_arn', ok: present, fail: 'not encrypted with a customer-managed key', pass: 'encrypted with a customer-managed key' }),
    examples: o.examples,
  });
}

/** Bedrock agents, custom models, knowledge-base data sources and account-level invocation logging (Prowler bedrock_*; Checkov CKV_AWS_373/383). */
export const bedrockRules = [
  iacRule({
    id: 'bedrock_agent_guardrail_configured',
    title: 'Bedrock agents are protected by a guardrail',
    severity: 'high',
    category: 'guardrail',
    risk: 'An agent without a guardrail passes user input and tool results straight to the model: prompt injection, jailbreaks and harmful output are unchecked while the agent can act.',
    remediation: 'Attach a guardrail with guardrail_configuration (identifier and version).',
    remediationCode: { terraform: 'guardrail_configuration {\n  guardrail_identifier = aws_bedrock_guardrail.g.guardrail_id\n  guardrail_version    = aws_bedrock_guardrail_version.g.version\n}', cloudformation: 'GuardrailConfiguration:\n  GuardrailIdentifier: !GetAtt Guardrail.GuardrailId\n  GuardrailVersion: !GetAtt GuardrailVersion.Version' },
    frameworks: { ...FW.promptGuard, 'owasp-llm-2025': ['LLM01', 'LLM06'] },
    types: ['aws_bedrockagent_agent'],
    check: (r) => expectAttr(r, 'guardrail_configuration.guardrail_identifier', { what: 'guardrail', ok: present, fail: 'the agent has no guardrail', pass: 'the agent has a guardrail' }),
    examples: {
      pass: [tf('guarded', `${guard}${agent('  guardrail_configuration {\n    guardrail_identifier = aws_bedrock_guardrail.g.guardrail_id\n    guardrail_version    = "1"\n  }\n')}`), cfn('cfn guarded', agentCfn('      GuardrailConfiguration:\n        GuardrailIdentifier: gr-123\n        GuardrailVersion: "1"\n'))],
      fail: [tf('none', agent('')), cfn('cfn none', agentCfn(''))],
    },
  }),
  customerKeyRule({
    id: 'bedrock_agent_encrypted_with_kms',
    noun: 'agent',
    risk: 'Agent sessions and configuration hold conversation data; without a customer-managed key access cannot be governed or revoked by key policy.',
    type: 'aws_bedrockagent_agent',
    examples: { pass: [tf('kms', agent('  customer_encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abc"\n')), cfn('cfn kms', agentCfn('      CustomerEncryptionKeyArn: arn:aws:kms:us-east-1:123456789012:key/abc\n'))], fail: [tf('none', agent(''))] },
  }),
  customerKeyRule({
    id: 'bedrock_flow_encrypted_with_kms',
    noun: 'flow',
    risk: 'A flow stores its definition and the prompts and node outputs of its executions; without a customer-managed key they cannot be governed or revoked by key policy.',
    type: 'aws_bedrockagent_flow',
    examples: { pass: [tf('kms', flow('  customer_encryption_key_arn = aws_kms_key.k.arn\n')), cfn('cfn kms', flowCfn('      CustomerEncryptionKeyArn: arn:aws:kms:us-east-1:123456789012:key/abc\n'))], fail: [tf('none', flow('')), cfn('cfn none', flowCfn(''))] },
  }),
  iacRule({
    id: 'bedrock_custom_model_encrypted_with_kms',
    title: 'Bedrock custom models are encrypted with a customer-managed KMS key',
    severity: 'medium',
    category: 'encryption',
    risk: 'Fine-tuned weights encode the training data; without a customer-managed key the model cannot be locked down or crypto-shredded.',
    remediation: 'Set custom_model_kms_key_id on the customization job.',
    remediationCode: { terraform: 'custom_model_kms_key_id = aws_kms_key.bedrock.arn' },
    frameworks: FW.encryption,
    types: ['aws_bedrock_custom_model'],
    check: (r) => expectAttr(r, 'custom_model_kms_key_id', { what: 'custom_model_kms_key_id', ok: present, fail: 'the custom model is not encrypted with a customer-managed key', pass: 'encrypted with a customer-managed key' }),
    examples: { pass: [tf('kms', custom('  custom_model_kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"\n'))], fail: [tf('none', custom(''))] },
  }),
  iacRule({
    id: 'bedrock_custom_model_training_in_vpc',
    title: 'Bedrock model customization jobs run in a VPC',
    severity: 'low',
    category: 'exposure',
    risk: 'Customization jobs outside a VPC read training data over public endpoints that VPC endpoint policies and flow logs cannot govern.',
    remediation: 'Add vpc_config (subnet and security group ids) to the customization job.',
    frameworks: FW.isolation,
    types: ['aws_bedrock_custom_model'],
    check: (r) => expectAttr(r, 'vpc_config', { what: 'vpc_config', ok: present, fail: 'the customization job has no VPC configuration', pass: 'runs in a VPC' }),
    examples: { pass: [tf('vpc', custom('  vpc_config {\n    security_group_ids = ["sg-1"]\n    subnet_ids = ["subnet-1"]\n  }\n'))], fail: [tf('none', custom(''))] },
  }),
  iacRule({
    id: 'bedrock_data_source_encrypted_with_kms',
    title: 'Bedrock knowledge-base data sources encrypt ingested data with a customer-managed KMS key',
    severity: 'low',
    category: 'encryption',
    risk: 'Chunks of ingested documents are stored transiently during ingestion; without a customer-managed key they are outside key-policy control.',
    remediation: 'Set server_side_encryption_configuration.kms_key_arn on the data source.',
    frameworks: { ...FW.encryption, 'owasp-llm-2025': ['LLM02', 'LLM08'] },
    types: ['aws_bedrockagent_data_source'],
    check: (r) => expectAttr(r, 'server_side_encryption_configuration.kms_key_arn', { what: 'kms_key_arn', ok: present, fail: 'ingestion data is not encrypted with a customer-managed key', pass: 'encrypted with a customer-managed key' }),
    examples: {
      pass: [tf('kms', 'resource "aws_bedrockagent_data_source" "d" {\n  name = "docs"\n  knowledge_base_id = "KB1"\n  data_source_configuration {\n    type = "S3"\n    s3_configuration {\n      bucket_arn = "arn:aws:s3:::acme-docs"\n    }\n  }\n  server_side_encryption_configuration {\n    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abc"\n  }\n}\n')],
      fail: [tf('none', 'resource "aws_bedrockagent_data_source" "d" {\n  name = "docs"\n  knowledge_base_id = "KB1"\n  data_source_configuration {\n    type = "S3"\n    s3_configuration {\n      bucket_arn = "arn:aws:s3:::acme-docs"\n    }\n  }\n}\n')],
    },
  }),
  iacRule({
    id: 'bedrock_model_invocation_logging_enabled',
    title: 'Bedrock model invocation logging is enabled',
    severity: 'medium',
    category: 'logging',
    risk: 'Without invocation logs there is no record of prompts and completions: prompt injection, data leakage and abuse of the models cannot be investigated.',
    remediation: 'Declare aws_bedrock_model_invocation_logging_configuration delivering text (and image/embedding) data to S3 or CloudWatch.',
    remediationCode: { terraform: 'resource "aws_bedrock_model_invocation_logging_configuration" "this" {\n  logging_config {\n    text_data_delivery_enabled = true\n    s3_config { bucket_name = aws_s3_bucket.bedrock_logs.id }\n  }\n}' },
    frameworks: FW.logging,
    types: ['aws_bedrock_platform'],
    check: (r): RuleVerdict => {
      const cfg = r.attributes.invocation_logging;
      if (cfg === undefined) return { status: 'manual', message: `${r.name}: no Bedrock invocation logging configuration in this code; it is account-wide, check the account (or declare it here)` };
      const text = get(cfg, 'text_data_delivery_enabled');
      if (undecided(text)) return { status: 'manual', message: `${r.name}: text delivery is set by \`${text.$unknown}\``, location: loc(r, 'invocation_logging') };
      const dest = present(get(cfg, 's3_config')) || present(get(cfg, 'cloudwatch_config'));
      return text !== false && dest ? { status: 'pass', message: `${r.name}: invocation logging delivers prompts and completions`, location: loc(r, 'invocation_logging') } : { status: 'fail', message: `${r.name}: invocation logging ${dest ? 'does not deliver text data' : 'has no destination'}`, location: loc(r, 'invocation_logging') };
    },
    examples: { pass: [tf('logging', guard + logging(on))], fail: [tf('text off', guard + logging(off))] },
  }),
  iacRule({
    id: 'bedrock_model_invocation_logs_encrypted',
    title: 'Bedrock invocation logs are stored encrypted with KMS',
    severity: 'low',
    category: 'encryption',
    risk: 'Invocation logs contain full prompts and completions, often personal data; unencrypted destinations widen who can read them.',
    remediation: 'Send invocation logs to an S3 bucket with aws:kms default encryption (or a KMS-encrypted CloudWatch log group).',
    frameworks: FW.encryption,
    types: ['aws_bedrock_platform'],
    check: (r, { graph }): RuleVerdict | undefined => {
      const name = get(r.attributes.invocation_logging, 's3_config.bucket_name');
      if (name === undefined) return undefined;
      if (typeof name !== 'string') return { status: 'manual', message: `${r.name}: the log bucket is not known from the code`, location: loc(r, 'invocation_logging') };
      const b = graph.asset(assetId('storage', 'aws', `s3://${name}`));
      const br = b ? resourceOf(b) : undefined;
      if (!br) return { status: 'manual', message: `${r.name}: log bucket ${name} is not declared in the scanned code`, location: loc(r, 'invocation_logging') };
      const alg: JsonValue | undefined = get(br.attributes, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm');
      return typeof alg === 'string' && alg.startsWith('aws:kms') ? { status: 'pass', message: `${r.name}: logs go to KMS-encrypted bucket ${name}`, location: loc(r, 'invocation_logging') } : { status: 'fail', message: `${r.name}: log bucket ${name} has no KMS default encryption`, location: loc(r, 'invocation_logging') };
    },
    examples: {
      pass: [tf('kms bucket', `${guard}${logging(on)}resource "aws_s3_bucket" "logs" {\n  bucket = "acme-bedrock-logs"\n}\nresource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n`)],
      fail: [tf('plain bucket', `${guard}${logging(on)}resource "aws_s3_bucket" "logs" {\n  bucket = "acme-bedrock-logs"\n}\n`)],
    },
  }),
];
