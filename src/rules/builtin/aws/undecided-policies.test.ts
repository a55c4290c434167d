import { describe, expect, it } from 'vitest';
import type { Asset, JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { iamRules } from './iam.js';
import { s3Rules } from './s3.js';

const asset = (r: CloudResource): Asset => ({ id: r.address, kind: 'identity', name: r.name, provider: 'aws', type: r.type, locations: [{ path: r.file, line: r.line }], properties: { resource: r as unknown as JsonValue } });
const resource = (type: string, attributes: Record<string, JsonValue>): CloudResource => ({ provider: 'aws', type, address: `${type}.x`, name: 'x', attributes, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' });
const verdicts = (rules: typeof iamRules, id: string, r: CloudResource): RuleVerdict[] => {
  const out = rules.find((x) => x.id === id)!.evaluate(asset(r), { graph: undefined as never });
  return out === undefined ? [] : Array.isArray(out) ? out : [out];
};
const statuses = (rules: typeof iamRules, id: string, r: CloudResource) => verdicts(rules, id, r).map((v) => v.status);

const fromFile = { $unknown: 'file("${path.module}/policy.json")' };

describe('policies the code does not decide answer manual, never pass', () => {
  it('IAM principal rules on a policy read from a file or with variable actions', () => {
    const role = resource('aws_iam_role', { name: 'r', inline_policies: [{ name: 'p', document: fromFile }] });
    for (const id of ['iam_principal_no_administrator_access', 'iam_policy_no_wildcard_ai_actions', 'iam_policy_passrole_restricted', 'iam_policy_no_marketplace_subscribe']) expect(statuses(iamRules, id, role), id).toEqual(['manual']);
    const varActions = resource('aws_iam_role', { name: 'r', inline_policies: [{ name: 'p', document: { Statement: [{ Effect: 'Allow', Action: { $unknown: 'var.actions' }, Resource: '*' }] } }] });
    expect(verdicts(iamRules, 'iam_principal_no_administrator_access', varActions)[0]!.message).toContain('var.actions');
  });

  it('IAM trust policy read from a file, or trusting a variable principal', () => {
    expect(statuses(iamRules, 'iam_role_trust_policy_not_public', resource('aws_iam_role', { name: 'r', assume_role_policy: fromFile }))).toEqual(['manual']);
    const varPrincipal = { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { $unknown: 'var.trusted' } } }] };
    expect(statuses(iamRules, 'iam_role_trust_policy_not_public', resource('aws_iam_role', { name: 'r', assume_role_policy: varPrincipal }))).toEqual(['manual']);
    // An account root ARN built from a variable or pseudo parameter is never `*`.
    const accountRoot = { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { $unknown: '!Sub arn:aws:iam::${AWS::AccountId}:root' } } }] };
    expect(statuses(iamRules, 'iam_role_trust_policy_not_public', resource('aws_iam_role', { name: 'r', assume_role_policy: accountRoot }))).toEqual(['pass']);
  });

  it('S3 bucket policy read from a file', () => {
    const b = resource('aws_s3_bucket', { bucket: 'b', policy: fromFile });
    expect(statuses(s3Rules, 's3_bucket_policy_not_public', b)).toEqual(['manual']);
    expect(statuses(s3Rules, 's3_bucket_secure_transport_required', b)).toEqual(['manual']);
    const varPrincipal = resource('aws_s3_bucket', { bucket: 'b', policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: { $unknown: 'var.readers' } }, Action: 's3:GetObject' }] } });
    expect(statuses(s3Rules, 's3_bucket_policy_not_public', varPrincipal)).toEqual(['manual']);
    // Who may read is open; that no statement denies plain HTTP is not.
    expect(statuses(s3Rules, 's3_bucket_secure_transport_required', varPrincipal)).toEqual(['fail']);
    const rolePrincipal = resource('aws_s3_bucket', { bucket: 'b', policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: { $unknown: 'aws_iam_role.r.arn', ref: 'aws_iam_role.r' } }, Action: 's3:GetObject' }] } });
    expect(statuses(s3Rules, 's3_bucket_policy_not_public', rolePrincipal)).toEqual(['pass']);
  });

  it('still fails what is visibly wrong beside an unknown', () => {
    const role = resource('aws_iam_role', { name: 'r', inline_policies: [{ name: 'p', document: fromFile }, { name: 'q', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] });
    expect(statuses(iamRules, 'iam_principal_no_administrator_access', role)).toEqual(['fail']);
    const b = resource('aws_s3_bucket', { bucket: 'b', policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }, fromFile] } });
    expect(statuses(s3Rules, 's3_bucket_policy_not_public', b)).toEqual(['fail']);
  });
});
