import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';

const tfJson = JSON.stringify(
  {
    variable: { internet: { default: 'Enabled' } },
    locals: { name: 'lab' },
    resource: {
      aws_sagemaker_notebook_instance: {
        nb: { name: '${local.name}', role_arn: 'arn:aws:iam::123456789012:role/sm', instance_type: 'ml.t3.medium', direct_internet_access: '${var.internet}', root_access: 'Disabled' },
      },
      aws_s3_bucket: { b: [{ bucket: 'acme-train' }] },
    },
    module: { extra: { source: './modules/nb', name: 'two' } },
  },
  null,
  2,
);

describe('Terraform JSON syntax (*.tf.json)', () => {
  it('is read like HCL: variables, locals, resources, local modules, with lines from the JSON', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      { 'main.tf.json': tfJson, 'modules/nb/main.tf': 'variable "name" {}\nresource "aws_sagemaker_notebook_instance" "this" {\n  name          = var.name\n  role_arn      = "arn:aws:iam::123456789012:role/sm"\n  instance_type = "ml.t3.medium"\n}\n' },
      'main.tf.json',
    );
    const nb = out.assets!.find((a) => a.locations[0]!.resource === 'aws_sagemaker_notebook_instance.nb')!;
    expect(nb.name).toBe('lab');
    expect(res(nb).attributes.direct_internet_access).toBe('Enabled');
    expect(nb.locations[0]).toEqual({ path: 'main.tf.json', line: 12, resource: 'aws_sagemaker_notebook_instance.nb' });
    expect(res(nb).attrLines.direct_internet_access).toBe(16);
    expect(out.assets!.some((a) => a.name === 'acme-train')).toBe(true);
    expect(out.assets!.some((a) => a.name === 'two')).toBe(true);
  });

  it('reports a broken .tf.json with its line and reads the other files', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'bad.tf.json': '{\n  "resource": {\n    "aws_s3_bucket": \n}\n', 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "ok"\n}\n' }, 'bad.tf.json');
    expect(out.issues!.map((i) => i.path)).toEqual(['bad.tf.json']);
    expect(out.issues![0]!.message).toMatch(/^bad\.tf\.json:\d+: /);
  });
});
