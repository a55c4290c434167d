import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';

const main = 'variable "internet" {\n  default = "Disabled"\n}\nvariable "root" {\n  default = "Disabled"\n}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name                   = "lab"\n  role_arn               = "arn:aws:iam::123456789012:role/sm"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = var.internet\n  root_access            = var.root\n}\n';

describe('variable definitions in JSON', () => {
  it('reads terraform.tfvars.json and *.auto.tfvars.json in Terraform order (an insecure value there used to be missed)', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      { 'main.tf': main, 'terraform.tfvars': 'root = "Enabled"\n', 'terraform.tfvars.json': '{ "internet": "Enabled", "root": "Disabled" }', 'z.auto.tfvars.json': '{ "root": "Enabled" }' },
      'main.tf',
    );
    const a = res(out.assets!.find((x) => x.kind === 'notebook')).attributes;
    expect([a.direct_internet_access, a.root_access]).toEqual(['Enabled', 'Enabled']);
  });

  it('reports a broken .tfvars.json and keeps the defaults', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': main, 'terraform.tfvars.json': '{ "internet": ' }, 'main.tf');
    expect(out.issues!.map((i) => i.path)).toEqual(['terraform.tfvars.json']);
    expect(res(out.assets!.find((x) => x.kind === 'notebook')).attributes.direct_internet_access).toBe('Disabled');
  });
});
