import { describe, expect, it } from 'vitest';
import type { Asset } from '../core/index.js';
import { mergeAssets } from './merge.js';

// One name, declared by two IaC files: a dev and a prod template, or a plan and its HCL.
const declared = (file: string, address: string, source: string, root: string): Asset => ({
  id: 'notebook:shared',
  kind: 'notebook',
  name: 'shared',
  provider: 'aws',
  type: 'aws_sagemaker_notebook_instance',
  locations: [{ path: file, line: 1, resource: address }],
  properties: { resource: { type: 'aws_sagemaker_notebook_instance', address, file, source, attributes: { root_access: root } } },
});

describe('mergeAssets and IaC declarations', () => {
  it('keeps two declarations of one name from two templates apart, so each is judged', () => {
    const out = mergeAssets([declared('dev/t.yaml', 'Notebook', 'cloudformation', 'Disabled'), declared('prod/t.yaml', 'Notebook', 'cloudformation', 'Enabled')]);
    expect(out).toHaveLength(2);
    expect(out[0]!.id).toBe('notebook:shared');
    expect(out.map((a) => (a.properties.resource as { attributes: { root_access: string } }).attributes.root_access)).toEqual(['Disabled', 'Enabled']);
    // Stable: the same declaration gets the same id in every scan.
    expect(mergeAssets([declared('dev/t.yaml', 'Notebook', 'cloudformation', 'Disabled'), declared('prod/t.yaml', 'Notebook', 'cloudformation', 'Enabled')])[1]!.id).toBe(out[1]!.id);
  });

  it('still merges a plan with its HCL, and one declaration seen twice', () => {
    expect(mergeAssets([declared('main.tf', 'aws_x.nb', 'terraform', 'Enabled'), declared('plan.json', 'aws_x.nb', 'terraform-plan', 'Enabled')])).toHaveLength(1);
    expect(mergeAssets([declared('modules/m/main.tf', 'module.m.aws_x.nb', 'terraform', 'Enabled'), declared('modules/m/main.tf', 'module.m.aws_x.nb', 'terraform', 'Enabled')])).toHaveLength(1);
  });
});
