import path from 'node:path';
import { defineAnalyzer, type AnalyzerOutput, type Observation, type ScanFile } from '../../../core/analyzer.js';
import type { CloudProvider, CloudResource } from '../../../core/cloud-resource.js';
import type { ScanIssue } from '../../../core/report.js';
import { str } from '../shared/attrs.js';
import { CATALOG, COMPANION_TYPES } from '../shared/catalog.js';
import { emitResources } from '../shared/emit.js';
import { linkResources } from '../shared/link.js';
import type { TfParseError } from './hcl.js';
import { loadModuleTree, tfDirSignature } from './load.js';
import { evaluateModule, MAX_MODULE_INSTANCES, type TfResource } from './module.js';
import { isPlanJson, planResources } from './plan.js';

const ANALYZER_ID = 'terraform';

/** Provider of a Terraform type, from its prefix. */
export function providerOf(type: string): CloudProvider | undefined {
  if (type.startsWith('aws_')) return 'aws';
  if (type.startsWith('azurerm_') || type.startsWith('azapi_')) return 'azure';
  if (type.startsWith('google_')) return 'gcp';
  if (type.startsWith('kubernetes_')) return 'kubernetes';
  return undefined;
}

/** TfResource → CloudResource (name from the type's name attribute, else the address). */
export function toCloudResource(r: TfResource, source: CloudResource['source']): CloudResource | undefined {
  const provider = providerOf(r.type);
  if (!provider) return undefined;
  const nameAttr = CATALOG[r.type]?.nameAttr;
  const name = (nameAttr && str(r.attributes[nameAttr])) || r.address.split('.').pop()!;
  const out: CloudResource = { provider, type: r.type, address: r.address, name, attributes: r.attributes, attrLines: { ...r.attrLines }, file: r.file, line: r.line, source };
  if (r.module) out.module = r.module;
  return out;
}

type DirResult = { resources: CloudResource[]; unsupported: Map<string, { type: string; file: string }>; errors: TfParseError[]; files: string[]; reporter?: string };
const cache = new Map<string, { sig: string; result: Promise<DirResult> }>();

async function evaluateDir(absDir: string, reportDir: string): Promise<DirResult> {
  const { tree, errors, reporter } = await loadModuleTree(absDir, reportDir);
  const { resources, truncated } = evaluateModule(tree, {});
  // Said, so a folder whose module fan-out was cut short is not called clean.
  if (truncated) errors.push({ path: reportDir || '.', reason: 'limit', message: `${reportDir || '.'}: more than ${MAX_MODULE_INSTANCES} local module instances; the rest were not evaluated` });
  const unsupported = new Map<string, { type: string; file: string }>();
  const out: CloudResource[] = [];
  for (const r of resources) {
    if (r.mode === 'data') continue;
    const c = toCloudResource(r, 'terraform');
    if (!c) continue;
    if (!CATALOG[c.type] && !COMPANION_TYPES.has(c.type)) unsupported.set(c.address, { type: c.type, file: c.file });
    out.push(c);
  }
  return { resources: linkResources(out), unsupported, errors, files: tree.files.map((f) => f.path), reporter };
}

/** One evaluation per directory per scan, shared by the calls for each of its files. */
function cachedDir(absDir: string, reportDir: string, sig: string): Promise<DirResult> {
  const key = `${absDir}\u0000${reportDir}`;
  const hit = cache.get(key);
  if (hit && hit.sig === sig) return hit.result;
  const result = evaluateDir(absDir, reportDir);
  cache.set(key, { sig, result });
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  return result;
}

/**
 * Terraform HCL and plan JSON → the normalised cloud model → assets and relations. Every .tf file
 * of a folder evaluates the whole folder (variables, locals, local modules, references), cached, and
 * emits the resources declared in that file; the folder's first file also emits the resources of the
 * local modules it calls. Folders under a `modules/` path are only evaluated through their callers.
 */
export const terraformAnalyzer = defineAnalyzer({
  id: ANALYZER_ID,
  version: '1.0.0',
  description: 'Terraform HCL and JSON syntax (modules, variables, tfvars, locals, count/for_each) and plan JSON → normalised cloud resources',
  wants(p, info) {
    if (info.ext === '.tf' || p.endsWith('.tf.json')) return !/(^|\/)\.terraform\//.test(p);
    return info.ext === '.json' && isPlanJson(info.head);
  },
  async analyze(file: ScanFile): Promise<AnalyzerOutput> {
    if (file.ext === '.json' && !file.path.endsWith('.tf.json')) return planOutput(file);
    const reportDir = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
    if (/(^|\/)modules\//.test(file.path)) return {};
    const absDir = path.dirname(file.absPath);
    const dir = await cachedDir(absDir, reportDir, await tfDirSignature(absDir));
    const firstFile = dir.files[0];
    const own = new Set(dir.files);
    const mine = (r: CloudResource) => r.file === file.path || (!own.has(r.file) && firstFile === file.path);
    const out = emitResources(dir.resources, mine);
    // A problem with a file of this folder is reported by that file's own call (it gets one); one
    // in a local module's folder, or with the folder itself, by the folder's first file — once.
    const here = reportDir || '.';
    const issues: ScanIssue[] = dir.errors
      .filter((e) => (path.posix.dirname(e.path) === here && (e.path.endsWith('.tf') || e.path.endsWith('.tf.json')) ? e.path === file.path : dir.reporter === file.path))
      .map((e) => ({ path: e.path, reason: e.reason ?? 'parse-error', message: e.message, source: ANALYZER_ID }));
    const observations: Observation[] = [];
    // Unknown resource types are counted, never fatal: one observation each, for stats.
    for (const [address, u] of dir.unsupported) {
      if (u.file === file.path || (!own.has(u.file) && firstFile === file.path)) observations.push({ type: 'iac-unsupported-resource', value: u.type, path: u.file, properties: { address } });
    }
    return { ...out, issues, observations };
  },
});

async function planOutput(file: ScanFile): Promise<AnalyzerOutput> {
  let json: unknown;
  let text: string;
  try {
    text = await file.text();
    json = JSON.parse(text);
  } catch (e) {
    return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: not valid JSON (${(e as Error).message.split('\n')[0]})`, source: ANALYZER_ID }] };
  }
  const resources = linkResources(planResources(json, file.path, text).map((r) => toCloudResource(r, 'terraform-plan')).filter((r): r is CloudResource => r !== undefined));
  return emitResources(resources);
}
