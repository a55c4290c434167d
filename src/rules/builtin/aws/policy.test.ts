import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { JsonValue } from '../../../core/index.js';
import { adminEvidence, allows, statementsOf, undecidedStatement } from './policy.js';

const principal = (document: JsonValue): CloudResource => ({ provider: 'aws', type: 'aws_iam_role', address: 'aws_iam_role.r', name: 'r', attributes: { inline_policies: [{ name: 'p', document }] }, attrLines: {}, file: 'main.tf', line: 1, source: 'terraform' });
const doc = (...Statement: JsonValue[]): JsonValue => ({ Version: '2012-10-17', Statement });

describe('IAM statements as the rules read them', () => {
  it('treats Allow NotAction on every resource as administrator access (PowerUserAccess is exactly that)', () => {
    expect(adminEvidence(principal(doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })))).toEqual({ via: 'p', path: 'inline_policies' });
    expect(adminEvidence(principal(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b/*' })))).toBeUndefined();
  });

  it('answers what a NotAction statement allows', () => {
    const [s] = statementsOf(doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }), 'p', 'x');
    expect(allows(s!, 'bedrock:InvokeModel')).toBe(true);
    expect(allows(s!, 'iam:PassRole')).toBe(false);
  });

  it('keeps what the code does not decide instead of reading it as nothing allowed', () => {
    expect(undecidedStatement(principal({ $unknown: 'file("p.json")' }))?.unknown).toEqual(['file("p.json")']);
    expect(undecidedStatement(principal(doc({ Effect: 'Allow', Action: { $unknown: 'var.actions' }, Resource: '*' })))?.unknown).toEqual(['var.actions']);
    expect(undecidedStatement(principal(doc({ $unknown: 'var.extra' })))?.unknown).toEqual(['var.extra']);
    expect(undecidedStatement(principal(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })))).toBeUndefined();
    // An unknown never hides a real finding beside it.
    expect(adminEvidence(principal(doc({ $unknown: 'var.extra' }, { Effect: 'Allow', Action: '*', Resource: '*' })))).toBeDefined();
  });
});

describe('references in Resource', () => {
  it('reads a reference to a declared resource as that resource, not as undecided', () => {
    const p = principal(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: [{ $unknown: '${aws_s3_bucket.b.arn}/*', ref: 'aws_s3_bucket.b' }] }));
    expect(undecidedStatement(p)).toBeUndefined();
    expect(undecidedStatement(principal(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: { $unknown: 'var.resource' } })))?.unknown).toEqual(['var.resource']);
  });
});

describe('unknowns that can never be the wildcard', () => {
  it('treats a templated literal ARN as a resource, and a bare variable as undecided', () => {
    expect(undecidedStatement(principal(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: [{ $unknown: 'arn:aws:s3:::${var.bucket}/*' }, { $unknown: '!Sub arn:${AWS::Partition}:s3:::b/*' }] })))).toBeUndefined();
    expect(undecidedStatement(principal(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: { $unknown: 'var.bucket_arn' } })))).toBeDefined();
  });
});
