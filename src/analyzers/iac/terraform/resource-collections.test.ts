import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';

const pab = (forEach: string, bucket: string) => `resource "aws_s3_bucket_public_access_block" "p" {\n  ${forEach}\n  bucket                  = ${bucket}\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n`;

async function blocked(hcl: string) {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': hcl }, 'main.tf');
  return out.assets!.filter((a) => a.kind === 'storage').map((a) => [a.locations[0]!.resource, res(a).attributes.public_access_block !== undefined]).sort();
}

describe('a counted or for_each resource used as a whole collection', () => {
  it('for_each over another for_each resource links each.value.id to the matching instance', async () => {
    expect(await blocked(`resource "aws_s3_bucket" "many" {\n  for_each = toset(["train", "eval"])\n  bucket   = "acme-\${each.key}"\n}\n${pab('for_each = aws_s3_bucket.many', 'each.value.id')}`)).toEqual([
      ['aws_s3_bucket.many["eval"]', true],
      ['aws_s3_bucket.many["train"]', true],
    ]);
  });

  it('count over length() of a counted resource links each index', async () => {
    expect(await blocked(`resource "aws_s3_bucket" "b" {\n  count  = 2\n  bucket = "acme-\${count.index}"\n}\n${pab('count = length(aws_s3_bucket.b)', 'aws_s3_bucket.b[count.index].id')}`)).toEqual([
      ['aws_s3_bucket.b[0]', true],
      ['aws_s3_bucket.b[1]', true],
    ]);
  });
});
