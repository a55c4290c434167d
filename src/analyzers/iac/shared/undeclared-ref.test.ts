import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { cloudformationAnalyzer } from '../cloudformation/index.js';
import { terraformAnalyzer } from '../terraform/index.js';

// A key declared in a file the scan did not read (ignored, or one that failed to parse) still sets
// the attribute: rules must see a reference (set, value unknown), not an undecided value.
describe('an attribute of a resource the code does not declare is a reference', () => {
  it('Terraform: aws_kms_key.<undeclared>.arn', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'resource "aws_sagemaker_domain" "d" {\n  domain_name = "d"\n  kms_key_id  = aws_kms_key.elsewhere.arn\n}\n' }, 'main.tf');
    expect(res(out.assets!.find((a) => a.type === 'aws_sagemaker_domain')).attributes.kms_key_id).toEqual({ $unknown: 'aws_kms_key.elsewhere.arn', ref: 'aws_kms_key.elsewhere' });
  });

  it('Terraform: a variable without a value stays undecided', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'variable "key" {}\nresource "aws_sagemaker_domain" "d" {\n  domain_name = "d"\n  kms_key_id  = var.key\n}\n' }, 'main.tf');
    expect(res(out.assets!.find((a) => a.type === 'aws_sagemaker_domain')).attributes.kms_key_id).toEqual({ $unknown: 'var.key' });
  });

  it('CloudFormation: !GetAtt of a logical id the template does not declare', async () => {
    const yaml = 'Resources:\n  Domain:\n    Type: AWS::SageMaker::Domain\n    Properties:\n      DomainName: d\n      KmsKeyId: !GetAtt ElsewhereKey.Arn\n';
    const out = await analyzeFiles(cloudformationAnalyzer, { 't.yaml': yaml }, 't.yaml');
    expect(res(out.assets!.find((a) => a.type === 'aws_sagemaker_domain')).attributes.kms_key_id).toMatchObject({ ref: 'ElsewhereKey' });
  });
});
