import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { defineAnalyzer, type AnalyzerOutput, type ScanFile } from '../../../core/analyzer.js';
import type { JsonValue } from '../../../core/asset.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { emitResources } from '../shared/emit.js';
import { linkResources, snakeKeys, toSnake } from '../shared/link.js';
import { cfnTags, condition, resolveIntrinsics, type TemplateScope } from './intrinsics.js';
import { CFN_TYPES } from './mapping.js';
import { yamlTooLargeMessage } from '../../shared/yaml-limit.js';

const ID = 'cloudformation';
type O = { [k: string]: JsonValue };

/** True when a file head looks like a CloudFormation template (YAML or JSON). */
export function looksLikeCfn(head: string): boolean {
  return /AWSTemplateFormatVersion/.test(head) || (/["']?Resources["']?\s*:/.test(head) && /["']?Type["']?\s*:\s*["']?AWS::/.test(head));
}

/** Attribute path (snake_case) → line, from the YAML/JSON node tree of one resource's Properties. */
function propertyLines(node: Node | null | undefined, lc: LineCounter, prefix: string, out: Record<string, number>, depth = 0): void {
  if (!node || depth > 12) return;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const k = toSnake(String(p.key.value));
      const path = prefix ? `${prefix}.${k}` : k;
      const range = p.key.range;
      if (range && !(path in out)) out[path] = lc.linePos(range[0]).line;
      propertyLines(p.value as Node, lc, path, out, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const it of node.items) propertyLines(it as Node, lc, prefix, out, depth + 1);
  }
}

/**
 * CloudFormation templates (YAML with short-form intrinsics, or JSON) → the normalised cloud
 * model. Parameters with defaults, mappings and simple conditions are resolved; `!Ref` / `!GetAtt`
 * to other resources become references, so relations work as in Terraform.
 */
export const cloudformationAnalyzer = defineAnalyzer({
  id: ID,
  version: '1.0.0',
  description: 'CloudFormation templates (YAML/JSON, intrinsic functions) → normalised cloud resources',
  wants(_p, info) {
    if (!['.yaml', '.yml', '.json', '.template'].includes(info.ext)) return false;
    return looksLikeCfn(Buffer.from(info.head).toString('utf8'));
  },
  async analyze(file: ScanFile): Promise<AnalyzerOutput> {
    const text = await file.text();
    const tooLarge = yamlTooLargeMessage(file.path, text);
    if (tooLarge) return { issues: [{ path: file.path, reason: 'too-large', message: tooLarge, source: ID }] };
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, customTags: cfnTags, uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}:${line}: ${e.message.split('\n')[0]}`, source: ID }] };
    }
    let tpl: O;
    try {
      tpl = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as O;
    } catch (e) {
      // Alias bombs and similar: one line naming the file, never an anonymous analyzer error.
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: ${(e as Error).message.split('\n')[0]}`, source: ID }] };
    }
    const resNode = isMap(doc.contents) ? (doc.contents.get('Resources', true) as Node | undefined) : undefined;
    if (!tpl.Resources || typeof tpl.Resources !== 'object' || !isMap(resNode)) return {};
    const params: Record<string, JsonValue | undefined> = {};
    for (const [k, p] of Object.entries((tpl.Parameters ?? {}) as O)) params[k] = (p as O | null)?.Default;
    for (const pseudo of ['AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackId']) params[pseudo] = undefined;
    const scope: TemplateScope = { parameters: params, resources: new Set(Object.keys(tpl.Resources as O)), mappings: (tpl.Mappings ?? {}) as O, conditions: (tpl.Conditions ?? {}) as O };

    const resources: CloudResource[] = [];
    const unsupported: string[] = [];
    for (const pair of resNode.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const logicalId = String(pair.key.value);
      const body = (tpl.Resources as O)[logicalId] as O | undefined;
      const cfnType = typeof body?.Type === 'string' ? body.Type : '';
      const map = CFN_TYPES[cfnType];
      // A resource whose Condition is known false is not created: judging it would report a
      // configuration that never exists. Unknown conditions keep it (the deployed one may).
      if (typeof body?.Condition === 'string' && condition(body.Condition, scope, 0) === false) continue;
      if (!map) {
        unsupported.push(cfnType || '(no Type)');
        continue;
      }
      const line = pair.key.range ? lc.linePos(pair.key.range[0]).line : 1;
      const attrLines: Record<string, number> = {};
      const propsNode = isMap(pair.value) ? (pair.value.get('Properties', true) as Node | undefined) : undefined;
      propertyLines(propsNode, lc, '', attrLines);
      for (const [from, to] of Object.entries(map.rename ?? {})) if (attrLines[from] !== undefined) attrLines[to] = attrLines[from]!;
      const resolved = resolveIntrinsics((body?.Properties ?? {}) as JsonValue, scope);
      const attrs = snakeKeys(resolved) as O;
      for (const [from, to] of Object.entries(map.rename ?? {})) {
        if (from in attrs && from !== to) {
          attrs[to] = attrs[from]!;
          delete attrs[from];
        }
      }
      map.fix?.(attrs);
      if (attrLines.public_access_block_configuration !== undefined) attrLines.public_access_block = attrLines.public_access_block_configuration;
      const nameAttr = { aws_s3_bucket: 'bucket', aws_sagemaker_domain: 'domain_name', aws_sagemaker_user_profile: 'user_profile_name', aws_bedrockagent_agent: 'agent_name', aws_sagemaker_pipeline: 'pipeline_name', aws_sagemaker_feature_group: 'feature_group_name', aws_sagemaker_model_package_group: 'model_package_group_name', aws_sagemaker_space: 'space_name' }[map.type] ?? 'name';
      const nm = attrs[nameAttr];
      const r: CloudResource = { provider: 'aws', type: map.type, address: logicalId, name: typeof nm === 'string' ? nm : logicalId, attributes: attrs, attrLines, file: file.path, line, source: 'cloudformation' };
      resources.push(r);
      if (map.type === 'aws_iam_policy' && (attrs.roles !== undefined || attrs.users !== undefined)) {
        resources.push({ ...r, type: 'aws_iam_policy_attachment', address: `${logicalId}/attachment`, attributes: { roles: attrs.roles ?? [], users: attrs.users ?? [], policy_arn: { $unknown: `!Ref ${logicalId}`, ref: logicalId } } });
      }
    }
    const out = emitResources(linkResources(resources));
    return { ...out, observations: unsupported.map((t) => ({ type: 'iac-unsupported-resource', value: t, path: file.path })) };
  },
});
