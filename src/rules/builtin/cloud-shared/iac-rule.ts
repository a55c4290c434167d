import type { Asset, JsonValue, RuleMeta } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { defineRule, type Rule, type RuleContext, type RuleExample, type RuleVerdict } from '../../engine/define-rule.js';
import { get, loc, manualMsg, resourceOf, undecided } from './resource.js';

const CANONICAL = /^(aws|azurerm|azapi|google|kubernetes)_/;

/** What an IaC rule's check sees: the resource, its asset and the graph. */
export interface IacCheckContext extends RuleContext {
  asset: Asset;
}

export interface IacRuleSpec extends Omit<RuleMeta, 'version' | 'source'> {
  version?: string;
  /** Canonical resource types this rule judges. */
  types: readonly string[];
  check(r: CloudResource, ctx: IacCheckContext): RuleVerdict | RuleVerdict[] | undefined;
  examples: { pass: RuleExample[]; fail: RuleExample[] };
}

/**
 * A rule over the normalised cloud model: it applies to assets whose `properties.resource` has one
 * of `types`, so the same rule judges Terraform, CloudFormation, ARM, manifests and live accounts.
 */
export function iacRule(spec: IacRuleSpec): IacRule {
  const types = new Set(spec.types);
  const { types: resourceTypes, check, version, ...meta } = spec;
  const rule = defineRule({
    ...meta,
    version: version ?? '1.0.0',
    source: 'iac',
    // An IaC asset's type is its canonical type: a cheap first filter. Another source's type
    // (`s3-bucket`) may win the merge, so only canonical types are trusted for the shortcut.
    appliesTo: (a) => {
      if (a.type !== undefined && CANONICAL.test(a.type) && !types.has(a.type)) return false;
      const r = resourceOf(a);
      return r !== undefined && types.has(r.type);
    },
    evaluate: (asset, ctx) => {
      const r = resourceOf(asset);
      return r ? check(r, { ...ctx, asset }) : undefined;
    },
  });
  return { ...rule, resourceTypes };
}

/** An IaC rule keeps the canonical types it judges, so `aispm rules list --provider` can filter. */
export type IacRule = Rule & { resourceTypes: readonly string[] };

/** The cloud provider of a rule judging canonical types (`aws`, `azure`, `gcp`, `kubernetes`). */
export function ruleProvider(types: readonly string[]): string | undefined {
  const t = types[0] ?? '';
  return t.startsWith('aws_') ? 'aws' : t.startsWith('azurerm_') ? 'azure' : t.startsWith('google_') ? 'gcp' : t.startsWith('kubernetes_') ? 'kubernetes' : undefined;
}

export interface ExpectOptions {
  /** The provider's default when the attribute is absent. */
  dflt?: JsonValue;
  /** A human name for the setting, used in messages. */
  what: string;
  ok(v: JsonValue | undefined): boolean;
  /** What is wrong, when it fails. */
  fail: string;
  pass?: string;
}

/** The usual shape of a check: one attribute, a default, a predicate; unknown → manual. */
export function expectAttr(r: CloudResource, path: string, o: ExpectOptions): RuleVerdict {
  const raw = get(r.attributes, path);
  const v = raw === undefined || raw === null ? o.dflt : raw;
  if (undecided(v)) return { status: 'manual', message: manualMsg(r, o.what, v), location: loc(r, path) };
  if (o.ok(v)) return { status: 'pass', message: `${r.address}: ${o.pass ?? `${o.what} is set safely`}`, location: loc(r, path) };
  return { status: 'fail', message: `${r.address}: ${o.fail}`, location: loc(r, path) };
}

/** Shorthand for a Terraform example. */
export function tf(name: string, hcl: string): RuleExample {
  return { name, files: { 'main.tf': hcl } };
}

/** Shorthand for a CloudFormation example. */
export function cfn(name: string, yaml: string): RuleExample {
  return { name, files: { 'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${yaml}` } };
}

/** Shorthand for an ARM template example. */
export function arm(name: string, resources: unknown[]): RuleExample {
  return { name, files: { 'azuredeploy.json': JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources }, null, 2) } };
}

/** Shorthand for a Kubernetes manifest example. */
export function k8s(name: string, yaml: string): RuleExample {
  return { name, files: { 'k8s/app.yaml': yaml } };
}
