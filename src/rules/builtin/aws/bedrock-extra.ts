import type { JsonValue } from '../../../core/index.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { cfn, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { list, loc, resourceOf } from '../cloud-shared/resource.js';

const agent = (name: string, role: string, extra = '') => `resource "aws_bedrockagent_agent" "${name}" {\n  agent_name              = "${name}"\n  agent_resource_role_arn = ${role}\n  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"\n${extra}}\n`;
const role = (name: string) => `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = "{}"\n}\n`;
const guard = 'resource "aws_bedrock_guardrail" "g" {\n  name = "g"\n  blocked_input_messaging = "no"\n  blocked_outputs_messaging = "no"\n}\n';
const user = (extra: string) => `resource "aws_iam_user" "u" {\n  name = "ml-dev"\n}\n${extra}`;

/** More Prowler Bedrock/SageMaker checks that IaC can express: session TTL, role reuse, private connectivity, Bedrock API keys, SSO, AgentCore networking. */
export const bedrockExtraRules = [
  iacRule({
    id: 'bedrock_agent_idle_session_ttl_not_excessive',
    title: 'Bedrock agent sessions expire after at most one hour of inactivity',
    severity: 'low',
    category: 'identity',
    risk: 'Long-lived agent sessions keep conversation context (and anything injected into it) alive and usable long after the user left.',
    remediation: 'Set idle_session_ttl_in_seconds to 3600 or less.',
    frameworks: FW.agency,
    types: ['aws_bedrockagent_agent'],
    check: (r) => expectAttr(r, 'idle_session_ttl_in_seconds', { dflt: 1800, what: 'idle session TTL', ok: (v) => Number(v) <= 3600, fail: 'idle sessions live longer than one hour', pass: 'idle session TTL within one hour' }),
    examples: { pass: [tf('default', agent('a', '"arn:aws:iam::123456789012:role/a"'))], fail: [tf('a day', agent('a', '"arn:aws:iam::123456789012:role/a"', '  idle_session_ttl_in_seconds = 86400\n')), cfn('cfn a day', '  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: a\n      IdleSessionTTLInSeconds: 86400\n')] },
  }),
  iacRule({
    id: 'bedrock_agent_role_not_shared_across_agents',
    title: 'Each Bedrock agent has its own execution role',
    severity: 'medium',
    category: 'identity',
    risk: 'Agents sharing one role share every permission: a prompt injection in the least trusted agent can use the tools and data of all of them.',
    remediation: 'Create one execution role per agent, scoped to that agent’s models, knowledge bases and action groups.',
    frameworks: FW.agency,
    types: ['aws_bedrockagent_agent'],
    check: (r, { graph, asset }): RuleVerdict[] | undefined => {
      const roles = graph.out(asset.id, 'runs-as').map((e) => e.to);
      if (!roles.length) return undefined;
      return roles.map((roleId) => {
        const others = graph.in(roleId, 'runs-as').map((e) => graph.asset(e.from)).filter((a) => a && a.id !== asset.id && resourceOf(a)?.type === 'aws_bedrockagent_agent');
        return others.length ? { status: 'fail', message: `${r.address}: shares its role with ${others.map((o) => o!.name).join(', ')}`, location: loc(r, 'agent_resource_role_arn'), evidenceKey: roleId } : { status: 'pass', message: `${r.address}: role used by this agent only`, evidenceKey: roleId };
      });
    },
    examples: {
      pass: [tf('own roles', role('ra') + role('rb') + agent('a', 'aws_iam_role.ra.arn') + agent('b', 'aws_iam_role.rb.arn'))],
      fail: [tf('shared', role('ra') + agent('a', 'aws_iam_role.ra.arn') + agent('b', 'aws_iam_role.ra.arn'))],
    },
  }),
  iacRule({
    id: 'aws_ai_private_connectivity_configured',
    title: 'Bedrock and SageMaker are reached through VPC interface endpoints',
    severity: 'low',
    category: 'exposure',
    risk: 'Without interface endpoints, model calls from workloads leave the VPC over the public service endpoints, outside VPC endpoint policies and network controls.',
    remediation: 'Declare aws_vpc_endpoint (Interface, private DNS) for bedrock-runtime (and bedrock-agent-runtime) and sagemaker.runtime / sagemaker.api.',
    remediationCode: { terraform: 'resource "aws_vpc_endpoint" "bedrock_runtime" {\n  vpc_id              = aws_vpc.main.id\n  service_name        = "com.amazonaws.${var.region}.bedrock-runtime"\n  vpc_endpoint_type   = "Interface"\n  private_dns_enabled = true\n}' },
    frameworks: FW.isolation,
    types: ['aws_bedrock_platform'],
    check: (r) => {
      const names = list(r.attributes.vpc_endpoints).map((e) => String((e as Record<string, JsonValue>)?.service_name ?? ''));
      return list(r.attributes.services).map((svc): RuleVerdict => {
        const ok = names.some((n) => (svc === 'bedrock' ? /bedrock(-agent)?-runtime$/ : /sagemaker\.(runtime|api)$/).test(n));
        return ok ? { status: 'pass', message: `${r.name}: ${svc} has a VPC interface endpoint`, evidenceKey: String(svc) } : { status: 'fail', message: `${r.name}: no VPC interface endpoint for ${svc} declared beside its resources`, evidenceKey: String(svc) };
      });
    },
    examples: {
      pass: [tf('endpoint', `${guard}resource "aws_vpc_endpoint" "br" {\n  vpc_id = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.bedrock-runtime"\n  vpc_endpoint_type = "Interface"\n  private_dns_enabled = true\n}\n`)],
      fail: [tf('none', guard)],
    },
  }),
  iacRule({
    id: 'iam_user_no_bedrock_api_keys',
    title: 'IAM users have no long-term Bedrock API keys',
    severity: 'medium',
    category: 'secret',
    risk: 'Long-term Bedrock API keys are bearer secrets tied to an IAM user; once leaked they call models until someone deletes them.',
    remediation: 'Delete aws_iam_service_specific_credential for bedrock.amazonaws.com; use short-term keys or IAM roles.',
    frameworks: FW.keyAuth,
    types: ['aws_iam_user'],
    check: (r) => {
      const keys = list(r.attributes.service_specific_credentials).filter((k) => /bedrock/.test(String((k as Record<string, JsonValue>)?.service_name)) && (k as Record<string, JsonValue>)?.status !== 'Inactive');
      return keys.length ? { status: 'fail', message: `${r.address}: has ${keys.length} active Bedrock API key(s)`, location: loc(r, 'service_specific_credentials') } : { status: 'pass', message: `${r.address}: no long-term Bedrock API keys` };
    },
    examples: { pass: [tf('none', user(''))], fail: [tf('key', user('resource "aws_iam_service_specific_credential" "k" {\n  service_name = "bedrock.amazonaws.com"\n  user_name    = aws_iam_user.u.name\n}\n'))] },
  }),
  iacRule({
    id: 'sagemaker_domain_sso_configured',
    title: 'SageMaker domains authenticate users through IAM Identity Center',
    severity: 'low',
    category: 'identity',
    risk: 'IAM-mode domains rely on IAM users or roles with presigned-URL access, which is harder to tie to a person and to revoke centrally.',
    remediation: 'Set auth_mode = "SSO".',
    frameworks: FW.keyAuth,
    types: ['aws_sagemaker_domain'],
    check: (r) => expectAttr(r, 'auth_mode', { what: 'auth_mode', ok: (v) => v === 'SSO', fail: 'users authenticate with IAM, not Identity Center', pass: 'Identity Center (SSO) authentication' }),
    examples: {
      pass: [tf('sso', 'resource "aws_sagemaker_domain" "d" {\n  domain_name = "d"\n  auth_mode = "SSO"\n  vpc_id = "vpc-1"\n  subnet_ids = ["s"]\n  default_user_settings {\n    execution_role = "arn:aws:iam::123456789012:role/x"\n  }\n}\n')],
      fail: [tf('iam', 'resource "aws_sagemaker_domain" "d" {\n  domain_name = "d"\n  auth_mode = "IAM"\n  vpc_id = "vpc-1"\n  subnet_ids = ["s"]\n  default_user_settings {\n    execution_role = "arn:aws:iam::123456789012:role/x"\n  }\n}\n')],
    },
  }),
  iacRule({
    id: 'bedrock_agentcore_runtime_in_vpc',
    title: 'Bedrock AgentCore runtimes run in VPC network mode',
    severity: 'medium',
    category: 'exposure',
    risk: 'An agent runtime in PUBLIC network mode can reach any internet host, so an injected instruction can exfiltrate data through the agent’s tools.',
    remediation: 'Set network_configuration.network_mode = "VPC" with subnets and security groups.',
    frameworks: { ...FW.isolation, 'owasp-llm-2025': ['LLM06', 'LLM02'] },
    types: ['aws_bedrockagentcore_agent_runtime'],
    check: (r) => expectAttr(r, 'network_configuration.network_mode', { dflt: 'PUBLIC', what: 'network mode', ok: (v) => v === 'VPC', fail: 'the agent runtime runs in PUBLIC network mode', pass: 'VPC network mode' }),
    examples: {
      pass: [tf('vpc', 'resource "aws_bedrockagentcore_agent_runtime" "rt" {\n  agent_runtime_name = "triage"\n  role_arn = "arn:aws:iam::123456789012:role/rt"\n  network_configuration {\n    network_mode = "VPC"\n  }\n}\n')],
      fail: [tf('public', 'resource "aws_bedrockagentcore_agent_runtime" "rt" {\n  agent_runtime_name = "triage"\n  role_arn = "arn:aws:iam::123456789012:role/rt"\n  network_configuration {\n    network_mode = "PUBLIC"\n  }\n}\n')],
    },
  }),
];
