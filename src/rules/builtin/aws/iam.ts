import type { JsonValue } from '../../../core/index.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { cfn, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { getAll, isUnknown, loc, resourceOf } from '../cloud-shared/resource.js';
import { adminEvidence, allows, covers, describeActions, managedArns, managedName, MANAGED_AI_FULL, notWildcard, principalStatements, statementsOf, undecidedStatement, type Statement } from './policy.js';

const P = ['aws_iam_role', 'aws_iam_user'];
const role = (extra = '') => `resource "aws_iam_role" "r" {\n  name = "acme-notebook-role"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Action = "sts:AssumeRole"\n      Principal = { Service = "sagemaker.amazonaws.com" }\n    }]\n  })\n}\n${extra}`;
const attach = (policy: string) => `resource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.r.name\n  policy_arn = "arn:aws:iam::aws:policy/${policy}"\n}\n`;
const inline = (statement: string) => `resource "aws_iam_role_policy" "p" {\n  name = "inline"\n  role = aws_iam_role.r.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [${statement}]\n  })\n}\n`;
const roleCfn = (props: string) => `  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: acme-notebook-role\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: sts:AssumeRole\n            Principal:\n              Service: sagemaker.amazonaws.com\n${props}`;

type Res = Parameters<Parameters<typeof iacRule>[0]['check']>[0];

/** `manual` for a principal whose policies the code leaves partly open; a pass would be a guess. */
function undecidedVerdict(r: Res, s: Statement): RuleVerdict {
  return { status: 'manual', message: `${r.address}: policy ${s.via} depends on \`${s.unknown[0]}\`, which the code does not decide; check the deployed policy`, location: loc(r, s.path) };
}

/** One verdict per offending statement; else `manual` when a statement is partly unknown; else one pass. */
function perStatement(r: Res, isBad: (s: Statement) => boolean, what: string, ok: string): RuleVerdict[] {
  const all = principalStatements(r);
  const bad = all.filter(isBad);
  if (!bad.length) {
    const open = all.find((s) => s.unknown.length > 0);
    return [open ? undecidedVerdict(r, open) : { status: 'pass', message: `${r.address}: ${ok}` }];
  }
  return bad.map((s) => ({ status: 'fail', message: `${r.address}: ${what} (policy ${s.via}: ${describeActions(s)} on ${s.resources.join(', ')})`, location: loc(r, s.path), evidenceKey: `${s.via}:${s.notActions ? `not:${s.notActions.join(',')}` : s.actions.join(',')}` }));
}

/** Services whose wildcard on `*` the wildcard rule reports. */
const AI_SERVICES = ['bedrock', 'sagemaker', 's3', 'aoss'];

