import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '../testing/scan-files.js';
import { terraformAnalyzer } from '../terraform/index.js';

const hcl = (notAction: string) =>
  `resource "aws_s3_bucket" "b" {\n  bucket = "acme-train"\n}\nresource "aws_iam_role" "r" {\n  name = "nb-role"\n  assume_role_policy = "{}"\n  inline_policy {\n    name   = "na"\n    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", NotAction = ${notAction}, Resource = "*" }] })\n  }\n}\n`;

async function access(notAction: string) {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': hcl(notAction) }, 'main.tf');
  return out.relations!.filter((r) => r.kind === 'can-access').map((r) => r.properties?.level);
}

describe('can-access edges from NotAction statements', () => {
  it('an Allow NotAction that leaves S3 allowed reaches the bucket (attack paths used to miss it)', async () => {
    expect(await access('["iam:*", "organizations:*"]')).toEqual(['admin']);
  });
  it('one that excludes the whole service does not', async () => {
    expect(await access('["s3:*"]')).toEqual([]);
  });
});
