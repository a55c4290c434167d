import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';
import { absent, evalExpression, type Resolver } from './expr.js';

// var.unset: a variable without default (unknown, but a value Terraform will have);
// local.cfg: a known object without a `kms` key.
const resolve: Resolver = (parts, text) => {
  if (parts[0] === 'var' && parts[1] === 'unset') return { $unknown: 'var.unset' };
  if (parts[0] === 'local' && parts[1] === 'cfg') {
    const cfg: Record<string, JsonValue> = { root: 'Enabled' };
    return parts.length === 2 ? cfg : (cfg[String(parts[2])] ?? absent(text));
  }
  return { $unknown: text };
};

describe('try() and lookup() as Terraform evaluates them', () => {
  it('try() falls back past a missing key but returns an unset variable as unknown', () => {
    expect(evalExpression('try(local.cfg.kms, "fallback")', resolve)).toBe('fallback');
    expect(evalExpression('try(local.cfg["kms"], "fallback")', resolve)).toBe('fallback');
    expect(evalExpression('try({ a = 1 }.b, 2)', resolve)).toBe(2);
    const v = evalExpression('try(var.unset, "Disabled")', resolve);
    expect(isUnknown(v) && v.$unknown).toBe('var.unset');
    expect(evalExpression('try(local.cfg.root, "Disabled")', resolve)).toBe('Enabled');
  });

  it('lookup() returns a null default as null, and the value when the key is there', () => {
    expect(evalExpression('lookup({ a = "x" }, "kms", null)', resolve)).toBeNull();
    expect(evalExpression('lookup({ kms = "k" }, "kms", null)', resolve)).toBe('k');
    expect(isUnknown(evalExpression('lookup({ a = "x" }, "kms")', resolve))).toBe(true);
    expect(isUnknown(evalExpression('lookup(var.unset, "kms", null)', resolve))).toBe(true);
  });
});
