import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';
import { list } from './attrs.js';

/** Permission levels of a `can-access` edge, strongest first. */
export type AccessLevel = 'admin' | 'write' | 'read' | 'list';
export const LEVEL_RANK: Record<AccessLevel, number> = { admin: 4, write: 3, read: 2, list: 1 };

/** One Allow statement, flattened. */
export interface Grant {
  actions: string[];
  resources: string[];
  /** Policy name or ARN it came from. */
  via: string;
  conditional: boolean;
  /** `NotAction`: the grant allows every action but these (`actions` is then `['*']`). */
  notActions?: string[];
}

/** What the AWS managed policies aispm cares about grant, as statements. */
const MANAGED: Record<string, { actions: string[]; resources: string[] }[]> = {
  AdministratorAccess: [{ actions: ['*'], resources: ['*'] }],
  PowerUserAccess: [{ actions: ['*'], resources: ['*'] }],
  AmazonS3FullAccess: [{ actions: ['s3:*'], resources: ['*'] }],
  AmazonS3ReadOnlyAccess: [{ actions: ['s3:Get*', 's3:List*'], resources: ['*'] }],
  AmazonSageMakerFullAccess: [
    { actions: ['sagemaker:*'], resources: ['*'] },
    { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'], resources: ['arn:aws:s3:::*sagemaker*'] },
    { actions: ['iam:PassRole'], resources: ['*'] },
  ],
  AmazonBedrockFullAccess: [{ actions: ['bedrock:*'], resources: ['*'] }, { actions: ['iam:PassRole'], resources: ['*'] }],
  AmazonBedrockReadOnly: [{ actions: ['bedrock:Get*', 'bedrock:List*'], resources: ['*'] }],
};

/** Known managed policy name from an ARN (`arn:aws:iam::aws:policy/AdministratorAccess`). */
export function managedPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn);
  return m?.[1];
}

const strs = (v: JsonValue | undefined): string[] => list(v).map((x) => (typeof x === 'string' ? x : isUnknown(x) ? x.$unknown : JSON.stringify(x)));

/** The Allow statements of a policy document. */
export function grantsOf(doc: JsonValue | undefined, via: string): Grant[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || isUnknown(doc)) return [];
  const out: Grant[] = [];
  for (const s of list((doc as Record<string, JsonValue>).Statement)) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const st = s as Record<string, JsonValue>;
    if (st.Effect !== 'Allow') continue;
    const grant: Grant = { actions: strs(st.Action), resources: st.Resource === undefined ? ['*'] : strs(st.Resource), via, conditional: st.Condition !== undefined };
    // Allow + NotAction allows everything else: PowerUserAccess is written this way.
    if (st.NotAction !== undefined && st.Action === undefined) {
      grant.actions = ['*'];
      grant.notActions = strs(st.NotAction);
    }
    out.push(grant);
  }
  return out;
}

/** Every grant a principal (aws_iam_role / aws_iam_user) holds: inline, attached, managed. */
export function principalGrants(r: CloudResource): Grant[] {
  const out: Grant[] = [];
  const a = r.attributes;
  for (const ip of [...list(a.inline_policy), ...list(a.inline_policies)]) {
    const o = (ip ?? {}) as Record<string, JsonValue>;
    out.push(...grantsOf(o.policy ?? o.document, typeof o.name === 'string' ? o.name : 'inline'));
  }
  const attached = [...list(a.managed_policy_arns).map((x) => ({ arn: x })), ...list(a.attached_policies)];
  for (const p of attached) {
    const o = (p ?? {}) as Record<string, JsonValue>;
    const arn = typeof o.arn === 'string' ? o.arn : undefined;
    const managed = arn ? managedPolicyName(arn) : undefined;
    if (managed && MANAGED[managed]) for (const s of MANAGED[managed]) out.push({ ...s, via: managed, conditional: false });
    else out.push(...grantsOf(o.document, typeof o.name === 'string' ? o.name : (arn ?? 'policy')));
  }
  return out;
}

/** The level one action gives. */
export function actionLevel(action: string): AccessLevel {
  const verb = action.includes(':') ? action.split(':')[1]! : action;
  if (verb === '*' || action === '*') return 'admin';
  if (/^(Get|Describe|Read|Retrieve|Search|Query|Select)/.test(verb)) return 'read';
  if (/^List/.test(verb)) return 'list';
  if (/\*$/.test(verb) && /^(Get|Describe)/.test(verb)) return 'read';
  return 'write';
}

/** Compiled patterns: every principal is matched against every resource, so each is compiled once, not per pair. */
const compiled = new Map<string, RegExp>();

/** Glob match of IAM patterns (`*`, `?`). */
export function iamMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.test(value);
}
