import type { Asset, Finding, JsonValue, Relation, ScanResult } from '../core/index.js';
import { PackageURL } from 'packageurl-js';
import { SEVERITIES } from '../core/index.js';
import { defineWriter } from './writer.js';

/**
 * CycloneDX 1.6 JSON AI-BOM. How the asset graph maps onto the BOM:
 * - `ai-package` → `library` with its purl; `ai-model` and `model-file` → `machine-learning-model`
 *   with a model card (task, architecture, the datasets it was trained on as refs); `dataset` →
 *   `data` (type dataset, the URL when remote, the sensitivity as classification);
 *   notebooks/agents/tools/guardrails/local vector stores → `application` (cloud notebook instances
 *   → `platform`, workloads with an image → `container`).
 * - Things reached over the network → `services`: external AI APIs, inference endpoints, managed AI
 *   services, storage buckets, and remote MCP servers / vector stores. `x-trust-boundary` marks
 *   external APIs and anything the internet can reach.
 * - Training jobs (MLflow runs, DVC stages) → `formulation` workflows: how the models were made.
 * - `dependencies` from the relations that mean "needs" (depends-on, uses-model, trained-on, calls,
 *   has-tool, retrieves-from, serves, contains), between elements that are in the BOM.
 * Identities, secrets and the virtual internet node are not BOM material and are left out.
 */

type Json = JsonValue;
type Obj = { [k: string]: Json };

const DEPENDENCY_KINDS = new Set<Relation['kind']>(['depends-on', 'uses-model', 'trained-on', 'calls', 'has-tool', 'retrieves-from', 'serves', 'contains']);
const ALWAYS_SERVICE = new Set<Asset['kind']>(['external-ai-api', 'inference-endpoint', 'ai-service', 'storage']);
const LEFT_OUT = new Set<Asset['kind']>(['identity', 'secret', 'internet', 'training-job']);
const MAX_PROPS = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const clip = (s: string, n = 500) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function firstString(a: Asset, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(a.properties[k]);
    if (v) return v;
  }
  return undefined;
}

/** URLs only (http/https/ws), without spaces, so the `iri-reference` format holds. */
function urlsOf(a: Asset): string[] {
  const out = new Set<string>();
  for (const k of ['url', 'endpoint', 'baseUrl', 'baseURL', 'uri', 'endpointUrl']) {
    const v = str(a.properties[k]);
    if (v && /^(https?|wss?):\/\/[^\s]+$/i.test(v)) out.add(v);
  }
  const host = str(a.properties.host);
  // Public APIs speak HTTPS on 443; a host with a port or without a dot (localhost, a compose service) is usually plain HTTP.
  if (!out.size && host && /^[a-z0-9.-]+(:\d+)?$/i.test(host)) out.add(`${isLocalHost(host) ? 'http' : 'https'}://${host}`);
  return [...out];
}

function isLocalHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return host.includes(':') || !name.includes('.') || /^(127\.|10\.|192\.168\.|localhost)/.test(name) || name.endsWith('.internal') || name.endsWith('.local');
}

function isService(a: Asset): boolean {
  if (ALWAYS_SERVICE.has(a.kind)) return true;
  return (a.kind === 'mcp-server' || a.kind === 'vector-store') && urlsOf(a).length > 0;
}

function bomProperties(a: Asset, failing: readonly Finding[]): Obj[] {
  const props: Obj[] = [{ name: 'aispm:kind', value: a.kind }, { name: 'aispm:provider', value: a.provider }];
  if (a.type) props.push({ name: 'aispm:type', value: a.type });
  const loc = a.locations.find((l) => l.path) ?? a.locations[0];
  const where = loc?.path ? `${loc.path}${loc.line ? `:${loc.line}` : ''}` : (loc?.resource ?? loc?.uri);
  if (where) props.push({ name: 'aispm:location', value: where });
  if (failing.length) {
    const worst = SEVERITIES.find((s) => failing.some((f) => f.severity === s))!;
    props.push({ name: 'aispm:findings', value: String(failing.length) }, { name: 'aispm:worstSeverity', value: worst });
  }
  for (const [k, v] of Object.entries(a.properties)) {
    if (props.length >= MAX_PROPS) break;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') props.push({ name: `aispm:${k}`, value: clip(String(v)) });
    else if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string' || typeof x === 'number')) props.push({ name: `aispm:${k}`, value: clip(v.join(', ')) });
  }
  return props;
}

