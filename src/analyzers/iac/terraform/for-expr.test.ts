import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/asset.js';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { evalExpression, type Resolver } from './expr.js';
import { terraformAnalyzer } from './index.js';

const resolve: Resolver = (parts, text): JsonValue => {
  if (parts[0] === 'local' && parts[1] === 'nbs') return [{ name: 'a', internet: 'Enabled' }, { name: 'b', internet: 'Disabled' }];
  if (parts[0] === 'local' && parts[1] === 'm') return { x: 1, y: 2 };
  return { $unknown: text };
};

describe('for expressions', () => {
  it('evaluates tuple and object forms, with an index or key, and if filters', () => {
    expect(evalExpression('[for n in local.nbs : upper(n.name)]', resolve)).toEqual(['A', 'B']);
    expect(evalExpression('{ for n in local.nbs : n.name => n.internet }', resolve)).toEqual({ a: 'Enabled', b: 'Disabled' });
    expect(evalExpression('[for i, n in local.nbs : "${i}-${n.name}" if n.internet == "Enabled"]', resolve)).toEqual(['0-a']);
    expect(evalExpression('{ for k, v in local.m : k => v * 10 }', resolve)).toEqual({ x: 10, y: 20 });
    expect(evalExpression('[for v in local.m : v]', resolve)).toEqual([1, 2]);
    expect(evalExpression('concat([for n in local.nbs : n.name], ["c"])', resolve)).toEqual(['a', 'b', 'c']);
  });

  it('is unknown over an unknown collection, condition or key, and for grouping', () => {
    expect(isUnknown(evalExpression('[for x in var.l : x]', resolve))).toBe(true);
    expect(isUnknown(evalExpression('[for n in local.nbs : n.name if var.on]', resolve))).toBe(true);
    expect(isUnknown(evalExpression('{ for n in local.nbs : n.name => n... }', resolve))).toBe(true);
  });

  it('drives for_each, so each instance is judged with its own values', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf':
          'variable "notebooks" {\n  default = [{ name = "a", internet = "Enabled" }, { name = "b", internet = "Disabled" }]\n}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  for_each               = { for n in var.notebooks : n.name => n }\n  name                   = each.key\n  role_arn               = "arn:aws:iam::123456789012:role/sm"\n  instance_type          = "ml.t3.medium"\n  direct_internet_access = each.value.internet\n}\n',
      },
      'main.tf',
    );
    const got = out.assets!.filter((a) => a.kind === 'notebook').map((a) => [a.locations[0]!.resource, res(a).attributes.direct_internet_access]).sort();
    expect(got).toEqual([
      ['aws_sagemaker_notebook_instance.nb["a"]', 'Enabled'],
      ['aws_sagemaker_notebook_instance.nb["b"]', 'Disabled'],
    ]);
  });
});

describe('for expression budget', () => {
  it('gives up (unknown) on nested for expressions that multiply past the step budget, instead of hanging', () => {
    const big: Resolver = (parts, text): JsonValue => (parts[0] === 'local' ? Array.from({ length: 1000 }, (_, i) => i) : { $unknown: text });
    const v = evalExpression('[for a in local.l : [for b in local.l : [for c in local.l : a + b + c]]]', big);
    expect(isUnknown(v)).toBe(true);
    expect(evalExpression('[for a in local.l : a][999]', big)).toBe(999);
  });
});
