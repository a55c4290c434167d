import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';
import { MAX_MODULE_INSTANCES } from './module.js';

const child = 'variable "internet" {\n  default = "Disabled"\n}\nvariable "name" {\n  default = "one"\n}\nresource "aws_sagemaker_notebook_instance" "this" {\n  name                   = var.name\n  role_arn               = "arn:aws:iam::123456789012:role/sm"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = var.internet\n}\noutput "name" {\n  value = aws_sagemaker_notebook_instance.this.name\n}\n';

const notebooks = (out: Awaited<ReturnType<typeof analyzeFiles>>) =>
  out.assets!.filter((a) => a.kind === 'notebook').map((a) => [a.locations[0]!.resource, res(a).attributes.direct_internet_access]).sort();

describe('local module calls', () => {
  it('evaluates every call of a folder used by two module blocks', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'module "a" {\n  source   = "./modules/nb"\n  internet = "Enabled"\n}\nmodule "b" {\n  source = "./modules/nb"\n  name   = "two"\n}\n', 'modules/nb/main.tf': child }, 'main.tf');
    expect(notebooks(out)).toEqual([
      ['module.a.aws_sagemaker_notebook_instance.this', 'Enabled'],
      ['module.b.aws_sagemaker_notebook_instance.this', 'Disabled'],
    ]);
  });

  it('expands for_each and count on a module call, and reads an instance output by key', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf':
          'module "nb" {\n  source   = "./modules/nb"\n  for_each = { a = "Enabled", b = "Disabled" }\n  name     = each.key\n  internet = each.value\n}\nmodule "c" {\n  source = "./modules/nb"\n  count  = 2\n  name   = "c${count.index}"\n}\n' +
          'resource "aws_s3_bucket" "logs" {\n  bucket = "logs-${module.nb["b"].name}"\n}\n',
        'modules/nb/main.tf': child,
      },
      'main.tf',
    );
    expect(notebooks(out)).toEqual([
      ['module.c[0].aws_sagemaker_notebook_instance.this', 'Disabled'],
      ['module.c[1].aws_sagemaker_notebook_instance.this', 'Disabled'],
      ['module.nb["a"].aws_sagemaker_notebook_instance.this', 'Enabled'],
      ['module.nb["b"].aws_sagemaker_notebook_instance.this', 'Disabled'],
    ]);
    expect(out.assets!.find((a) => a.kind === 'storage')?.name).toBe('logs-b');
  });

  it('stops a module fan-out past the instance budget and says so', async () => {
    const fan = (next: string) => `module "m" {\n  source = "${next}"\n  count  = 10\n}\n`;
    const out = await analyzeFiles(
      terraformAnalyzer,
      { 'main.tf': fan('./l1'), 'l1/main.tf': fan('../l2'), 'l2/main.tf': fan('../l3'), 'l3/main.tf': fan('../l4'), 'l4/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' },
      'main.tf',
    );
    expect(out.issues!.some((i) => i.reason === 'limit' && i.message.includes(`${MAX_MODULE_INSTANCES} local module instances`))).toBe(true);
  });
});
