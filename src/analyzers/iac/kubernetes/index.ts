import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defineAnalyzer, type AnalyzerOutput, type ScanFile } from '../../../core/analyzer.js';
import type { Asset, JsonValue, Relation } from '../../../core/asset.js';
import { assetId, INTERNET_ID } from '../../../core/ids.js';
import { megabytes } from '../../../core/size.js';
import { internetAsset } from '../../../core/internet.js';
import type { ScanIssue } from '../../../core/report.js';
import { attr, list, str } from '../shared/attrs.js';
import { looksLikeCfn } from '../cloudformation/index.js';
import { redactResource } from '../shared/redact.js';
import { parseManifests, type K8sObject, type ParseError } from './parse.js';
import { aiWorkloads } from './workloads.js';
import { modelAssetId } from '../../shared/model-id.js';
import { dirSignature } from '../../shared/dir-signature.js';

const ID = 'kubernetes';
/**
 * The largest manifest file read. Its documents are parsed one at a time, each up to
 * MAX_DOCUMENT_CHARS (the YAML library's document model costs ~120 bytes of heap per byte: a 14 MB
 * List took 1.7 GB and 11 s), so a rendered chart or an operator bundle of many documents is read
 * whole; past this the file is reported as too-large. The parser reads ~2 MB/s (19 MB of
 * Deployments took 8.5 s and 500 MB), so this keeps a file well inside the per-file time budget.
 */
export const MAX_BYTES = 16 * 1024 * 1024;

/**
 * An unrendered Helm template: Helm's own objects and functions inside `{{ }}`, or a directive at the
 * start of a line. Rendered output may still hold `{{ $labels.instance }}` (Prometheus and
 * Alertmanager templates in ConfigMaps), which must not make the whole file look unrendered.
 */
