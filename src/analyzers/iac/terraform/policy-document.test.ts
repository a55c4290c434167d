import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/asset.js';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';

const role = 'resource "aws_iam_role" "r" {\n  name = "nb-role"\n  assume_role_policy = "{}"\n}\n';
const inlineDoc = 'resource "aws_iam_role_policy" "p" {\n  name   = "doc"\n  role   = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.p.json\n}\n';

/** The IAM JSON statements a role ends up holding, from every policy folded into it. */
async function roleStatements(main: string): Promise<JsonValue[]> {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': main }, 'main.tf');
  const r = res(out.assets!.find((a) => a.type === 'aws_iam_role'));
  const docs = [...((r.attributes.inline_policies ?? []) as { document: JsonValue }[]), ...((r.attributes.attached_policies ?? []) as { document: JsonValue }[])].map((p) => p.document);
  return docs.flatMap((d) => (isUnknown(d) ? [d] : ((d as { Statement: JsonValue[] }).Statement ?? [])));
}

describe('aws_iam_policy_document and attached policies reach the principal', () => {
  it('keeps the statements of source_policy_documents and lets override documents replace by Sid', async () => {
    const st = await roleStatements(
      `data "aws_iam_policy_document" "base" {\n  statement {\n    actions   = ["bedrock:*"]\n    resources = ["*"]\n  }\n}\n` +
        `data "aws_iam_policy_document" "over" {\n  statement {\n    sid       = "read"\n    actions   = ["s3:ListBucket"]\n    resources = ["*"]\n  }\n}\n` +
        `data "aws_iam_policy_document" "p" {\n  source_policy_documents   = [data.aws_iam_policy_document.base.json]\n  override_policy_documents = [data.aws_iam_policy_document.over.json]\n  statement {\n    sid       = "read"\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::acme-train/*"]\n  }\n}\n${role}${inlineDoc}`,
    );
    expect(st).toEqual([
      { Effect: 'Allow', Action: ['bedrock:*'], Resource: ['*'] },
      { Effect: 'Allow', Sid: 'read', Action: ['s3:ListBucket'], Resource: ['*'] },
    ]);
  });

  it('expands dynamic "statement" blocks inside a policy document', async () => {
    const st = await roleStatements(
      `locals {\n  grants = { models = ["sagemaker:*"], all = ["*"] }\n}\ndata "aws_iam_policy_document" "p" {\n  dynamic "statement" {\n    for_each = local.grants\n    content {\n      sid       = statement.key\n      actions   = statement.value\n      resources = ["*"]\n    }\n  }\n}\n${role}${inlineDoc}`,
    );
    expect(st).toEqual([
      { Effect: 'Allow', Sid: 'models', Action: ['sagemaker:*'], Resource: ['*'] },
      { Effect: 'Allow', Sid: 'all', Action: ['*'], Resource: ['*'] },
    ]);
  });

  it('keeps a source document the code does not decide as an unknown statement, not as nothing', async () => {
    const st = await roleStatements(`variable "extra" {}\ndata "aws_iam_policy_document" "p" {\n  source_policy_documents = [var.extra]\n}\n${role}${inlineDoc}`);
    expect(st).toHaveLength(1);
    expect(isUnknown(st[0]) && st[0].$unknown).toBe('var.extra');
  });

  it('does not loop on documents that reach themselves', async () => {
    const st = await roleStatements(`data "aws_iam_policy_document" "p" {\n  source_policy_documents = [data.aws_iam_policy_document.p.json]\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n${role}${inlineDoc}`);
    expect(st.some((s) => isUnknown(s))).toBe(true);
    expect(st).toContainEqual({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] });
  });

  it('folds customer policies named in managed_policy_arns by reference, and keeps an unset one as unknown', async () => {
    const st = await roleStatements(
      `variable "extra_arn" {}\nresource "aws_iam_policy" "wide" {\n  name   = "wide"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n` +
        `resource "aws_iam_role" "r" {\n  name                = "nb-role"\n  assume_role_policy  = "{}"\n  managed_policy_arns = [aws_iam_policy.wide.arn, var.extra_arn, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]\n}\n`,
    );
    expect(st[0]).toEqual({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(isUnknown(st[1]) && st[1].$unknown).toBe('var.extra_arn');
    expect(st).toHaveLength(2);
  });

  it('resolves a looked-up policy ARN written as a literal', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      { 'main.tf': `data "aws_iam_policy" "admin" {\n  arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n${role}resource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.r.name\n  policy_arn = data.aws_iam_policy.admin.arn\n}\n` },
      'main.tf',
    );
    const r = res(out.assets!.find((a) => a.type === 'aws_iam_role'));
    expect(r.attributes.attached_policies).toEqual([{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
  });
});