function modelCard(a: Asset, trainedOn: readonly string[]): Obj | undefined {
  const params: Obj = {};
  const task = firstString(a, ['task', 'pipelineTag', 'pipeline_tag']);
  if (task) params.task = task;
  const family = firstString(a, ['architectureFamily', 'architecture', 'modelType', 'framework']);
  if (family) params.architectureFamily = family;
  const arch = firstString(a, ['modelArchitecture', 'baseModel', 'hfId']);
  if (arch) params.modelArchitecture = arch;
  if (trainedOn.length) params.datasets = trainedOn.map((ref) => ({ ref }));
  const inFormat = firstString(a, ['inputFormat']);
  if (inFormat) params.inputs = [{ format: inFormat }];
  const outFormat = firstString(a, ['outputFormat']);
  if (outFormat) params.outputs = [{ format: outFormat }];
  const card: Obj = {};
  if (Object.keys(params).length) card.modelParameters = params;
  const considerations: Obj = {};
  for (const [prop, key] of [['limitations', 'technicalLimitations'], ['useCases', 'useCases'], ['users', 'users']] as const) {
    const v = a.properties[prop];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    if (list.length) considerations[key] = list.map((s) => clip(s));
  }
  if (Object.keys(considerations).length) card.considerations = considerations;
  return Object.keys(card).length ? card : undefined;
}

function componentType(a: Asset): string {
  switch (a.kind) {
    case 'ai-package':
      return 'library';
    case 'ai-model':
    case 'model-file':
      return 'machine-learning-model';
    case 'dataset':
      return 'data';
    case 'notebook':
      return a.provider === 'local' ? 'application' : 'platform';
    case 'workload':
      return str(a.properties.image) ? 'container' : 'application';
    default:
      return 'application';
  }
}

/**
 * The package's purl, carrying its version. Merging a manifest's versionless view of a package
 * with a lockfile's pinned one keeps the first non-empty property of each, so an asset can hold a
 * `version` beside a versionless `purl`; a BOM consumer matching vulnerabilities by purl would then
 * miss the version, so it is put back. A purl that already names a version is kept as written.
 */
export function packagePurl(raw: string | undefined, version: string | undefined): string | undefined {
  if (!raw?.startsWith('pkg:')) return undefined;
  if (!version) return raw;
  try {
    const p = PackageURL.fromString(raw);
    if (p.version) return raw;
    return new PackageURL(p.type, p.namespace, p.name, version, p.qualifiers, p.subpath).toString();
  } catch {
    // Not a parseable purl: keep what the analyzer wrote rather than drop the identifier.
    return raw;
  }
}

function component(a: Asset, failing: readonly Finding[], trainedOn: readonly string[]): Obj {
  const c: Obj = { type: componentType(a), 'bom-ref': a.id, name: a.name || a.id };
  const version = str(a.properties.version);
  if (version) c.version = version;
  const purl = a.kind === 'ai-package' ? packagePurl(str(a.properties.purl), version) : undefined;
  if (purl) c.purl = purl;
  const license = str(a.properties.license);
  if (license) c.licenses = [{ license: { name: license } }];
  const sha = str(a.properties.sha256);
  if (sha && /^[a-f0-9]{64}$/i.test(sha)) c.hashes = [{ alg: 'SHA-256', content: sha.toLowerCase() }];
  if (a.kind === 'ai-model' || a.kind === 'model-file') {
    const card = modelCard(a, trainedOn);
    if (card) c.modelCard = card;
  }
  if (a.kind === 'dataset') {
    const data: Obj = { type: 'dataset', name: a.name || a.id };
    const url = str(a.properties.uri);
    if (url && !/\s/.test(url)) data.contents = { url };
    const classification = firstString(a, ['sensitivity', 'classification']);
    if (classification) data.classification = classification;
    const rows = a.properties.rowsEstimate;
    const format = str(a.properties.format);
    if (format || typeof rows === 'number') data.description = [format, typeof rows === 'number' ? `~${rows} rows` : undefined].filter(Boolean).join(', ');
    c.data = [data];
  }
  c.properties = bomProperties(a, failing);
  return c;
}

function service(a: Asset, failing: readonly Finding[], exposed: boolean): Obj {
  const s: Obj = { 'bom-ref': a.id, name: a.name || a.id };
  if (a.provider && a.provider !== 'local') s.provider = { name: a.provider };
  const endpoints = urlsOf(a);
  if (endpoints.length) s.endpoints = endpoints;
  const p = a.properties;
  const auth = [p.authenticated, p.authRequired, p.requiresAuth, p.sendsAuth, p.auth].find((v) => typeof v === 'boolean');
  if (typeof auth === 'boolean') s.authenticated = auth;
  // Crossing a trust boundary: data leaves for a third party, or the internet can reach in.
  const host = str(p.host);
  const thirdParty = a.kind === 'external-ai-api' && !(host && isLocalHost(host));
  if (thirdParty || exposed || p.exposedPublicly === true) s['x-trust-boundary'] = true;
  s.properties = bomProperties(a, failing);
  return s;
}

