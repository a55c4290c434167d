import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';

const model = (top: string, forEach: string) =>
  `${top}resource "aws_sagemaker_model" "m" {\n  name               = "m"\n  execution_role_arn = "arn:aws:iam::123456789012:role/sm"\n  dynamic "container" {\n    for_each = ${forEach}\n    content {\n      image          = container.value\n      model_data_url = container.key\n    }\n  }\n}\n`;

async function keys(top: string, forEach: string) {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': model(top, forEach) }, 'main.tf');
  return (res(out.assets!.find((a) => a.type === 'aws_sagemaker_model')).attributes.container as { model_data_url: unknown }[]).map((c) => c.model_data_url);
}

// Terraform: a dynamic block over a set has no index, each.key is the element itself (key == value);
// over a list the key is the index, over a map the map key.
describe('dynamic block keys', () => {
  it('a set from toset() keys each block by its element', async () => {
    expect(await keys('', 'toset(["s3://b/one", "s3://b/two"])')).toEqual(['s3://b/one', 's3://b/two']);
  });

  it('a set from a variable of set type or a local keys by element too', async () => {
    expect(await keys('variable "uris" {\n  type    = set(string)\n  default = ["s3://b/one"]\n}\n', 'var.uris')).toEqual(['s3://b/one']);
    expect(await keys('locals {\n  uris = toset(["s3://b/one"])\n}\n', 'local.uris')).toEqual(['s3://b/one']);
  });

  it('a list keys by index and a map by its keys, as before', async () => {
    expect(await keys('', '["s3://b/one", "s3://b/two"]')).toEqual([0, 1]);
    expect(await keys('', '{ a = "s3://b/one" }')).toEqual(['a']);
    expect(await keys('', 'tolist(toset(["s3://b/one"]))')).toEqual([0]);
  });
});