/** IAM principals (Prowler iam_* AI-relevant checks; Checkov CKV_AWS_62/63/286-290 family). */
export const iamRules = [
  iacRule({
    id: 'iam_principal_no_administrator_access',
    title: 'IAM roles and users do not have administrator access',
    severity: 'high',
    category: 'identity',
    risk: 'An administrator principal used by a notebook, pipeline or agent turns any code execution in it into full control of the account, including every training bucket and model.',
    remediation: 'Detach AdministratorAccess (and `*` on `*` statements); grant only the actions and resources the workload needs.',
    remediationCode: { terraform: '# replace AdministratorAccess with a scoped policy\nresource "aws_iam_role_policy" "scoped" {\n  role   = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.scoped.json\n}' },
    frameworks: FW.identity,
    types: P,
    check: (r) => {
      const ev = adminEvidence(r);
      if (ev) return { status: 'fail', message: `${r.address}: has administrator access through ${ev.via}`, location: loc(r, ev.path), evidenceKey: ev.via };
      const open = undecidedStatement(r);
      return open ? undecidedVerdict(r, open) : { status: 'pass', message: `${r.address}: no administrator access in the code` };
    },
    examples: {
      pass: [tf('scoped', role(inline('{ Effect = "Allow", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::acme-training-data/*"] }')))],
      fail: [tf('managed admin', role(attach('AdministratorAccess'))), tf('star on star', role(inline('{ Effect = "Allow", Action = "*", Resource = "*" }'))), tf('not action on star', role(inline('{ Effect = "Allow", NotAction = ["iam:*", "organizations:*"], Resource = "*" }'))), cfn('cfn admin', roleCfn('      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n'))],
    },
  }),
  iacRule({
    id: 'iam_principal_no_ai_full_access_policies',
    title: 'IAM roles and users do not use the Bedrock or SageMaker full-access managed policies',
    severity: 'medium',
    category: 'identity',
    risk: 'AmazonBedrockFullAccess and AmazonSageMakerFullAccess allow creating, changing and deleting every model, endpoint, guardrail and agent, and passing roles to them.',
    remediation: 'Replace the full-access managed policy with a scoped policy listing the models and actions the workload uses.',
    frameworks: FW.identity,
    types: P,
    check: (r) => {
      const bad = managedArns(r).filter((m) => MANAGED_AI_FULL.has(managedName(m.arn) ?? ''));
      return bad.length ? bad.map((b) => ({ status: 'fail' as const, message: `${r.address}: attached ${managedName(b.arn)}`, location: loc(r, b.path), evidenceKey: b.arn })) : { status: 'pass', message: `${r.address}: no AI full-access managed policy` };
    },
    examples: { pass: [tf('read only', role(attach('AmazonBedrockReadOnly')))], fail: [tf('bedrock full', role(attach('AmazonBedrockFullAccess'))), tf('sagemaker full', role(attach('AmazonSageMakerFullAccess')))] },
  }),
  iacRule({
    id: 'iam_policy_no_wildcard_ai_actions',
    title: 'IAM policies do not grant every Bedrock, SageMaker or S3 action on every resource',
    severity: 'medium',
    category: 'identity',
    risk: '`bedrock:*`, `sagemaker:*` or `s3:*` on `*` lets the principal invoke any model, change any endpoint or read and overwrite any training data.',
    remediation: 'List the specific actions and resource ARNs the workload needs.',
    frameworks: FW.identity,
    types: P,
    // NotAction counts when it leaves one of these services' wildcard allowed.
    check: (r) => perStatement(r, (s) => s.resources.includes('*') && (s.notActions ? AI_SERVICES.some((svc) => allows(s, `${svc}:*`)) : s.actions.some((a) => /^(bedrock|sagemaker|s3|aoss):\*$/i.test(a))), 'grants a service wildcard on all resources', 'no service-wide wildcard on all resources'),
    examples: {
      pass: [tf('scoped', role(inline('{ Effect = "Allow", Action = ["bedrock:InvokeModel"], Resource = ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku"] }')))],
      fail: [tf('bedrock star', role(inline('{ Effect = "Allow", Action = "bedrock:*", Resource = "*" }'))), tf('not action', role(inline('{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }')))],
    },
  }),
  iacRule({
    id: 'iam_policy_passrole_restricted',
    title: 'IAM policies allow iam:PassRole only for named roles',
    severity: 'high',
    category: 'identity',
    risk: 'iam:PassRole on `*` lets the holder start a notebook, training job or agent as any role in the account, including administrators — a classic privilege escalation.',
    remediation: 'Restrict iam:PassRole to the ARNs of the execution roles, with an iam:PassedToService condition.',
    remediationCode: { terraform: 'statement {\n  actions   = ["iam:PassRole"]\n  resources = [aws_iam_role.sagemaker_exec.arn]\n  condition {\n    test     = "StringEquals"\n    variable = "iam:PassedToService"\n    values   = ["sagemaker.amazonaws.com"]\n  }\n}' },
    frameworks: FW.identity,
    types: P,
    check: (r) => perStatement(r, (s) => !s.conditional && s.resources.includes('*') && s.actions.some((a) => a !== '*' && covers(a, 'iam:PassRole')), 'can pass any role', 'iam:PassRole is scoped'),
    examples: {
      pass: [tf('scoped', role(inline('{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::123456789012:role/sm-exec" }')))],
      fail: [tf('any role', role(inline('{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }')))],
    },
  }),
  iacRule({
    id: 'iam_policy_no_marketplace_subscribe',
    title: 'IAM policies do not let workloads subscribe to AWS Marketplace model offers',
    severity: 'medium',
    category: 'identity',
    risk: 'aws-marketplace:Subscribe enables new (third-party) foundation models in Bedrock and commits spend; a workload with it can enable unreviewed models.',
    remediation: 'Remove aws-marketplace:Subscribe from workload roles; grant model access centrally.',
    frameworks: { 'owasp-llm-2025': ['LLM03', 'LLM10'], 'mitre-atlas': ['AML.T0034', 'AML.M0026'] },
    types: P,
    check: (r) => perStatement(r, (s) => !s.conditional && s.actions.some((a) => a !== '*' && covers(a, 'aws-marketplace:Subscribe')), 'can subscribe to Marketplace offers', 'no Marketplace subscribe permission'),
    examples: { pass: [tf('none', role(inline('{ Effect = "Allow", Action = "bedrock:InvokeModel", Resource = "*" }')))], fail: [tf('subscribe', role(inline('{ Effect = "Allow", Action = ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], Resource = "*" }')))] },
  }),
  iacRule({
    id: 'iam_role_trust_policy_not_public',
    title: 'IAM role trust policies do not let any principal assume the role',
    severity: 'critical',
    category: 'identity',
    risk: 'A trust policy with Principal `*` and no condition lets any AWS account assume the role and act as the AI workload.',
    remediation: 'Name the service or account principals that may assume the role, and add conditions (aws:SourceAccount, sts:ExternalId).',
    frameworks: FW.identity,
    types: ['aws_iam_role'],
    check: (r) => {
      const stmts = getAll(r.attributes, 'assume_role_policy.Statement').map((s) => (s ?? {}) as Record<string, JsonValue>);
      const unconditioned = stmts.filter((o) => o.Effect === 'Allow' && o.Condition === undefined);
      const open = unconditioned.filter((o) => o.Principal === '*' || getAll(o.Principal, 'AWS').includes('*'));
      if (open.length) return { status: 'fail', message: `${r.address}: any principal can assume the role`, location: loc(r, 'assume_role_policy') };
      // A trust document or principal the code leaves open (file(), a variable) may well be `*`.
      const undecidedDoc = statementsOf(r.attributes.assume_role_policy, 'trust', 'assume_role_policy').find((s) => s.unknown.length && !s.actions.length);
      const undecidedPrincipal = unconditioned.map((o) => [o.Principal, ...getAll(o.Principal, 'AWS')]).flat().find((p) => isUnknown(p) && !notWildcard(p));
      const what = undecidedDoc?.unknown[0] ?? (isUnknown(undecidedPrincipal) ? undecidedPrincipal.$unknown : undefined);
      if (what) return { status: 'manual', message: `${r.address}: the trust policy depends on \`${what}\`, which the code does not decide; check who may assume the role`, location: loc(r, 'assume_role_policy') };
      return { status: 'pass', message: `${r.address}: trust policy names its principals` };
    },
    examples: { pass: [tf('service', role())], fail: [tf('anyone', role().replace('{ Service = "sagemaker.amazonaws.com" }', '{ AWS = "*" }'))] },
  }),
  iacRule({
    id: 'aws_ai_workload_role_not_administrator',
    title: 'AWS AI workloads (notebooks, endpoints, jobs, agents) do not run as an administrator role',
    severity: 'critical',
    category: 'identity',
    risk: 'Code running in a notebook, model container, pipeline or agent inherits its execution role; an administrator role turns one prompt injection or malicious package into full account compromise.',
    remediation: 'Give each AI workload its own execution role scoped to its buckets, models and logs.',
    frameworks: { ...FW.identity, 'owasp-llm-2025': ['LLM06', 'LLM02', 'LLM03'] },
    types: ['aws_sagemaker_notebook_instance', 'aws_sagemaker_model', 'aws_sagemaker_pipeline', 'aws_sagemaker_training_job', 'aws_sagemaker_processing_job', 'aws_sagemaker_domain', 'aws_sagemaker_user_profile', 'aws_bedrockagent_agent', 'aws_bedrockagent_knowledge_base', 'aws_bedrock_custom_model', 'aws_sagemaker_data_quality_job_definition'],
    check: (r, { graph, asset }) => {
      const roles = graph.out(asset.id, 'runs-as').map((e) => graph.asset(e.to)).filter((a) => a !== undefined);
      if (!roles.length) return undefined;
      return roles.map((ra): RuleVerdict => {
        const rr = resourceOf(ra);
        if (!rr) return { status: 'manual', message: `${r.address}: runs as ${ra.name}, which is not declared in the scanned code`, evidenceKey: ra.id };
        const ev = adminEvidence(rr);
        const open = ev ? undefined : undecidedStatement(rr);
        if (open) return { status: 'manual', message: `${r.address}: runs as ${ra.name}, whose policy ${open.via} depends on \`${open.unknown[0]}\`, which the code does not decide`, location: loc(r), evidenceKey: ra.id };
        return ev ? { status: 'fail', message: `${r.address}: runs as ${ra.name}, which has administrator access (${ev.via})`, location: loc(r), evidenceKey: ra.id } : { status: 'pass', message: `${r.address}: runs as ${ra.name} (not an administrator)`, evidenceKey: ra.id };
      });
    },
    examples: {
      pass: [tf('scoped role', `${role(inline('{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-training-data/*" }'))}resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "lab"\n  role_arn = aws_iam_role.r.arn\n  instance_type = "ml.t3.medium"\n}\n`)],
      fail: [tf('admin role', `${role(attach('AdministratorAccess'))}resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "lab"\n  role_arn = aws_iam_role.r.arn\n  instance_type = "ml.t3.medium"\n}\n`)],
    },
  }),
];
