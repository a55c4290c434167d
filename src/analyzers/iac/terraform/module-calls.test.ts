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

describe('registry and git module calls', () => {
  /** What `terraform init` leaves beside the root: the installed modules and its manifest of them. */
  const manifest = (mods: { Key: string; Source: string; Dir: string; Version?: string }[]) => JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, ...mods] });

  it('reads a module terraform init installed, by its call key in the manifest, with the inputs passed', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf': 'module "nb" {\n  source   = "acme/notebook/aws"\n  version  = "1.2.0"\n  internet = "Enabled"\n}\nmodule "net" {\n  source = "git::https://git.acme-corp.com/net.git?ref=v3"\n}\n',
        '.terraform/modules/modules.json': manifest([
          { Key: 'nb', Source: 'registry.terraform.io/acme/notebook/aws', Version: '1.2.0', Dir: '.terraform/modules/nb' },
          { Key: 'net', Source: 'git::https://git.acme-corp.com/net.git?ref=v3', Dir: '.terraform/modules/net' },
          // A local call inside an installed module, and a registry module called by it.
          { Key: 'net.inner', Source: './inner', Dir: '.terraform/modules/net/inner' },
          { Key: 'net.inner.deep', Source: 'registry.terraform.io/acme/notebook/aws', Version: '1.2.0', Dir: '.terraform/modules/net.inner.deep' },
        ]),
        '.terraform/modules/nb/main.tf': child,
        '.terraform/modules/net/main.tf': 'module "inner" {\n  source = "./inner"\n}\n',
        '.terraform/modules/net/inner/main.tf': 'module "deep" {\n  source = "acme/notebook/aws"\n  name   = "deep"\n}\n',
        '.terraform/modules/net.inner.deep/main.tf': child,
      },
      'main.tf',
    );
    expect(notebooks(out)).toEqual([
      ['module.nb.aws_sagemaker_notebook_instance.this', 'Enabled'],
      ['module.net.module.inner.module.deep.aws_sagemaker_notebook_instance.this', 'Disabled'],
    ]);
    const nb = out.assets!.find((a) => a.kind === 'notebook' && a.locations[0]!.resource === 'module.nb.aws_sagemaker_notebook_instance.this')!;
    expect(nb.locations[0]!.path).toBe('.terraform/modules/nb/main.tf');
  });

  it('reads none without a manifest, says a broken one, and never leaves the root through one', async () => {
    const call = { 'main.tf': 'module "nb" {\n  source = "acme/notebook/aws"\n}\n' };
    expect(notebooks(await analyzeFiles(terraformAnalyzer, { ...call, '.terraform/modules/nb/main.tf': child }, 'main.tf'))).toEqual([]);
    const broken = await analyzeFiles(terraformAnalyzer, { ...call, '.terraform/modules/modules.json': '{"Modules": ', '.terraform/modules/nb/main.tf': child }, 'main.tf');
    expect(notebooks(broken)).toEqual([]);
    expect(broken.issues!.map((i) => i.message)).toEqual([expect.stringContaining('.terraform/modules/modules.json: not valid JSON')]);
    const outside = await analyzeFiles(terraformAnalyzer, { 'app/main.tf': call['main.tf'], 'app/.terraform/modules/modules.json': manifest([{ Key: 'nb', Source: 'x', Dir: '../elsewhere' }]), 'elsewhere/main.tf': child }, 'app/main.tf');
    expect(notebooks(outside)).toEqual([]);
  });
});
