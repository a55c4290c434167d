import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/asset.js';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { cloudformationAnalyzer } from './index.js';

const head = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  UseKms:
    Type: String
    Default: 'false'
  Secure:
    Type: String
Conditions:
  WithKms: !Equals [!Ref UseKms, 'true']
  Unknown: !Equals [!Ref Secure, 'yes']
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
`;

async function resources(body: string) {
  const out = await analyzeFiles(cloudformationAnalyzer, { 'template.yaml': head + body }, 'template.yaml');
  return out.assets!.filter((a) => a.properties.resource).map(res);
}

describe('CloudFormation AWS::NoValue and resource conditions', () => {
  it('leaves a property unset when !If picks AWS::NoValue, in properties and in lists', async () => {
    const [nb] = await resources(`  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sm
      KmsKeyId: !If [WithKms, !Ref Key, !Ref AWS::NoValue]
      SecurityGroupIds:
        - sg-1
        - !If [WithKms, sg-2, !Ref AWS::NoValue]
      Tags:
        - !Ref AWS::NoValue
`);
    expect(nb!.attributes).not.toHaveProperty('kms_key_id');
    expect(nb!.attributes.security_groups).toEqual(['sg-1']);
    expect(nb!.attributes.tags).toEqual([]);
  });

  it('keeps an !If whose condition the code does not decide unknown, whichever branch is NoValue', async () => {
    const [nb] = await resources(`  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sm
      KmsKeyId: !If [Unknown, !Ref Key, !Ref AWS::NoValue]
`);
    expect(nb!.attributes.kms_key_id).toEqual({ $unknown: '!If Unknown' });
  });

  it('skips a resource whose Condition is known false and keeps one whose condition is unknown', async () => {
    const names = (await resources(`  Off:
    Type: AWS::S3::Bucket
    Condition: WithKms
    Properties:
      BucketName: never-created
  Maybe:
    Type: AWS::S3::Bucket
    Condition: Unknown
    Properties:
      BucketName: maybe-created
`)).map((r) => r.name);
    expect(names).toContain('maybe-created');
    expect(names).not.toContain('never-created');
  });

  it('folds AWS::IAM::RolePolicy into the role it names', async () => {
    const rs = await resources(`  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: nb-role
      AssumeRolePolicyDocument: { Statement: [] }
  Inline:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Role
      PolicyName: everything
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
`);
    const role = rs.find((r) => r.type === 'aws_iam_role')!;
    expect(role.attributes.inline_policies as JsonValue).toEqual([{ name: 'everything', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]);
  });
});

describe('CloudFormation !Sub escapes', () => {
  it('renders ${!Literal} as the literal ${Literal}', async () => {
    const [b] = await resources(`  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'acme-\${!Literal}'
`);
    expect(b!.attributes.bucket).toBe('acme-${Literal}');
  });
});
