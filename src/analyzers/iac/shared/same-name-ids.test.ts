import { describe, expect, it } from 'vitest';
import { assetId } from '../../../core/ids.js';
import { analyzeFiles } from '../testing/scan-files.js';
import { cloudformationAnalyzer } from '../cloudformation/index.js';
import { terraformAnalyzer } from '../terraform/index.js';

// Two declarations giving a notebook one name used to become one asset: the graph kept the first
// one's settings, so the second (here the one with root access) was never judged.
const notebook = (address: string, root: string) => `resource "aws_sagemaker_notebook_instance" "${address}" {\n  name          = "shared"\n  role_arn      = "arn:aws:iam::123456789012:role/r"\n  instance_type = "ml.t3.medium"\n  root_access   = "${root}"\n}\n`;

describe('resources that share a name keep their own assets', () => {
  it('two Terraform addresses with one notebook name', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': notebook('locked', 'Disabled') + notebook('open', 'Enabled') }, 'main.tf');
    const nbs = out.assets!.filter((a) => a.type === 'aws_sagemaker_notebook_instance');
    expect(nbs.map((a) => a.locations[0]!.resource).sort()).toEqual(['aws_sagemaker_notebook_instance.locked', 'aws_sagemaker_notebook_instance.open']);
    expect(new Set(nbs.map((a) => a.id)).size).toBe(2);
  });

  it('two CloudFormation resources with one NotebookInstanceName', async () => {
    const nb = (id: string) => `  ${id}:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      NotebookInstanceName: shared\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::123456789012:role/r\n`;
    const out = await analyzeFiles(cloudformationAnalyzer, { 't.yaml': `Resources:\n${nb('A')}${nb('B')}` }, 't.yaml');
    expect(new Set(out.assets!.filter((a) => a.type === 'aws_sagemaker_notebook_instance').map((a) => a.id)).size).toBe(2);
  });

  it('a name claimed once keeps its name-based id, so code and live inventory still join', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': notebook('only', 'Disabled') }, 'main.tf');
    expect(out.assets!.find((a) => a.type === 'aws_sagemaker_notebook_instance')!.id).toBe(assetId('notebook', 'aws', 'aws_sagemaker_notebook_instance:shared'));
  });
});
