import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { cloudformationAnalyzer } from './index.js';

const tpl = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: prod
  Subnet:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub 'nb-\${Env}'
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sagemaker.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      NotebookInstanceName: !Join ['-', [research, !Ref Env]]
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
      DirectInternetAccess: !If [IsProd, Disabled, Enabled]
      SubnetId: !Ref Subnet
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: training
  Fn:
    Type: AWS::Lambda::Function
    Properties: {}
`;

describe('cloudformation analyzer', () => {
  it('resolves intrinsics, maps types and attributes onto the canonical model, with lines', async () => {
    const out = await analyzeFiles(cloudformationAnalyzer, { 'stack.yaml': tpl }, 'stack.yaml');
    const nb = out.assets!.find((a) => a.kind === 'notebook')!;
    const r = res(nb);
    expect(r.type).toBe('aws_sagemaker_notebook_instance');
    expect(nb.name).toBe('research-prod');
    expect(r.attributes.direct_internet_access).toBe('Disabled');
    expect(isUnknown(r.attributes.subnet_id) && r.attributes.subnet_id.$unknown).toBe('Parameters.Subnet');
    expect(nb.locations[0]).toEqual({ path: 'stack.yaml', line: 27, resource: 'Notebook' });
    expect(r.attrLines.direct_internet_access).toBe(33);
    const role = out.assets!.find((a) => a.kind === 'identity')!;
    expect(role.name).toBe('nb-prod');
    expect(out.relations).toEqual(expect.arrayContaining([{ from: nb.id, to: role.id, kind: 'runs-as' }]));
    expect(out.relations!.find((x) => x.kind === 'can-access' && x.from === role.id)?.properties).toMatchObject({ level: 'admin' });
    expect(out.observations).toEqual([expect.objectContaining({ type: 'iac-unsupported-resource', value: 'AWS::Lambda::Function' })]);
  });

  it('reads JSON templates', async () => {
    const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'j', PublicAccessBlockConfiguration: { BlockPublicAcls: true } } } } }, null, 2);
    const out = await analyzeFiles(cloudformationAnalyzer, { 't.json': json }, 't.json');
    const b = res(out.assets![0]);
    expect(b.attributes.public_access_block).toEqual({ block_public_acls: true, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false });
    expect(out.assets![0]!.locations[0]!.line).toBe(4);
  });

  it('reports YAML syntax errors with file and line', async () => {
    const out = await analyzeFiles(cloudformationAnalyzer, { 'bad.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed\n" }, 'bad.yaml');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]!.message).toMatch(/^bad\.yaml:\d+: /);
  });
});
