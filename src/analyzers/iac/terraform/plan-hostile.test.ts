import { describe, expect, it } from 'vitest';
import { planResources } from './plan.js';

const res = (address: string) => ({ address, type: 'aws_s3_bucket', mode: 'managed', values: { bucket: address } });

describe('planResources on hostile plans', () => {
  it('walks child_modules nested 100k deep without overflowing the stack', () => {
    let mod: Record<string, unknown> = { resources: [res('module.deep.aws_s3_bucket.leaf')] };
    for (let i = 0; i < 100_000; i++) mod = { child_modules: [mod] };
    const out = planResources({ format_version: '1.2', planned_values: { root_module: mod } }, 'plan.json');
    expect(out.map((r) => r.address)).toEqual(['module.deep.aws_s3_bucket.leaf']);
  });

  it('ignores module_calls nested past the depth limit instead of recursing into them', () => {
    let call: Record<string, unknown> = { resources: [] };
    for (let i = 0; i < 100_000; i++) call = { module_calls: { m: { module: call } } };
    expect(() => planResources({ planned_values: { root_module: {} }, configuration: { root_module: call } }, 'plan.json')).not.toThrow();
  });

  it('keeps depth-first module order and finds each address line', () => {
    const plan = { planned_values: { root_module: { resources: [res('aws_s3_bucket.a')], child_modules: [{ resources: [res('module.x.aws_s3_bucket.b')], child_modules: [{ resources: [res('module.x.module.y.aws_s3_bucket.c')] }] }, { resources: [res('module.z.aws_s3_bucket.d')] }] } } };
    const text = JSON.stringify(plan, null, 2);
    const out = planResources(plan, 'plan.json', text);
    expect(out.map((r) => r.address)).toEqual(['aws_s3_bucket.a', 'module.x.aws_s3_bucket.b', 'module.x.module.y.aws_s3_bucket.c', 'module.z.aws_s3_bucket.d']);
    const lines = text.split('\n');
    for (const r of out) expect(lines[r.line - 1]).toContain(`"address": "${r.address}"`);
  });
});
