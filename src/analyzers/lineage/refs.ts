import { assetId, fileAssetId, normaliseRelPath, parseCloudUri, type Asset, type AssetKind, type Properties } from '../../core/index.js';
import { modelAssetId } from '../shared/model-id.js';

/**
 * Turning the names lineage sources use for data and models into asset ids that other analyzers
 * agree on: repo paths use `fileAssetId` (so they merge with the artifacts analyzer's assets),
 * cloud URIs keep the URI as locator under the cloud's provider, Hugging Face ids are lower-cased.
 */

const CLOUD: readonly [RegExp, string][] = [
  [/^s3a?:\/\//i, 'aws'],
  [/^gs:\/\//i, 'gcp'],
  [/^(az|abfss?|wasbs?|adl):\/\//i, 'azure'],
  [/^https:\/\/[^/]+\.blob\.core\.windows\.net\//i, 'azure'],
  [/^hf:\/\//i, 'huggingface'],
  [/^(dbfs|s3n):\/?\//i, 'databricks'],
  [/^https?:\/\//i, 'web'],
];

/** Model-ish file extensions: a DVC out or a logged artifact with one of these is a model file. */
export const MODEL_EXT = /\.(pt|pth|bin|ckpt|pkl|pickle|joblib|onnx|safetensors|gguf|h5|keras|tflite|pb|mlmodel|npz)$/i;
/** Data-ish extensions and folders: a DVC dep with one of these is a dataset. */
const DATA_EXT = /\.(csv|tsv|jsonl|ndjson|json|parquet|arrow|feather|avro|orc|txt|xlsx?|tfrecords?|zip|tar|tgz|gz|zst|npy)$/i;
const DATA_DIR = /(^|\/)(data|datasets?|corpus|corpora|raw|processed|interim|training[-_]data|train|eval|features)(\/|$)/i;
const CODE_EXT = /\.(py|ipynb|r|sh|js|ts|go|java|scala|sql|ya?ml|toml|cfg|ini|lock|md)$/i;
const MODEL_DIR = /(^|\/)(models?|checkpoints?|weights|artifacts)(\/|$)/i;

/** `a/./b/../c` → `a/c`; `undefined` when the path escapes the scan root (the core rule). */
export const normalise = normaliseRelPath;

/** Joins a path written in a file under `baseDir` (a report path) into a report path. */
export function joinRel(baseDir: string, p: string): string | undefined {
  return normalise(baseDir ? `${baseDir}/${p}` : p);
}

export function dirOf(reportPath: string): string {
  const i = reportPath.lastIndexOf('/');
  return i < 0 ? '' : reportPath.slice(0, i);
}

function lastSegment(s: string): string {
  const t = s.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1) || t;
}

export function cloudProvider(ref: string): string | undefined {
  return CLOUD.find(([re]) => re.test(ref))?.[1];
}

export function looksLikeModelPath(p: string): boolean {
  return MODEL_EXT.test(p) || (MODEL_DIR.test(p) && !DATA_EXT.test(p) && !CODE_EXT.test(p));
}

export function looksLikeDataPath(p: string): boolean {
  if (cloudProvider(p)) return true;
  if (CODE_EXT.test(p) && !/\.(json|jsonl)$/i.test(p)) return false;
  return DATA_EXT.test(p) || DATA_DIR.test(p);
}

/** A dataset asset for a path, URI or Hugging Face dataset id, seen in `seenAt` (a report path). */
export function datasetRef(ref: string, baseDir: string, seenAt: string, extra: Properties = {}): Asset | undefined {
  const r = ref.trim();
  if (!r || r.includes('${')) return undefined;
  // Object-store URIs take the graph URI join's canonical form and provider (src/core/cloud-uri.ts),
  // so a lineage dataset is the dataset the graph derives from code reading the same object.
  const cloud = parseCloudUri(r);
  const provider = cloud?.provider ?? cloudProvider(r);
  if (provider) {
    const uri = provider === 'huggingface' ? r.replace(/^hf:\/\/(datasets\/)?/i, '') : r;
    const locator = cloud?.canonical ?? r;
    const id = provider === 'huggingface' ? assetId('dataset', 'huggingface', uri.toLowerCase()) : assetId('dataset', provider, locator);
    return { id, kind: 'dataset', name: provider === 'huggingface' ? uri : locator, provider, type: provider === 'huggingface' ? 'hf-dataset' : 'uri', locations: [{ path: seenAt, uri: locator }], properties: { uri: locator, ...extra } };
  }
  if (r.startsWith('file://')) return datasetRef(r.replace(/^file:\/\//, ''), baseDir, seenAt, extra);
  if (r.startsWith('/')) {
    // An absolute path from another machine (an MLflow run logged on a laptop): keep it, do not guess.
    return { id: assetId('dataset', 'local', r), kind: 'dataset', name: lastSegment(r), provider: 'local', type: 'path', locations: [{ path: seenAt }], properties: { path: r, ...extra } };
  }
  const rel = joinRel(baseDir, r);
  if (rel === undefined) return undefined;
  return fileRef('dataset', rel, seenAt, extra);
}

/** A `dataset` or `model-file` asset for a file inside the scanned tree (id shared with the artifacts analyzer). */
export function fileRef(kind: AssetKind, rel: string, seenAt: string, extra: Properties = {}): Asset {
  const locations = rel === seenAt ? [{ path: rel }] : [{ path: rel }, { path: seenAt }];
  return { id: fileAssetId(kind, rel), kind, name: lastSegment(rel), provider: 'local', locations, properties: { path: rel, ...extra } };
}

/** A Hugging Face dataset id (`org/name` or `name`), as model cards list them. */
export function hfDataset(name: string, seenAt: string): Asset {
  const n = name.trim();
  return { id: assetId('dataset', 'huggingface', n.toLowerCase()), kind: 'dataset', name: n, provider: 'huggingface', type: 'hf-dataset', locations: [{ path: seenAt }], properties: { hfId: n } };
}

/** A Hugging Face model id (`meta-llama/Llama-3.1-8B`): lower-cased, as the Hub is case-insensitive. */
export function hfModel(name: string, seenAt: string, extra: Properties = {}): Asset {
  const n = name.trim();
  return { id: modelAssetId('huggingface', n), kind: 'ai-model', name: n, provider: 'huggingface', type: 'hf-model', locations: [{ path: seenAt }], properties: { hfId: n, ...extra } };
}