/** Builds the CycloneDX 1.6 BOM object (exported for tests and the server). */
export function toCycloneDx(result: ScanResult): Obj {
  const inBom = result.assets.filter((a) => !LEFT_OUT.has(a.kind));
  const ids = new Set(inBom.map((a) => a.id));
  const failingBy = new Map<string, Finding[]>();
  for (const f of result.findings) if (f.status === 'fail') pushTo(failingBy, f.assetId, f);
  const datasets = new Set(inBom.filter((a) => a.kind === 'dataset').map((a) => a.id));
  const trainedOn = new Map<string, string[]>();
  const exposed = new Set<string>();
  const deps = new Map<string, Set<string>>(inBom.map((a) => [a.id, new Set<string>()]));
  for (const r of result.relations) {
    if (r.kind === 'trained-on' && datasets.has(r.to)) pushTo(trainedOn, r.from, r.to);
    if (r.kind === 'exposed-to') exposed.add(r.to);
    if (DEPENDENCY_KINDS.has(r.kind) && ids.has(r.from) && ids.has(r.to) && r.from !== r.to) deps.get(r.from)!.add(r.to);
  }
  const components: Obj[] = [];
  const services: Obj[] = [];
  for (const a of inBom) {
    const failing = failingBy.get(a.id) ?? [];
    if (isService(a)) services.push(service(a, failing, exposed.has(a.id)));
    else components.push(component(a, failing, [...new Set(trainedOn.get(a.id) ?? [])]));
  }
  const workflows = formulation(result, ids);
  const bom: Obj = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    ...(UUID.test(result.scan.id) ? { serialNumber: `urn:uuid:${result.scan.id.toLowerCase()}` } : {}),
    version: 1,
    metadata: {
      timestamp: result.scan.finishedAt,
      tools: { components: [{ type: 'application', 'bom-ref': 'aispm-tool', name: 'aispm', version: result.tool.version }] },
      component: { type: 'application', 'bom-ref': 'aispm-scan-target', name: result.scan.targets.join(', ') || 'scan target' },
      properties: [{ name: 'aispm:scanId', value: result.scan.id }, { name: 'aispm:reportSchema', value: result.schema }],
    },
    components,
    services,
    dependencies: [...deps].map(([ref, on]) => ({ ref, dependsOn: [...on].sort() })),
  };
  if (workflows.length) bom.formulation = [{ 'bom-ref': 'aispm-formulation', workflows }];
  return bom;
}

/** Training jobs as formulation workflows: inputs are the data they read, outputs what they produced. */
function formulation(result: ScanResult, inBom: ReadonlySet<string>): Obj[] {
  const jobs = result.assets.filter((a) => a.kind === 'training-job');
  return jobs.map((job) => {
    const inputs = new Set<string>();
    const outputs = new Set<string>();
    for (const r of result.relations) {
      if (r.from === job.id && (r.kind === 'reads' || r.kind === 'trained-on') && inBom.has(r.to)) inputs.add(r.to);
      if (r.from === job.id && r.kind === 'writes' && inBom.has(r.to)) outputs.add(r.to);
      if (r.to === job.id && r.kind === 'produced-by' && inBom.has(r.from)) outputs.add(r.from);
    }
    const w: Obj = { 'bom-ref': job.id, uid: job.id, name: job.name, taskTypes: ['build'] };
    if (inputs.size) w.inputs = [...inputs].sort().map((ref) => ({ resource: { ref } }));
    if (outputs.size) w.outputs = [...outputs].sort().map((ref) => ({ resource: { ref } }));
    w.properties = bomProperties(job, []);
    return w;
  });
}

/** The CycloneDX 1.6 AI-BOM writer (`--format cyclonedx`). */
export const cyclonedxWriter = defineWriter({
  format: 'cyclonedx',
  description: 'CycloneDX 1.6 JSON AI-BOM: libraries, models with model cards, datasets, AI services, dependency graph',
  extension: 'cdx.json',
  write: (result) => `${JSON.stringify(toCycloneDx(result), null, 2)}\n`,
});

/** Appends to a map's list (a copied list per entry was quadratic for an asset with many findings). */
function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