const HELM_TEMPLATE = /\{\{-?\s*[^}]*(\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\.Template\b|\binclude\s+"|\btemplate\s+"|\btoYaml\b|\bnindent\b|\btpl\s)|^\{\{/m;

/** A YAML head that is a Kubernetes manifest (not CloudFormation, not an unrendered Helm template). */
export function looksLikeManifest(head: string): boolean {
  return /^\s*apiVersion\s*:/m.test(head) && /^\s*kind\s*:/m.test(head) && !looksLikeCfn(head) && !HELM_TEMPLATE.test(head);
}

type DirResult = { objects: K8sObject[]; errors: ParseError[] };
const cache = new Map<string, { sig: string; result: Promise<DirResult> }>();

/** Every manifest of a folder: Services, Ingresses and NetworkPolicies often live beside, not inside, the Deployment's file. */
async function loadDir(absDir: string, reportDir: string): Promise<DirResult> {
  const objects: K8sObject[] = [];
  const errors: ParseError[] = [];
  let names: string[];
  try {
    names = (await readdir(absDir)).filter((n) => /\.ya?ml$/i.test(n)).sort().slice(0, 500);
  } catch {
    return { objects, errors };
  }
  for (const n of names) {
    const abs = path.join(absDir, n);
    try {
      const st = await stat(abs);
      if (!st.isFile()) continue;
      const rel = reportDir ? `${reportDir}/${n}` : n;
      if (st.size > MAX_BYTES) {
        // Only files the analyzer wants surface this (issues are filtered by the file analysed).
        errors.push({ path: rel, line: 1, reason: 'too-large', message: `${rel}: ${megabytes(st.size)} manifest is over the Kubernetes analyzer's ${MAX_BYTES / 1048576} MB limit; not parsed` });
        continue;
      }
      const text = (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '');
      if (!looksLikeManifest(text.slice(0, 4096))) continue;
      const parsed = parseManifests(text, rel);
      objects.push(...parsed.objects);
      errors.push(...parsed.errors);
    } catch {
      continue;
    }
  }
  return { objects, errors };
}

function modelAsset(model: string, product: string, loc: Asset['locations'][number]): Asset {
  const provider = product === 'ollama' ? 'ollama' : model.includes('/') && !/^[a-z0-9]+:\/\//.test(model) ? 'huggingface' : product;
  return { id: modelAssetId(provider, model), kind: 'ai-model', name: model, provider, locations: [loc], properties: { modelId: model, servedBy: product } };
}

/**
 * Kubernetes manifests (multi-document, Helm-rendered, List kinds) → AI workloads in the
 * normalised model: vLLM/Ollama/TGI/Triton/Jupyter/MLflow/Ray containers, KServe, Seldon, Kubeflow
 * notebooks and GPU workloads, with their exposure (LoadBalancer/NodePort/Ingress/hostNetwork),
 * the NetworkPolicies selecting them and the models they serve.
 */
export const kubernetesAnalyzer = defineAnalyzer({
  id: ID,
  version: '1.0.0',
  description: 'Kubernetes manifests (Helm-rendered, multi-document) → AI workloads, exposure, network policies',
  wants(_p, info) {
    return (info.ext === '.yaml' || info.ext === '.yml') && looksLikeManifest(Buffer.from(info.head).toString('utf8'));
  },
  async analyze(file: ScanFile): Promise<AnalyzerOutput> {
    const reportDir = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
    const absDir = path.dirname(file.absPath);
    const sig = await dirSignature(absDir, (n) => /\.ya?ml$/i.test(n));
    const key = `${absDir}\u0000${reportDir}`;
    let hit = cache.get(key);
    if (!hit || hit.sig !== sig) {
      hit = { sig, result: loadDir(absDir, reportDir) };
      cache.set(key, hit);
      if (cache.size > 64) cache.delete(cache.keys().next().value!);
    }
    const dir = await hit.result;
    const issues: ScanIssue[] = dir.errors.filter((e) => e.path === file.path).map((e) => ({ path: e.path, reason: e.reason ?? 'parse-error', message: e.message, source: ID }));
    const assets: Asset[] = [];
    const relations: Relation[] = [];
    let exposed = false;
    for (const w of aiWorkloads(dir.objects)) {
      const r = w.resource;
      if (r.file !== file.path) continue;
      const id = assetId(w.kind, 'kubernetes', `${r.type}:${r.address}`);
      const location = { path: r.file, line: r.line, resource: r.address };
      assets.push({ id, kind: w.kind, name: r.name, provider: 'kubernetes', type: r.type, locations: [location], properties: { resource: redactResource(r) as unknown as JsonValue, source: 'kubernetes', product: w.product, images: imagesOf(r.attributes) } });
      const exposure = list(r.attributes.exposure);
      if (exposure.length) {
        exposed = true;
        relations.push({ from: INTERNET_ID, to: id, kind: 'exposed-to', properties: { via: exposure.map((e) => String((e as Record<string, JsonValue>).via)) } });
      }
      for (const m of w.models) {
        const ma = modelAsset(m, w.product, location);
        assets.push(ma);
        relations.push({ from: id, to: ma.id, kind: 'serves' });
      }
      const ns = str(attr(r.attributes, 'metadata.namespace')) ?? 'default';
      for (const p of list(r.attributes.pod_spec_paths)) {
        const sa = str(attr(r.attributes, `${String(p)}.serviceAccountName`));
        if (!sa) continue;
        const sid = assetId('identity', 'kubernetes', `service-account:${ns}/${sa}`);
        assets.push({ id: sid, kind: 'identity', name: `${ns}/${sa}`, provider: 'kubernetes', type: 'kubernetes_service_account', locations: [], properties: {} });
        relations.push({ from: id, to: sid, kind: 'runs-as' });
      }
    }
    if (exposed) assets.push(internetAsset());
    return { assets, relations, issues };
  },
});

/** Container images of a workload, for the graph's image joins. */
function imagesOf(a: Record<string, JsonValue>): JsonValue {
  const out: string[] = [];
  for (const p of list(a.pod_spec_paths)) {
    const spec = getPath(a, String(p));
    for (const c of list(spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, JsonValue>).containers : undefined)) {
      const img = c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, JsonValue>).image : undefined;
      if (typeof img === 'string') out.push(img);
    }
  }
  return out;
}

function getPath(o: JsonValue, p: string): JsonValue | undefined {
  let cur: JsonValue | undefined = o;
  for (const k of p.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, JsonValue>)[k] : undefined;
  }
  return cur;
}
