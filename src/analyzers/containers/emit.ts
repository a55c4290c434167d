import {
  assetId,
  internetAsset,
  INTERNET_ID,
  makeFinding,
  maskValue,
  type Asset,
  type AssetKind,
  type Finding,
  type Location,
  type Observation,
  type Properties,
  type Relation,
} from '../../core/index.js';
import { isImagePinned, matchAiImage } from '../shared/ai-images.js';
import { isCredentialName, isPlaceholder, maskUrlsIn, scanUrl } from '../shared/credentials.js';
import { externalApiAsset, providersIn } from '../env/providers.js';
import { aiPackageId } from '../deps/index.js';
import { detect, type Detection } from './detect.js';
import { CONTAINER_IMAGE_TAG_PINNED, INFERENCE_SERVER_REQUIRES_AUTH } from './rules.js';
import { modelAssetId } from '../shared/model-id.js';

/** A published port: container port, host port and host address as declared. */
export interface PortBinding {
  container?: number;
  host?: string;
  hostIp?: string;
}

/** One container-ish thing from any source (compose service, Helm component, Dockerfile). */
export interface WorkloadSpec {
  /** `docker-compose`, `helm`, `docker` (a Dockerfile): the asset provider. */
  provider: string;
  /** Stable locator within the provider (`deploy/docker-compose.yml#ollama`). */
  locator: string;
  name: string;
  location: Location;
  image?: string;
  /** Effective argv (entrypoint + command), raw: used for detection, stored masked. */
  args: string[];
  env: Map<string, string>;
  envLines?: Map<string, number>;
  ports: PortBinding[];
  /** Reachable from outside the host/cluster (port on all interfaces, LoadBalancer, ingress). */
  exposedPublicly: boolean;
  exposure?: string;
  /** The Dockerfile this workload is built from (a path in the scan), for `depends-on`. */
  buildsFrom?: string;
  /** Packages installed by the image build (Dockerfile RUN lines). */
  packages?: { ecosystem: 'pypi' | 'npm'; name: string }[];
  /** A Dockerfile describes an image, not a running service: its asset is always a `workload`. */
  imageDefinition?: boolean;
  extra?: Properties;
}

export interface Emitted {
  assets: Asset[];
  relations: Relation[];
  findings: Finding[];
  observations: Observation[];
}

/**
 * Masks values that follow credential-like flags (`--api-key X`, `--token=X`) and credentials inside
 * URLs in any argument (`--db postgresql://app:pw@db/x`), which no flag name gives away.
 */
export function maskArgs(args: readonly string[]): string[] {
  const out = args.map(maskUrlsIn);
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    const eq = /^(--?[\w.-]+)=(.+)$/.exec(a);
    if (eq && isCredentialName(eq[1]!) && !isPlaceholder(eq[2]!)) out[i] = `${eq[1]}=${maskValue(eq[2]!)}`;
    else if (/^--?[\w.-]+$/.test(a) && isCredentialName(a) && i + 1 < out.length && !out[i + 1]!.startsWith('-') && !isPlaceholder(out[i + 1]!)) {
      out[i + 1] = maskValue(out[i + 1]!);
      i++;
    }
  }
  return out;
}

function modelAsset(model: string, d: Detection, location: Location): Asset {
  const provider = d.match.product === 'ollama' ? 'ollama' : model.includes('/') ? 'huggingface' : d.match.product;
  return {
    id: modelAssetId(provider, model),
    kind: 'ai-model',
    name: model,
    provider,
    // Same `type` words as the code analyzer, so merged models read alike.
    type: provider === 'huggingface' ? 'hf-model' : provider === 'ollama' ? 'ollama-model' : 'served-model',
    locations: [location],
    properties: { modelId: model, servedBy: d.match.product },
  };
}

const isServer = (d: Detection) => d.match.defaultPort !== undefined;

/**
 * Turns one workload spec into assets, relations, findings and observations: the AI server (or
 * plain workload calling AI APIs), the model it serves, the APIs its env configures, the internet
 * exposure edge, and the auth / image-pinning verdicts. Returns nothing for non-AI workloads.
 */
