import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { defineAnalyzer, type AnalyzerOutput, type ScanFile } from '../../../core/analyzer.js';
import type { JsonValue } from '../../../core/asset.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { emitResources } from '../shared/emit.js';
import { linkResources } from '../shared/link.js';
import { armBool, evalArm, type ArmScope } from './expressions.js';
import { mapArm } from './mapping.js';
import { yamlTooLargeMessage } from '../../shared/yaml-limit.js';

const ID = 'arm';
type O = { [k: string]: JsonValue };

/** True when a JSON head is an ARM deployment template (what Bicep compiles to). */
export function looksLikeArm(head: string): boolean {
  return /schema\.management\.azure\.com\/schemas\/[^"]*deploymentTemplate/i.test(head);
}

interface Found {
  raw: O;
  node: YAMLMap;
  type: string;
  name: JsonValue;
  parent?: { type: string; name: string; address: string };
}

/** Flattens top-level and nested child resources, keeping their YAML nodes for line numbers. */
function collect(seq: Node | null | undefined, raws: JsonValue, parent: Found['parent'], out: Found[], depth = 0): void {
  if (!isSeq(seq) || !Array.isArray(raws) || depth > 4) return;
  seq.items.forEach((n, i) => {
    const raw = raws[i];
    if (!isMap(n) || !raw || typeof raw !== 'object' || Array.isArray(raw)) return;
    const r = raw as O;
    const t = String(r.type ?? '');
    const type = parent && !t.includes('/') ? `${parent.type}/${t}` : t;
    out.push({ raw: r, node: n, type, name: r.name ?? '', parent });
    const kids = n.get('resources', true) as Node | undefined;
    if (kids) collect(kids, r.resources ?? [], { type, name: String(r.name ?? ''), address: '' }, out, depth + 1);
  });
}

function lines(node: YAMLMap, lc: LineCounter): { line: number; attrs: Record<string, number> } {
  const attrs: Record<string, number> = {};
  const walk = (n: Node | null | undefined, prefix: string, d: number) => {
    if (!isMap(n) || d > 6) return;
    for (const p of n.items) {
      if (!isPair(p) || !isScalar(p.key) || !p.key.range) continue;
      const k = String(p.key.value);
      const path = prefix ? `${prefix}.${k}` : k;
      attrs[path] = lc.linePos(p.key.range[0]).line;
      walk(p.value as Node, path, d + 1);
    }
  };
  walk(node, '', 0);
  return { line: node.range ? lc.linePos(node.range[0]).line : 1, attrs };
}

/** ARM property paths → azurerm attribute names, for the lines rules point at. */
const LINE_ALIASES: Record<string, string> = {
  'properties.publicNetworkAccess': 'public_network_access_enabled',
  'properties.disableLocalAuth': 'local_auth_enabled',
  'properties.networkAcls': 'network_acls',
  'properties.encryption': 'customer_managed_key',
  'properties.restrictOutboundNetworkAccess': 'outbound_network_access_restricted',
  'properties.raiPolicyName': 'rai_policy_name',
  'properties.contentFilters': 'content_filter',
  'properties.allowBlobPublicAccess': 'allow_nested_items_to_be_public',
  'properties.allowSharedKeyAccess': 'shared_access_key_enabled',
  'properties.enablePurgeProtection': 'purge_protection_enabled',
  'properties.hbiWorkspace': 'high_business_impact',
  'properties.managedNetwork': 'managed_network',
  'properties.properties.enableNodePublicIp': 'node_public_ip_enabled',
  identity: 'identity',
};

/**
 * Azure Resource Manager templates (and compiled Bicep) → the normalised cloud model, with line
 * numbers from the JSON source. Parameters with defaults and variables are resolved;
 * `resourceId(...)` of a resource in the same template becomes a reference.
 */
export const armAnalyzer = defineAnalyzer({
  id: ID,
  version: '1.0.0',
  description: 'Azure ARM templates (what Bicep compiles to) → normalised cloud resources',
  wants(_p, info) {
    return info.ext === '.json' && looksLikeArm(Buffer.from(info.head).toString('utf8'));
  },
  async analyze(file: ScanFile): Promise<AnalyzerOutput> {
    const text = await file.text();
    const tooLarge = yamlTooLargeMessage(file.path, text);
    if (tooLarge) return { issues: [{ path: file.path, reason: 'too-large', message: tooLarge, source: ID }] };
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}:${lc.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`, source: ID }] };
    }
    const tpl = (doc.toJS() ?? {}) as O;
    const found: Found[] = [];
    collect(isMap(doc.contents) ? (doc.contents.get('resources', true) as Node) : undefined, tpl.resources ?? [], undefined, found);
    const params: Record<string, JsonValue | undefined> = {};
    for (const [k, p] of Object.entries((tpl.parameters ?? {}) as O)) params[k] = (p as O | null)?.defaultValue;
    const scope: ArmScope = { parameters: params, variables: (tpl.variables ?? {}) as O, addresses: new Map() };
    // First pass: names, so resourceId() can point at resources declared anywhere in the template.
    const named = found.map((f) => {
      const n = evalArm(f.name, scope);
      const full = typeof n === 'string' ? (f.parent && !n.includes('/') ? `${String(evalArm(f.parent.name, scope))}/${n}` : n) : `${f.type}:${found.indexOf(f)}`;
      const address = `${f.type}/${full}`;
      scope.addresses.set(`${f.type}/${full}`.toLowerCase(), address);
      return { f, full, address };
    });
    const resources: CloudResource[] = [];
    const unsupported: string[] = [];
    for (const { f, full, address } of named) {
      // `condition` known false: the resource is not deployed, so it has no configuration to judge.
      if (f.raw.condition !== undefined && armBool(evalArm(f.raw.condition, scope)) === false) continue;
      const raw = evalArm({ ...f.raw, resources: [] }, scope) as O;
      raw.type = f.type;
      const mapped = mapArm(raw, full.split('/').pop() ?? full);
      if (!mapped) {
        unsupported.push(f.type);
        continue;
      }
      const segs = full.split('/');
      if (segs.length > 1) {
        const parentType = f.type.split('/').slice(0, -1).join('/');
        const parentAddr = scope.addresses.get(`${parentType}/${segs.slice(0, -1).join('/')}`.toLowerCase());
        if (parentAddr) mapped.attributes[mapped.type === 'azurerm_cognitive_deployment' ? 'cognitive_account_id' : 'parent_id'] = { $unknown: `parent ${parentAddr}`, ref: parentAddr };
        if (mapped.type === 'azurerm_machine_learning_compute_instance' || mapped.type === 'azurerm_machine_learning_compute_cluster') mapped.attributes.machine_learning_workspace_id = mapped.attributes.parent_id ?? null;
      }
      const ln = lines(f.node, lc);
      const attrLines: Record<string, number> = {};
      for (const [from, to] of Object.entries(LINE_ALIASES)) if (ln.attrs[from] !== undefined) attrLines[to] = ln.attrs[from]!;
      for (const [k, v] of Object.entries(ln.attrs)) if (!(k in attrLines)) attrLines[k] = v;
      resources.push({ provider: 'azure', type: mapped.type, address, name: full.split('/').pop() ?? full, attributes: mapped.attributes, attrLines, file: file.path, line: ln.line, source: 'arm' });
    }
    const out = emitResources(linkResources(resources));
    return { ...out, observations: unsupported.map((t) => ({ type: 'iac-unsupported-resource', value: t, path: file.path })) };
  },
});
