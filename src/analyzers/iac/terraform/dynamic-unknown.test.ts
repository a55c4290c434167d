import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';
import { scanTerraformLines } from './lines.js';

const model = (blocks: string) => `variable "sgs" {}\nvariable "vpc" {\n  default = null\n}\nresource "aws_sagemaker_model" "m" {\n  name               = "m"\n  execution_role_arn = "arn:aws:iam::123456789012:role/sm"\n${blocks}}\n`;

async function attrs(hcl: string) {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': hcl }, 'main.tf');
  return res(out.assets!.find((a) => a.type === 'aws_sagemaker_model'));
}

describe('dynamic blocks over values the code does not decide', () => {
  it('makes the blocks one Unknown (how many exist is not known), not one made-up block', async () => {
    const r = await attrs(model('  dynamic "vpc_config" {\n    for_each = var.sgs\n    content {\n      subnets            = ["subnet-1"]\n      security_group_ids = [vpc_config.value]\n    }\n  }\n'));
    const v = r.attributes.vpc_config;
    expect(isUnknown(v) && v.$unknown).toBe('dynamic "vpc_config" for_each = var.sgs');
    expect(r.attrLines.vpc_config).toBe(8);
  });

  it('keeps static blocks beside it and adds the Unknown after them', async () => {
    const r = await attrs(model('  container {\n    image = "a"\n  }\n  dynamic "container" {\n    for_each = var.sgs\n    content {\n      image = container.value\n    }\n  }\n'));
    const v = r.attributes.container as unknown[];
    expect(v[0]).toEqual({ image: 'a' });
    expect(isUnknown(v[1])).toBe(true);
  });

  it('still expands known for_each, and a known empty one makes no block', async () => {
    const r = await attrs(model('  dynamic "vpc_config" {\n    for_each = var.vpc == null ? [] : [var.vpc]\n    content {\n      subnets = vpc_config.value.subnets\n    }\n  }\n  dynamic "container" {\n    for_each = ["a", "b"]\n    content {\n      image = container.value\n    }\n  }\n'));
    expect(r.attributes.vpc_config).toEqual([]);
    expect(r.attributes.container).toEqual([{ image: 'a' }, { image: 'b' }]);
  });

  it('records the line of a dynamic block as the line of the blocks it makes', () => {
    const [b] = scanTerraformLines('resource "t" "n" {\n  name = "x"\n  dynamic "rule" {\n    for_each = var.r\n    content {\n      port = rule.value\n    }\n  }\n}\n');
    expect(b!.attrs).toMatchObject({ rule: 3, 'rule.for_each': 4, 'rule.port': 6 });
  });
});