export function emitWorkload(w: WorkloadSpec): Emitted {
  const out: Emitted = { assets: [], relations: [], findings: [], observations: [] };
  const det = detect(w.image, w.args, w.env);
  const settings = [...w.env].map(([key, value]) => ({ key, names: [key.toUpperCase()], value, ...(w.envLines?.get(key) ? { line: w.envLines.get(key)! } : {}) }));
  // A server's own settings (Ollama's OLLAMA_HOST bind address) are not calls to that provider.
  const apis = providersIn(settings).filter((u) => !det || u.provider.id !== det.match.product);
  const aiPackages = (w.packages ?? []).filter((p) => p.ecosystem);
  if (!det && !apis.length && !aiPackages.length) return out;

  const kind: AssetKind = w.imageDefinition || !det ? 'workload' : det.match.kind;
  const id = assetId(kind, w.provider, w.locator);
  const props: Properties = { ...(w.extra ?? {}), envVars: [...w.env.keys()].sort() };
  // A Dockerfile's FROM is what it builds on, not what it is: the graph's image join reads `image`.
  if (w.image) props[w.imageDefinition ? 'baseImage' : 'image'] = w.image;
  if (w.args.length) props.command = maskArgs(w.args);
  if (w.ports.length) props.ports = w.ports.map((p) => ({ ...p })) as Properties[string];
  props.exposedPublicly = w.exposedPublicly;
  if (w.exposure) props.exposure = w.exposure;
  if (det) {
    props.product = det.match.product;
    if (det.match.defaultPort) props.defaultPort = det.match.defaultPort;
    if (isServer(det)) {
      props.requiresAuth = det.requiresAuth;
      props.authEvidence = det.authEvidence;
    }
    if (det.model) props.model = det.model;
    if (det.loraModules) props.loraModules = det.loraModules;
    if (det.bindsAllInterfaces !== undefined) props.bindsAllInterfaces = det.bindsAllInterfaces;
  }
  const asset: Asset = { id, kind, name: w.name, provider: w.provider, type: w.imageDefinition ? 'dockerfile' : (det?.match.product ?? 'container'), locations: [w.location], properties: props };
  out.assets.push(asset);

  if (det?.model) {
    const m = modelAsset(det.model, det, w.location);
    out.assets.push(m);
    out.relations.push({ from: id, to: m.id, kind: 'serves' });
  }
  for (const u of apis) {
    const api = externalApiAsset(u, u.line ? { path: w.location.path!, line: u.line } : { path: w.location.path! }, w.provider);
    out.assets.push(api);
    out.relations.push({ from: id, to: api.id, kind: 'calls', properties: { configuredBy: u.configuredBy } });
    for (const v of u.configuredBy) if (/^[A-Z][A-Z0-9_]+$/.test(v)) out.observations.push({ type: 'env-var', value: v, assetId: id, path: w.location.path! });
  }
  for (const o of cloudUris(w)) out.observations.push({ ...o, assetId: id, path: w.location.path!, ...(w.location.line ? { line: w.location.line } : {}) });
  for (const p of aiPackages) out.relations.push({ from: id, to: aiPackageId(p.ecosystem, p.name), kind: 'depends-on' });
  if (w.buildsFrom) out.relations.push({ from: id, to: assetId('workload', 'docker', w.buildsFrom), kind: 'depends-on' });

  if (det && isServer(det) && w.exposedPublicly && !det.requiresAuth) {
    out.assets.push(internetAsset());
    out.relations.push({ from: INTERNET_ID, to: id, kind: 'exposed-to', properties: { ports: (props.ports ?? []) as Properties[string], via: w.exposure ?? 'published port', authenticated: false } });
  }

  if (det && isServer(det)) {
    const where = `${det.match.product} "${w.name}" in ${w.location.path}`;
    if (det.requiresAuth) {
      out.findings.push(makeFinding(INFERENCE_SERVER_REQUIRES_AUTH, { assetId: id, location: w.location, status: 'pass', message: `${where} requires authentication (${det.authEvidence}).` }));
    } else {
      const critical = w.exposedPublicly && det.match.kind === 'notebook';
      const sev = w.imageDefinition ? 'medium' : critical ? 'critical' : w.exposedPublicly ? 'high' : 'medium';
      const reach = w.exposedPublicly ? `is reachable from outside (${w.exposure ?? 'published on all interfaces'})` : w.imageDefinition ? 'will accept any caller wherever this image runs' : 'accepts any caller that can reach it on the network';
      out.findings.push(makeFinding(INFERENCE_SERVER_REQUIRES_AUTH, { assetId: id, location: w.location, severity: sev, message: `${where} has no authentication (${det.authEvidence}) and ${reach}.`, properties: { product: det.match.product, exposedPublicly: w.exposedPublicly } }));
    }
  }
  if (w.image && matchAiImage(w.image)) {
    const pinned = isImagePinned(w.image);
    out.findings.push(
      makeFinding(CONTAINER_IMAGE_TAG_PINNED, {
        assetId: id,
        location: w.location,
        evidenceKey: w.image.replace(/[:@].*$/, ''),
        status: pinned ? 'pass' : 'fail',
        message: pinned ? `${w.name} runs ${w.image}, a fixed reference.` : `${w.name} runs ${w.image} — a floating reference that changes at the next pull.`,
      }),
    );
  }
  return out;
}

const CLOUD_URI = /\b(?:s3|s3a|gs|gcs|az|abfss?|wasbs?):\/\/[^\s'",;)]+/g;

/**
 * Cloud storage URIs in a workload's argv and env, kept for the graph's storage joins: write when
 * the flag names an output or artifact store (`--artifacts-destination`), read otherwise.
 */
function cloudUris(w: WorkloadSpec): { type: 'uri-read' | 'uri-write'; value: string }[] {
  const out: { type: 'uri-read' | 'uri-write'; value: string }[] = [];
  const seen = new Set<string>();
  const take = (text: string, hint: string) => {
    for (const m of text.matchAll(CLOUD_URI)) {
      const type = /artifact|output|dest|export|upload|sink/i.test(hint) ? 'uri-write' : 'uri-read';
      if (seen.has(`${type}${m[0]}`)) continue;
      seen.add(`${type}${m[0]}`);
      // A SAS signature or userinfo password in the URI is masked; bucket and path stay for the join.
      out.push({ type, value: scanUrl(m[0]).url });
    }
  };
  w.args.forEach((a, i) => take(a, `${w.args[i - 1] ?? ''} ${a.split('=')[0]}`));
  for (const [k, v] of w.env) take(v, k);
  return out;
}

/** Merges several emissions into one. */
export function mergeEmitted(parts: readonly Emitted[]): Emitted {
  return {
    assets: parts.flatMap((p) => p.assets),
    relations: parts.flatMap((p) => p.relations),
    findings: parts.flatMap((p) => p.findings),
    observations: parts.flatMap((p) => p.observations),
  };
}
